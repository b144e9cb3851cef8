import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData

/// `saylau apportion`: seats among units by a proportional method.
struct Apportion: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Apportion seats among units (regions) by population, with minimums and exact arithmetic.",
    discussion: """
      Input CSV columns: name,population[,minimum][,target]. Blank populations are an error. \
      --kazakhstan uses the bundled regions (their populations, a minimum of 1 each, and as the target \
      the seats each region has in a constituency scheme: --scheme, default the latest). Ulytau's \
      population is not known, so combine it with --vary ulytau --range LO-HI to find the values of \
      Ulytau's population for which each method reproduces the target. Ties for the last seats are \
      reported and the seats left open; Hamilton pins a unit whose quota is below its minimum.
      """)

  @Option(help: "Number of seats (default: the target's total).") var seats: Int?
  @Option(help: "CSV file with name,population[,minimum][,target].") var input: String?
  @Flag(help: "Use the bundled regions with a constituency scheme's seats as the target.")
  var kazakhstan = false
  @Option(
    help:
      "With --kazakhstan: the constituency scheme whose seats are the target (default: the latest)."
  )
  var scheme: String?
  @Option(help: "Methods, separated by commas, or all.")
  var method: MethodChoice = .all
  @Option(help: "Override every unit's minimum (e.g. 0 to drop the one-seat floor).") var minimum:
    Int?
  @Option(help: "Name of a unit whose population is scanned over --range.") var vary: String?
  @Option(help: "Inclusive integer range LO-HI for --vary.") var range: WeightRange?
  @OptionGroup var output: OutputOptions

  struct MethodResult: Codable {
    struct OpenTie: Codable {
      var units: [String]
      var seats: Int
    }
    var method: String
    var allocation: [String: Int]
    var tie: OpenTie?
    var matchesTarget: Bool?
    var reproducingIntervals: [[Int]]?
  }

  struct Report: Codable {
    var seats: Int
    var source: String
    var varied: String?
    var scannedRange: [Int]?
    var results: [MethodResult]
  }

  func run() throws {
    var data = try readInput()
    if let minimum {
      for i in data.contenders.indices { data.contenders[i].minimumSeats = minimum }
    }
    // The input's targets add up within a 64-bit count (the reader checks it).
    guard let seatCount = seats ?? data.target?.reduce(0, &+) else {
      throw UserError("give --seats N (the input has no target column)")
    }
    var report = Report(seats: seatCount, source: data.source, varied: vary, results: [])
    if let vary {
      guard let index = data.contenders.firstIndex(where: { $0.name == vary }) else {
        throw UserError("--vary: no unit named '\(vary)'")
      }
      guard let target = data.target else {
        throw UserError("--vary needs a target allocation (a 'target' column, or --kazakhstan)")
      }
      guard let range else { throw UserError("--vary needs --range LO-HI, e.g. 100000-400000") }
      report.scannedRange = [range.values.lowerBound, range.values.upperBound]
      for m in method.methods {
        let found: ReproducingRange
        do {
          found = try reproducingRange(
            seats: seatCount, contenders: data.contenders, varying: index, over: range.values,
            target: target, method: m, ties: .leaveOpen, minimums: .pinByQuota)
        } catch {
          let hint = error.isTooManyEvaluations ? " (narrow --range)" : ""
          throw UserError("\(m.apportionmentName): \(error.description)\(hint)")
        }
        report.results.append(
          MethodResult(
            method: m.apportionmentName, allocation: [:],
            reproducingIntervals: found.intervals.map { [$0.lowerBound, $0.upperBound] }))
      }
    } else {
      for m in method.methods {
        let a: Allocation
        do {
          a = try m.allocate(
            seatCount, among: data.contenders, ties: .leaveOpen, minimums: .pinByQuota)
        } catch { throw UserError(error.description) }
        report.results.append(
          MethodResult(
            method: m.apportionmentName,
            allocation: Dictionary(uniqueKeysWithValues: zip(a.contenders.map(\.name), a.seats)),
            tie: a.openTie.map { MethodResult.OpenTie(units: $0.contenders, seats: $0.seats) },
            matchesTarget: data.target.map { $0 == a.seats && a.openTie == nil }))
      }
    }
    if output.json { return try printJSON(report) }
    print(render(report, data))
  }

  /// The input: the bundled regions or a CSV file, the varied unit's population allowed to be blank.
  private func readInput() throws -> ApportionmentInput {
    if kazakhstan {
      do {
        return try ApportionmentInputs.regions(
          of: try BundledData.registry(), scheme: scheme, allowingBlankFor: vary)
      } catch let e as ApportionmentInputError {
        if case .blankPopulation(let region) = e {
          throw UserError("\(e.description); use --vary \(region) --range LO-HI")
        }
        throw UserError(e.description)
      }
    }
    guard let input else { throw UserError("give --input FILE.csv or --kazakhstan") }
    let bytes = try readTableFile(input)
    do {
      return try ApportionmentInput.read(bytes: bytes, source: input, allowingBlankFor: vary)
    } catch {
      throw UserError(error.description)
    }
  }

  private func render(_ report: Report, _ data: ApportionmentInput) -> String {
    var lines = ["Apportionment of \(report.seats) seats (\(report.source))"]
    if let vary, let scanned = report.scannedRange {
      lines.append(
        "Population of \(vary) scanned over \(scanned[0])–\(scanned[1]); values reproducing the target:"
      )
      for r in report.results {
        let iv = r.reproducingIntervals ?? []
        lines.append(
          "  \(r.method.padding(toLength: 21, withPad: " ", startingAt: 0)) "
            + (iv.isEmpty ? "none" : iv.map { "\($0[0])–\($0[1])" }.joined(separator: ", ")))
      }
      return lines.joined(separator: "\n")
    }
    var header = ["unit", "population"] + (data.target == nil ? [] : ["target"])
    header += report.results.map(\.method)
    var table = TextTable(header, numeric: Set(1..<header.count))
    for (i, u) in data.contenders.enumerated() {
      var row = [u.name, String(u.weight)] + (data.target.map { [String($0[i])] } ?? [])
      row += report.results.map { String($0.allocation[u.name] ?? 0) }
      table.add(row)
    }
    lines.append(table.render())
    for r in report.results {
      if let t = r.tie {
        lines.append(
          "TIE (\(r.method)): \(t.units.joined(separator: ", ")) tie for the last \(t.seats) seat(s); left open"
        )
      }
      if let m = r.matchesTarget {
        lines.append("\(r.method): \(m ? "reproduces" : "does not reproduce") the target")
      }
    }
    return lines.joined(separator: "\n")
  }
}

