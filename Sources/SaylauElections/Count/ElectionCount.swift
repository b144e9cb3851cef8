/// The count of an election from its polling-station protocols, as one pipeline: import (every check of
/// ``ProtocolCheck`` and the cross-record rules of ``ProtocolImport``) → tabulation per constituency, region
/// and nation → the constituency decisions → the list seats → the chamber's composition.
///
/// Nothing in it knows a country, a year or a number of constituencies: the schema, the regime, the what-if
/// choices and the constituency→region map are its inputs.
public struct ElectionCount: Sendable {
  /// The election's parties, constituencies and registered candidates.
  public var schema: ProtocolSchema
  public var regime: Regime
  /// The list-seat decision: the regime's law, or a what-if (another method, threshold or seat count).
  public var listDecision: ListSeatDecision
  /// The options of the constituency decisions ("against all" leading, the majority base).
  public var options: ElectionOptions
  /// Region code of each constituency number, for the region totals; empty for none.
  public var regionOf: [Int: String]
  /// How the protocols are read (threads, window, limits).
  public var importSettings: ProtocolImport

  public init(
    schema: ProtocolSchema, regime: Regime, listDecision: ListSeatDecision? = nil,
    options: ElectionOptions? = nil, regionOf: [Int: String] = [:]
  ) {
    self.schema = schema
    self.regime = regime
    self.listDecision = listDecision ?? ListSeatDecision(regime: regime)
    self.options = options ?? listDecision?.options ?? ElectionOptions()
    self.regionOf = regionOf
    self.importSettings = ProtocolImport(schema: schema)
  }

  /// Everything the count found.
  public struct Result: Sendable {
    public var imported: ProtocolImport.Accepted
    public var tabulation: Tabulation
    /// `nil` when the regime has no list seats, there were no list protocols, or decisions were not asked.
    public var list: ListSeatResult?
    /// One result per constituency with constituency-ballot protocols, by number.
    public var constituencies: [ConstituencyResult]
    /// `nil` when decisions were not asked.
    public var composition: ChamberComposition?
    /// What a reader of the result must know: synthetic data, missing protocols, unknown nominations, and the
    /// notes of the list-seat decision.
    public var notes: [String]
    public var synthetic: Bool
  }

  /// Why a count could not be made.
  public enum Failure: Error, Sendable, CustomStringConvertible {
    /// The protocols were refused (every issue is inside).
    case refused(ProtocolImport.Refused)
    /// A total does not fit in a 64-bit count.
    case tabulation(TabulationError)
    /// The list seats cannot be decided (no formula or threshold for the regime, an unresolved tie, …).
    case listSeats(ListSeatError)
    case unexpected(String)

    public var description: String {
      switch self {
      case .refused(let r): return r.description
      case .tabulation(let e): return e.description
      case .listSeats(let e): return e.description
      case .unexpected(let m): return m
      }
    }
  }

  /// Imports `sources` and counts them.
  /// - Parameters:
  ///   - sources: the protocol files.
  ///   - acceptValid: count the valid protocols when some are rejected (they are in the result).
  ///   - decide: also decide the seats (otherwise only the import and the totals).
  /// - Throws: ``Failure``.
  public func run(_ sources: [ProtocolSource], acceptValid: Bool = false, decide: Bool = true)
    throws(Failure) -> Result
  {
    var importer = importSettings
    importer.schema = schema
    let imported: ProtocolImport.Accepted
    do {
      imported = try importer.run(sources, acceptValid: acceptValid)
    } catch {
      throw .refused(error)
    }
    return try count(imported, decide: decide)
  }

