import Foundation
import SaylauApportionment
import SaylauCore
import SaylauDistricting
import SaylauElections
import SaylauGeo
import SaylauReports

/// One reader of user input, fuzzed through its public API: the same function runs under libFuzzer
/// (`Fuzz/build.sh`) and in the seeded mutation tests of CI (`Tests/SaylauFuzzTests`).
///
/// ``run(_:)`` feeds the bytes to the reader and, when they are accepted, to the work that follows reading
/// (the tally, the allocation, the chain, the plan check), then checks the promises every reader makes
/// (``FuzzCheck``). A broken promise traps, so libFuzzer records the input as a crash.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// Protocol CSV through the streaming import (both modes, small windows and record caps).
  case protocolCSV = "protocol-csv"
  /// Protocol JSON through the streaming import.
  case protocolJSON = "protocol-json"
  /// A constituency candidate list.
  case candidateList = "candidate-list"
  /// `name,population[,minimum][,target]`, then every allocation method and a reproducing-range scan.
  case apportionmentInput = "apportionment-input"
  /// NetworkX adjacency JSON, then weights, a plan check and a few ReCom steps from the `CD` column.
  case networkXJSON = "networkx-json"
  /// GeoJSON polygons, rook adjacency with a tolerance, then a plan check from the `CD` property.
  case geoJSON = "geojson"
  /// A plan CSV, checked on a small grid graph.
  case planCSV = "plan-csv"
  /// A values table for a map (`number,value`).
  case valuesCSV = "values-csv"
  /// Any JSON through the syntax checker the graph readers use.
  case jsonSyntax = "json-syntax"
  /// An election definition, or a count request carrying one: read, checked against the bundled
  /// regimes, written back (it must read back the same) and counted.
  case electionDefinition = "election-definition"

  /// Runs one input. Never throws: refusals are the expected outcome of most inputs.
  public func run(_ bytes: [UInt8]) {
    switch self {
    case .protocolCSV: FuzzProtocols.run(bytes, format: .csv)
    case .protocolJSON: FuzzProtocols.run(bytes, format: .json)
    case .candidateList: FuzzTables.candidates(bytes)
    case .apportionmentInput: FuzzTables.apportionment(bytes)
    case .networkXJSON: FuzzGraphs.networkX(bytes)
    case .geoJSON: FuzzGraphs.geoJSON(bytes)
    case .planCSV: FuzzGraphs.plan(bytes)
    case .valuesCSV: FuzzTables.values(bytes)
    case .jsonSyntax: _ = JSONSyntaxError.find(in: bytes)
    case .electionDefinition: FuzzDefinitions.run(bytes)
    }
  }

  /// The inputs mutation starts from.
  public var seeds: [[UInt8]] { FuzzSeeds.seeds(for: self) }

  /// Tokens a structure-aware mutation inserts (field values that are known to be edges).
  public var dictionary: [[UInt8]] { FuzzSeeds.dictionary(for: self) }
}

/// The promises every reader keeps, checked on each refusal: a message quotes input only as a short excerpt
/// and never carries a control character.
public enum FuzzCheck {
  /// The longest message a refusal may print.
  public static let maximumMessageCharacters = 2000

  public static func message(
    _ text: String, _ what: @autoclosure () -> String, maximum: Int = maximumMessageCharacters
  ) {
    let n = text.unicodeScalars.count
    if n > maximum {
      fatalError("\(what()): a message of \(n) characters: \(text.prefix(200))…")
    }
    if let bad = text.unicodeScalars.first(where: Excerpt.needsEscape) {
      fatalError("\(what()): a control character U+\(String(bad.value, radix: 16)) in a message")
    }
  }

  public static func error(_ error: any Error, _ what: @autoclosure () -> String) {
    message("\(error)", what())
  }
}
