import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauDistricting

/// `--graph`: the bundled Kazakhstan units or a file (NetworkX JSON, or GeoJSON with adjacency computed).
enum GraphArgument: ExpressibleByArgument, CustomStringConvertible {
  case kazakhstan
  case file(String)

  init(_ name: String) {
    self = name == KazakhstanPlanChecker.graphName ? .kazakhstan : .file(name)
  }

  init?(argument: String) { self.init(argument) }

  var description: String {
    switch self {
    case .kazakhstan: return KazakhstanPlanChecker.graphName
    case .file(let path): return path
    }
  }

  var defaultValueDescription: String { description }

  /// The files this argument reads (none for the bundled graph): outputs must never replace them.
  var files: [String] {
    if case .file(let path) = self { return [path] }
    return []
  }

  /// The graph with its shapes where the source has them, and the Kazakhstan graph when it is that one.
  func load(idProperty: String? = nil, toleranceMetres: Double = 0) throws -> (
    map: GeographicGraph, kazakhstan: KazakhstanGraph?
  ) {
    switch self {
    case .kazakhstan:
      do {
        let kz = try BundledData.kazakhstanGraph()
        return (kz.map, kz)
      } catch { throw UserError("bundled graph: \(error)") }
    case .file(let path):
      do {
        return (
          try GraphFile.read(path, idProperty: idProperty, toleranceMetres: toleranceMetres), nil
        )
      } catch { throw UserError(error.description) }
    }
  }
}

extension PairSelection: ExpressibleByArgument {}
extension MissingPolygonPolicy: ExpressibleByArgument {}

/// `--epsilon`: a population tolerance, a decimal in [0, 1), kept as written.
struct Epsilon: ExpressibleByArgument {
  var text: String
  init?(argument: String) {
    guard Tolerance(argument) != nil else { return nil }
    text = argument
  }
  var defaultValueDescription: String { text }
}

/// The output formats of `graph convert`.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
  case networkx, geojson, csv
}

/// The errors of an ensemble in the words of the command line (its options).
func userError(_ e: EnsembleError, graph: String? = nil) -> UserError {
  switch e {
  case .alreadyExists(let d):
    return UserError("\(d): already holds an ensemble; use --resume or another --out")
  case .settingsDiffer(let d):
    return UserError("\(d): was made with other settings; resume needs the same ones")
  case .invalidSetting("region", _, _):
    return UserError("--region needs --initial (a nested starting plan)")
  case .invalidSetting(let field, let value, let reason):
    let flag =
      ["checkpointEvery": "checkpoint-every", "splitColumn": "split-column"][field] ?? field
    return UserError("--\(flag) \(value): \(reason)")
  case .graph(let g):
    if case .missingWeights = g {
      return UserError(
        "\(graph ?? "graph"): \(g.description); name another column with --weight, or fill the data"
      )
    }
    return UserError(g.description)
  default: return UserError(e.description)
  }
}