  /// Counts an import that was already accepted.
  /// - Throws: ``Failure`` (never `refused`).
  public func count(_ imported: ProtocolImport.Accepted, decide: Bool = true) throws(Failure)
    -> Result
  {
    let synthetic = schema.synthetic || imported.synthetic
    let tabulation: Tabulation
    do {
      tabulation = try Tabulation(
        parties: schema.parties, constituencies: imported.constituencies, regionOf: regionOf,
        synthetic: synthetic)
    } catch {
      throw .tabulation(error)
    }
    var notes: [String] = []
    if synthetic { notes.append("SYNTHETIC data: generated protocols, not real results.") }
    if regime.constituencySeats > 0 && regionOf.isEmpty {
      notes.append("No constituency→region map for this election: no region totals.")
    }
    guard decide else {
      return Result(
        imported: imported, tabulation: tabulation, list: nil, constituencies: [],
        composition: nil, notes: notes, synthetic: synthetic)
    }
    let list = try decideList(tabulation)
    notes += list?.notes ?? []
    var results: [ConstituencyResult] = []
    if let rule = regime.constituencyRule, let tallies = tabulation.constituencies[.constituency] {
      let decision = ConstituencyDecision(
        rule: rule, options: options, withdrawalExtensionMonths: regime.withdrawalExtensionMonths)
      for n in tallies.keys.sorted() {
        results.append(
          decision.decide(
            constituency: n, tally: tallies[n]!,
            candidates: schema.candidates.map { $0[n] ?? [] }))
      }
      let missing = (1...max(1, regime.constituencySeats)).filter { tallies[$0] == nil }
      if regime.constituencySeats > 0 && !missing.isEmpty {
        notes.append(
          "No constituency-ballot protocols for constituencies \(missing.map(String.init).joined(separator: ", "))."
        )
      }
      if schema.candidates == nil {
        notes.append(
          "No candidate list given: winners' nominations unknown, counted as independents.")
      }
    }
    let composition =
      regime.constituencyRule == nil
      ? ChamberComposition(regime: regime, list: list, constituencies: nil, notes: notes)
      : ChamberComposition(regime: regime, list: list, counted: results, notes: notes)
    return Result(
      imported: imported, tabulation: tabulation, list: list, constituencies: results,
      composition: composition, notes: notes, synthetic: synthetic)
  }

  /// The list seats of the national list vote of `tabulation` (the regime's decision or the what-if);
  /// `nil` when the regime has no list seats or there is no list protocol.
  func decideList(_ tabulation: Tabulation) throws(Failure) -> ListSeatResult? {
    guard regime.listSeats > 0, let vote = tabulation.nationalListVote else { return nil }
    do {
      return try listDecision.decide(vote)
    } catch let e as ListSeatError {
      throw .listSeats(e)
    } catch {
      throw .unexpected("\(error)")
    }
  }

  /// The list seats so far, from protocols already accepted (election night): the list protocols tallied
  /// per constituency as the import tallies them (``BallotTally``), rolled up by ``Tabulation`` and decided by
  /// the same decision as ``count(_:decide:)``. With all the protocols in, it is the final count's; before,
  /// it is preliminary, and every face says so.
  /// - Parameter protocols: accepted protocols (those of the constituency ballot are left out).
  /// - Returns: the tabulation of the list protocols (per constituency, region and nation) and the list
  ///   seats (`nil` when the regime has none or no list protocol is in).
  /// - Throws: ``Failure`` (`tabulation` on an overflow, `listSeats` when the decision cannot be made).
  public func listSeats(of protocols: [PollingStationProtocol]) throws(Failure) -> (
    tabulation: Tabulation, list: ListSeatResult?
  ) {
    var tallies: [Int: BallotTally] = [:]
    for p in protocols where p.ballot == .list {
      let n = p.constituency ?? 0
      var t = tallies[n] ?? BallotTally(ballot: .list, choices: schema.parties.count)
      if let field = t.add(p) {
        throw .tabulation(TabulationError(field: field, area: "constituency \(n)"))
      }
      tallies[n] = t
    }
    let tabulation: Tabulation
    do {
      tabulation = try Tabulation(
        parties: schema.parties, constituencies: tallies.isEmpty ? [:] : [.list: tallies],
        regionOf: regionOf, synthetic: schema.synthetic || protocols.contains(where: \.synthetic))
    } catch {
      throw .tabulation(error)
    }
    return (tabulation, try decideList(tabulation))
  }
}