/// `--method`: one allocation method (by any of its names) or all of them.
struct MethodChoice: ExpressibleByArgument {
  var methods: [AllocationMethod]
  static let all = MethodChoice(methods: AllocationMethod.allCases)

  init(methods: [AllocationMethod]) { self.methods = methods }

  /// `all`, one name, or names separated by commas (`hamilton,webster`).
  init?(argument: String) {
    if argument == "all" {
      self = .all
      return
    }
    var methods: [AllocationMethod] = []
    for name in argument.split(separator: ",") {
      guard let m = AllocationMethod(name: String(name)) else { return nil }
      methods.append(m)
    }
    guard !methods.isEmpty else { return nil }
    self.methods = methods
  }

  static var allValueStrings: [String] {
    ["all"] + AllocationMethod.allCases.map(\.apportionmentName)
  }
  var defaultValueDescription: String {
    methods == AllocationMethod.allCases
      ? "all" : methods.map(\.apportionmentName).joined(separator: ",")
  }
}

/// `--range LO-HI`: an inclusive range of non-negative integers.
struct WeightRange: ExpressibleByArgument {
  var values: ClosedRange<Int>

  init?(argument: String) {
    let parts = argument.split(separator: "-", maxSplits: 1).map(String.init)
    guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), 0 <= lo, lo <= hi else {
      return nil
    }
    values = lo...hi
  }
}

extension ReproducingRangeError {
  var isTooManyEvaluations: Bool {
    if case .tooManyEvaluations = self { return true }
    return false
  }
}
