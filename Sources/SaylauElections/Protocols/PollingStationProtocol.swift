/// The protocol of one ballot type at one polling station (precinct): every line of rules.md A2.
///
/// This is the one model of a protocol: the CSV and JSON readers produce it, ``ProtocolCheck`` checks it, the
/// import sums it and the store keeps it. Lines the law requires are optional here too, so that a file or a
/// form with a blank can be represented; the check, not the reader, says "blank count (this protocol line is
/// required)". A blank stays `nil` (not known), never 0.
public struct PollingStationProtocol: Sendable, Hashable, Codable {
  /// The precinct (polling station) id; unique per ballot type.
  public var precinct: String
  /// The constituency number; `nil` when blank, and always `nil` where the election has no constituencies
  /// (one national list district).
  public var constituency: Int?
  public var ballot: BallotType
  /// `E`: voters on the precinct's lists (required).
  public var votersOnList: Int?
  /// Ballots the precinct commission received (an optional line: blank stays blank).
  public var ballotsReceived: Int?
  /// `I`: voters who received ballots, the turnout numerator (required).
  public var ballotsIssued: Int?
  /// Ballots found in the boxes (required).
  public var ballotsInBox: Int?
  /// `INV`: invalid ballots (required).
  public var invalid: Int?
  /// Unused or cancelled ballots (optional line).
  public var unused: Int?
  /// `AA`: votes "against all" (optional line; blank when the ballot has no such line).
  public var againstAll: Int?
  /// Voters who voted here with an absentee certificate (optional line; they are among ``votersOnList``).
  public var absenteeVoters: Int?
  /// Ballots issued for voting at home, outside the station, into a portable box (optional line; among
  /// ``ballotsIssued``).
  public var ballotsIssuedAtHome: Int?
  /// Ballots found in the portable boxes (optional line; among ``ballotsInBox``).
  public var ballotsInPortableBoxes: Int?
  /// Ballots of unofficial ("unestablished") form found in the boxes: set aside, not counted as invalid
  /// (optional line; A2.2: valid + invalid + unofficial = in box).
  public var unofficialForm: Int?
  /// Spoiled ballots exchanged for new ones and cancelled (optional line; A2.3).
  public var spoiled: Int?
  /// Ballots lost (optional line; A2.3).
  public var lost: Int?
  /// The voting round: `nil` or 1 for the first (or only) round, 2 for a runoff.
  public var round: Int?
  /// Votes per choice. List ballot: one per registered party, in the schema's (registration) order.
  /// Constituency ballot: positions 1…n (`votes[k]` is the candidate at position k + 1).
  public var votes: [Int?]
  /// Generated data: every output that uses it must say SYNTHETIC.
  public var synthetic: Bool

  public init(
    precinct: String, constituency: Int?, ballot: BallotType, votersOnList: Int? = nil,
    ballotsReceived: Int? = nil, ballotsIssued: Int? = nil, ballotsInBox: Int? = nil,
    invalid: Int? = nil, unused: Int? = nil, againstAll: Int? = nil, votes: [Int?] = [],
    synthetic: Bool = false, absenteeVoters: Int? = nil, ballotsIssuedAtHome: Int? = nil,
    ballotsInPortableBoxes: Int? = nil, unofficialForm: Int? = nil, spoiled: Int? = nil,
    lost: Int? = nil, round: Int? = nil
  ) {
    self.precinct = precinct
    self.constituency = constituency
    self.ballot = ballot
    self.votersOnList = votersOnList
    self.ballotsReceived = ballotsReceived
    self.ballotsIssued = ballotsIssued
    self.ballotsInBox = ballotsInBox
    self.invalid = invalid
    self.unused = unused
    self.againstAll = againstAll
    self.votes = votes
    self.synthetic = synthetic
    self.absenteeVoters = absenteeVoters
    self.ballotsIssuedAtHome = ballotsIssuedAtHome
    self.ballotsInPortableBoxes = ballotsInPortableBoxes
    self.unofficialForm = unofficialForm
    self.spoiled = spoiled
    self.lost = lost
    self.round = round
  }

