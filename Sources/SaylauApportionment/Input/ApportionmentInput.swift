import SaylauCore

/// The input of an apportionment study: contenders (units with populations and minimums), an optional
/// target allocation to compare with, and at most one unit whose population is not known.
public struct ApportionmentInput: Sendable, Hashable {
  /// Where the input came from, in the user's words (a file name, a bundled table).
  public var source: String
  public var contenders: [Contender]
  /// An allocation to compare with (for example the published one), in contender order.
  public var target: [Int]?
  /// The contender whose population is blank, if one was allowed to be; its weight here is 0 and it must be
  /// scanned (``reproducingRange(seats:contenders:varying:over:target:method:ties:minimums:)``) rather than
  /// apportioned.
  public var unknownWeight: Int?

  public init(
    source: String, contenders: [Contender], target: [Int]? = nil, unknownWeight: Int? = nil
  ) {
    self.source = source
    self.contenders = contenders
    self.target = target
    self.unknownWeight = unknownWeight
  }

  /// Reads `name,population[,minimum][,target]` rows.
  ///
  /// A blank or missing population is an error (never 0), except for the unit named `blankAllowed`, whose
  /// population is the unknown of a scan.
  /// - Parameters:
  ///   - text: the CSV text.
  ///   - source: the file's name for errors.
  ///   - blankAllowed: the unit whose population may be blank.
  /// - Throws: `CSVError` naming the file, the line and the field.
  public static func read(
    csv text: String, source: String, allowingBlankFor blankAllowed: String? = nil
  )
    throws(CSVError) -> ApportionmentInput
  {
    try read(bytes: Array(text.utf8), source: source, allowingBlankFor: blankAllowed)
  }

  /// Reads `name,population[,minimum][,target]` rows from UTF-8 bytes (see
  /// ``read(csv:source:allowingBlankFor:)``); bytes that are not UTF-8 are an error at their line and field,
  /// and so is a file with only its header, or targets that add up beyond a 64-bit count.
  public static func read(
    bytes: [UInt8], source: String, allowingBlankFor blankAllowed: String? = nil
  )
    throws(CSVError) -> ApportionmentInput
  {
    do {
      let table = try CSVTable(
        bytes: bytes, source: source, limits: CSVTable.Limits(requiresRows: true))
      let name = try table.column("name")
      let population = try table.column("population")
      let minimum = table.header.firstIndex(of: "minimum")
      let targetColumn = table.header.firstIndex(of: "target")
      var input = ApportionmentInput(source: source, contenders: [])
      var target: [Int] = []
      var targetTotal = 0
      var seen: Set<String> = []
      for r in table.rows.indices {
        let line = table.rows[r].line
        let n = table.rows[r].fields[name].trimmingSpaces
        if n.isEmpty { throw CSVError(source: source, line: line, field: "name", message: "blank") }
        if !seen.insert(n).inserted {
          throw CSVError(
            source: source, line: line, field: "name",
            message: "'\(Excerpt.excerpt(n))' appears twice")
        }
        var weight = try table.integer(row: r, column: population)
        if weight == nil && n == blankAllowed {
          input.unknownWeight = input.contenders.count
          weight = 0
        }
        guard let p = weight else {
          throw CSVError(
            source: source, line: line, field: "population",
            message:
              "blank for '\(Excerpt.excerpt(n))' (a missing population cannot be apportioned; supply a figure)"
          )
        }
        if p < 0 {
          throw CSVError(source: source, line: line, field: "population", message: "negative")
        }
        let m = try minimum.flatMap { try table.integer(row: r, column: $0) } ?? 0
        if m < 0 {
          throw CSVError(source: source, line: line, field: "minimum", message: "negative")
        }
        if let targetColumn {
          guard let t = try table.integer(row: r, column: targetColumn) else {
            throw CSVError(source: source, line: line, field: "target", message: "blank")
          }
          if t < 0 {
            throw CSVError(source: source, line: line, field: "target", message: "negative")
          }
          let (sum, overflow) = targetTotal.addingReportingOverflow(t)
          if overflow {
            throw CSVError(
              source: source, line: line, field: "target",
              message: "the targets add up to more than \(Int.max)")
          }
          targetTotal = sum
          target.append(t)
        }
        input.contenders.append(Contender(name: n, weight: p, minimumSeats: m))
      }
      if targetColumn != nil { input.target = target }
      return input
    } catch let error as CSVError {
      throw error
    } catch {
      throw CSVError(source: source, line: nil, field: nil, message: "\(error)")
    }
  }
}
