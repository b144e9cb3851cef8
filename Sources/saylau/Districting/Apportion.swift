import ArgumentParser
import Foundation
import SaylauApportionment
import SaylauCore
import SaylauData
import SaylauDistricting
import SaylauRegistry

/// `saylau apportion`: seats among units by a proportional method.
struct Apportion: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Apportion seats among units (regions) by population, with minimums and exact arithmetic.",
    discussion: """
      Input CSV columns: name,population[,minimum][,target]. Blank populations are an error.
      --kazakhstan-2023 uses the bundled regions (1 Jan 2023 population, minimum 1, target = the
      2023 seats); Ulytau's population is not known, so combine it with --vary Ulytau --range LO-HI to
      find the values of Ulytau's population for which each method reproduces the target.
      """)

  @Option(help: "Number of seats.") var seats: Int?
  @Option(help: "CSV file with name,population[,minimum][,target].") var input: String?
  @Flag(
    name: .customLong("kazakhstan-2023"),
    help: "Use the bundled 20 regions with the 2023 seat counts as the target.")
  var kazakhstan2023 = false
  @Option(
    help: "hamilton, jefferson, webster, huntington-hill, adams, dean, or all.")
  var method: String = "all"
  @Option(help: "Override every unit's minimum (e.g. 0 to drop the one-seat floor).") var minimum:
    Int?
  @Option(help: "Name of a unit whose population is scanned over --range.") var vary: String?
  @Option(help: "Inclusive integer range LO-HI for --vary.") var range: String?
  @OptionGroup var output: OutputOptions

  struct MethodResult: Codable {
    var method: String
    var allocation: [String: Int]
    var tie: ApportionmentTie?
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
    var units: [ApportionmentUnit] = []
    var target: [Int]? = nil
    var source = ""
    var blank: Set<String> = []
    if kazakhstan2023 {
      source = "bundled regions.csv (population at 1 Jan 2023; Turkistan 1 Jun 2023)"
      let table = try CSVTable(
        text: try (BundledData.text("regions.csv")), source: "regions.csv")
      let code = try table.column("code")
      let pop = try table.column("population")
      let seatColumn = try table.column("smd_seats_2023")
      var t: [Int] = []
      for r in table.rows.indices {
        let name = table.rows[r].fields[code]
        let p = try table.integer(row: r, column: pop)
        if p == nil { blank.insert(name) }
        units.append(ApportionmentUnit(name: name, population: p ?? 0, minimum: 1))
        t.append(try table.integer(row: r, column: seatColumn) ?? 0)
      }
      target = t
    } else {
      guard let input else { throw UserError("give --input FILE.csv or --kazakhstan-2023") }
      source = input
      let text: String
      do { text = try String(contentsOfFile: input, encoding: .utf8) } catch {
        throw UserError("\(input): cannot read (\(error.localizedDescription))")
      }
      do {
        let table = try CSVTable(text: text, source: input)
        if let tc = table.header.firstIndex(of: "target") {
          target = try table.rows.indices.map { r in
            guard let v = try table.integer(row: r, column: tc) else {
              throw CSVError(
                source: input, line: table.rows[r].line, field: "target", message: "blank")
            }
            return v
          }
        }
        if let vary {
          // Allow the varied unit's population to be blank.
          let nc = try table.column("name")
          let pc = try table.column("population")
          let mc = table.header.firstIndex(of: "minimum")
          for r in table.rows.indices {
            let n = table.rows[r].fields[nc].trimmingCharacters(in: .whitespaces)
            let p = try table.integer(row: r, column: pc)
            if p == nil && n != vary {
              throw CSVError(
                source: input, line: table.rows[r].line, field: "population", message: "blank")
            }
            let m = try mc.flatMap { try table.integer(row: r, column: $0) } ?? 0
            units.append(ApportionmentUnit(name: n, population: p ?? 0, minimum: m))
          }
        } else {
          units = try ApportionmentUnit.read(csv: text, source: input)
        }
      } catch let e as CSVError { throw UserError(e.description) }
    }
    if let minimum {
      for i in units.indices { units[i].minimum = minimum }
    }
    let seatCount = seats ?? target?.reduce(0, +) ?? 0
    guard seats != nil || target != nil else { throw UserError("give --seats N") }
    let methods: [ApportionmentMethod]
    if method == "all" {
      methods = ApportionmentMethod.allCases
    } else {
      guard let m = ApportionmentMethod(rawValue: method) else {
        throw UserError(
          "--method: '\(method)' is not one of \(ApportionmentMethod.allCases.map(\.rawValue).joined(separator: ", ")), all"
        )
      }
      methods = [m]
    }
    var results: [MethodResult] = []
    var scanned: [Int]? = nil
    if let vary {
      guard let index = units.firstIndex(where: { $0.name == vary }) else {
        throw UserError("--vary: no unit named '\(vary)'")
      }
      guard let target else {
        throw UserError("--vary needs a target allocation (a 'target' column)")
      }
      guard let range, let r = parseRange(range) else {
        throw UserError("--range: give LO-HI, e.g. 100000-400000")
      }
      scanned = [r.lowerBound, r.upperBound]
      for m in methods {
        let rr: ReproducingRange
        do {
          rr = try reproducingRange(
            seats: seatCount, units: units, varying: index, over: r, target: target, method: m)
        } catch let e as ApportionmentError { throw UserError(e.description) }
        results.append(
          MethodResult(
            method: m.rawValue, allocation: [:], tie: nil, matchesTarget: nil,
            reproducingIntervals: rr.intervals.map { [$0.lowerBound, $0.upperBound] }))
      }
    } else {
      if let b = blank.first {
        throw UserError(
          "regions.csv: field 'population': blank for '\(b)'; use --vary \(b) --range LO-HI")
      }
      for m in methods {
        let a: Apportionment
        do { a = try apportion(seats: seatCount, units: units, method: m) } catch let e
          as ApportionmentError
        {
          throw UserError(e.description)
        }
        results.append(
          MethodResult(
            method: m.rawValue,
            allocation: Dictionary(uniqueKeysWithValues: zip(a.names, a.allocation)),
            tie: a.tie, matchesTarget: target.map { $0 == a.allocation && a.tie == nil },
            reproducingIntervals: nil))
      }
    }
    let report = Report(
      seats: seatCount, source: source, varied: vary, scannedRange: scanned, results: results)
    if output.json { return try printJSON(report) }
    print("Apportionment of \(seatCount) seats (\(source))")
    if let vary, let scanned {
      print(
        "Population of \(vary) scanned over \(scanned[0])–\(scanned[1]); values reproducing the target:"
      )
      for r in results {
        let iv = r.reproducingIntervals ?? []
        print(
          "  \(r.method.padding(toLength: 16, withPad: " ", startingAt: 0)) "
            + (iv.isEmpty ? "none" : iv.map { "\($0[0])–\($0[1])" }.joined(separator: ", ")))
      }
      return
    }
    let names = units.map(\.name)
    let width = max(8, names.map(\.count).max() ?? 8)
    var head = "unit".padding(toLength: width, withPad: " ", startingAt: 0) + "  population"
    if target != nil { head += "  target" }
    for r in results {
      head += "  " + r.method.prefix(9).padding(toLength: 9, withPad: " ", startingAt: 0)
    }
    print(head)
    for (i, u) in units.enumerated() {
      var line = u.name.padding(toLength: width, withPad: " ", startingAt: 0)
      line += String(String(u.population).reversed()).padding(
        toLength: 12, withPad: " ", startingAt: 0
      )
      .reversed()
      if let target {
        line += String(String(target[i]).reversed()).padding(
          toLength: 8, withPad: " ", startingAt: 0
        ).reversed()
      }
      for r in results {
        line +=
          "  " + String(r.allocation[u.name] ?? 0).padding(toLength: 9, withPad: " ", startingAt: 0)
      }
      print(line)
    }
    for r in results {
      if let t = r.tie {
        print(
          "TIE (\(r.method)): \(t.units.joined(separator: ", ")) tie for the last \(t.seats) seat(s); left open"
        )
      }
      if let m = r.matchesTarget {
        print("\(r.method): \(m ? "reproduces" : "does not reproduce") the target")
      }
    }
  }

  private func parseRange(_ s: String) -> ClosedRange<Int>? {
    let parts = s.split(separator: "-", maxSplits: 1).map(String.init)
    guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo <= hi, lo >= 0 else {
      return nil
    }
    return lo...hi
  }
}