  /// The value of a count line (or of one choice's votes); `nil` when blank or not a count.
  public subscript(field: ProtocolField) -> Int? {
    get {
      switch field {
      case .votersOnList: return votersOnList
      case .ballotsReceived: return ballotsReceived
      case .ballotsIssued: return ballotsIssued
      case .ballotsInBox: return ballotsInBox
      case .invalid: return invalid
      case .unused: return unused
      case .againstAll: return againstAll
      case .absenteeVoters: return absenteeVoters
      case .ballotsIssuedAtHome: return ballotsIssuedAtHome
      case .ballotsInPortableBoxes: return ballotsInPortableBoxes
      case .unofficialForm: return unofficialForm
      case .spoiled: return spoiled
      case .lost: return lost
      case .round: return round
      case .constituency: return constituency
      case .precinct, .ballot, .synthetic, .votes: return nil
      }
    }
    set {
      switch field {
      case .votersOnList: votersOnList = newValue
      case .ballotsReceived: ballotsReceived = newValue
      case .ballotsIssued: ballotsIssued = newValue
      case .ballotsInBox: ballotsInBox = newValue
      case .invalid: invalid = newValue
      case .unused: unused = newValue
      case .againstAll: againstAll = newValue
      case .absenteeVoters: absenteeVoters = newValue
      case .ballotsIssuedAtHome: ballotsIssuedAtHome = newValue
      case .ballotsInPortableBoxes: ballotsInPortableBoxes = newValue
      case .unofficialForm: unofficialForm = newValue
      case .spoiled: spoiled = newValue
      case .lost: lost = newValue
      case .round: round = newValue
      case .constituency: constituency = newValue
      case .precinct, .ballot, .synthetic, .votes: break
      }
    }
  }

  /// The choice whose votes are at `index` of ``votes`` under `schema`.
  public func choice(at index: Int, in schema: ProtocolSchema) -> Choice {
    ballot == .list ? .party(schema.parties[index].code) : .candidate(index + 1)
  }

  /// The votes of `choice`, `nil` when blank or not a choice of this ballot.
  public func votes(for choice: Choice, in schema: ProtocolSchema) -> Int? {
    switch (ballot, choice) {
    case (.list, .party(let code)):
      guard let i = schema.partyIndex(code), i < votes.count else { return nil }
      return votes[i]
    case (.constituency, .candidate(let position)):
      guard position >= 1, position <= votes.count else { return nil }
      return votes[position - 1]
    default: return nil
    }
  }
}

/// What a vote is cast for: a registered party list (by code) or a constituency candidate (by ballot position).
public enum Choice: Sendable, Hashable, Codable, CustomStringConvertible {
  case party(String)
  case candidate(Int)

  /// The choice's name as a CSV column and a key of the JSON `votes` object: the party code, or `c<position>`.
  public var code: String {
    switch self {
    case .party(let code): return code
    case .candidate(let position): return "c\(position)"
    }
  }

  public var description: String { code }

  /// Reads a choice code: `c<N>` (N ≥ 1, written without leading zeros) is a candidate, anything else a party.
  public init(code: String) {
    if code.hasPrefix("c"), let n = Int(code.dropFirst()), n >= 1, String(n) == code.dropFirst() {
      self = .candidate(n)
    } else {
      self = .party(code)
    }
  }
}

/// One line (or one choice) of a protocol, with its names in the two file formats.
public enum ProtocolField: Sendable, Hashable, Codable, CustomStringConvertible {
  case precinct
  case constituency
  case ballot
  case votersOnList
  case ballotsReceived
  case ballotsIssued
  case ballotsInBox
  case invalid
  case unused
  case againstAll
  case absenteeVoters
  case ballotsIssuedAtHome
  case ballotsInPortableBoxes
  case unofficialForm
  case spoiled
  case lost
  /// The voting round (1 or 2); blank is 1.
  case round
  /// The optional mark of generated data.
  case synthetic
  /// The votes of one choice.
  case votes(Choice)

  /// The fixed columns of a protocol CSV, in their usual order (vote columns follow).
  public static let fixed: [ProtocolField] = [
    .precinct, .constituency, .ballot, .votersOnList, .ballotsReceived, .ballotsIssued,
    .ballotsInBox, .invalid, .unused, .againstAll,
  ]

