import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData
import SaylauReports

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

  func run() throws {
    var data = try readInput()
    if let minimum {
      for i in data.contenders.indices { data.contenders[i].minimumSeats = minimum }
    }
    guard let seatCount = seats ?? data.target?.reduce(0, &+) else {  // the reader bounds the sum
      throw UserError("give --seats N (the input has no target column)")
    }
    let study: ApportionmentStudy
    if let vary {
      guard let range else { throw UserError("--vary needs --range LO-HI, e.g. 100000-400000") }
      do {
        study = try ApportionmentStudy.scan(
          data, seats: seatCount, varying: vary, over: range.values, methods: method.methods)
      } catch {
        var hint = ""
        if case .scan(_, let e) = error, e.isTooManyEvaluations { hint = " (narrow --range)" }
        if case .noSuchContender = error { hint = " (--vary)" }
        throw UserError(error.description + hint)
      }
    } else {
      do {
        study = try ApportionmentStudy.compare(data, seats: seatCount, methods: method.methods)
      } catch { throw UserError(error.description) }
    }
    if output.json { return try printJSON(study) }
    print(ApportionmentPage.document(study, input: data).text())
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
    let bytes = try UserError.wrap { try InputFile.read(input, limit: CSVTable.maximumFileBytes) }
    do {
      return try ApportionmentInput.read(bytes: bytes, source: input, allowingBlankFor: vary)
    } catch {
      throw UserError(error.description)
    }
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