  /// Columns a protocol CSV may leave out of its header (then every row has them blank): the protocol lines
  /// of the review's S7 and the round. Only ``fixed`` columns are required in a header.
  public static let optional: [ProtocolField] = [
    .absenteeVoters, .ballotsIssuedAtHome, .ballotsInPortableBoxes, .unofficialForm, .spoiled,
    .lost,
    .round,
  ]

  /// The count lines of rules.md A2 (and the review's S7), in protocol order: the first seven are in
  /// every CSV header, the others may be left out.
  public static let lines: [ProtocolField] = [
    .votersOnList, .ballotsReceived, .ballotsIssued, .ballotsInBox, .invalid, .unused, .againstAll,
    .absenteeVoters, .ballotsIssuedAtHome, .ballotsInPortableBoxes, .unofficialForm, .spoiled,
    .lost,
    .round,
  ]

  /// The CSV column name (`voters_on_list`, a party code, `c3`); also the name issues give.
  public var csvName: String {
    switch self {
    case .precinct: return "precinct"
    case .constituency: return "constituency"
    case .ballot: return "ballot"
    case .votersOnList: return "voters_on_list"
    case .ballotsReceived: return "ballots_received"
    case .ballotsIssued: return "ballots_issued"
    case .ballotsInBox: return "ballots_in_box"
    case .invalid: return "invalid"
    case .unused: return "unused"
    case .againstAll: return "against_all"
    case .absenteeVoters: return "absentee_voters"
    case .ballotsIssuedAtHome: return "ballots_issued_at_home"
    case .ballotsInPortableBoxes: return "ballots_in_portable_boxes"
    case .unofficialForm: return "unofficial_form"
    case .spoiled: return "spoiled"
    case .lost: return "lost"
    case .round: return "round"
    case .synthetic: return "synthetic"
    case .votes(let choice): return choice.code
    }
  }

  /// The key in the JSON form (`votersOnList`); for votes, the key inside the `votes` object.
  public var jsonName: String {
    switch self {
    case .precinct: return "precinct"
    case .constituency: return "constituency"
    case .ballot: return "ballot"
    case .votersOnList: return "votersOnList"
    case .ballotsReceived: return "ballotsReceived"
    case .ballotsIssued: return "ballotsIssued"
    case .ballotsInBox: return "ballotsInBox"
    case .invalid: return "invalid"
    case .unused: return "unused"
    case .againstAll: return "againstAll"
    case .absenteeVoters: return "absenteeVoters"
    case .ballotsIssuedAtHome: return "ballotsIssuedAtHome"
    case .ballotsInPortableBoxes: return "ballotsInPortableBoxes"
    case .unofficialForm: return "unofficialForm"
    case .spoiled: return "spoiled"
    case .lost: return "lost"
    case .round: return "round"
    case .synthetic: return "synthetic"
    case .votes(let choice): return choice.code
    }
  }

  /// Whether the law requires the line (rules.md A2: `E`, `I`, ballots in box, `INV`). The lines A2 could not
  /// confirm (ballots received, unused) and "against all" may be blank.
  public var isRequiredLine: Bool {
    switch self {
    case .votersOnList, .ballotsIssued, .ballotsInBox, .invalid: return true
    default: return false
    }
  }

  public var description: String { csvName }

  /// The fixed field with this CSV column name.
  public init?(csvName: String) {
    guard
      let f = Self.fixed.first(where: { $0.csvName == csvName })
        ?? Self.optional.first(where: { $0.csvName == csvName })
        ?? (csvName == "synthetic" ? .synthetic : nil)
    else { return nil }
    self = f
  }

  /// The fixed field with this JSON key.
  public init?(jsonName: String) {
    guard
      let f = Self.fixed.first(where: { $0.jsonName == jsonName })
        ?? Self.optional.first(where: { $0.jsonName == jsonName })
        ?? (jsonName == "synthetic" ? .synthetic : nil)
    else { return nil }
    self = f
  }
}
