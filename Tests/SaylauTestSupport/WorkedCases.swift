import Foundation
import SaylauData

/// Worked cases of the count, one per regime, as count requests (the body of `POST /api/v1/count`, the file
/// of `saylau election count --request`). Every number is made up (SYNTHETIC) unless the case is a bundled
/// election, and is small enough to check by hand; the expected answers are in the tests.
public enum WorkedCases {
  /// The regimes with a worked case.
  public static let regimes = ["R1995", "R1999", "R2007", "R2009", "R2022", "R2026"]

  /// The count request of a regime's worked case.
  public static func request(_ regime: String) throws -> String {
    switch regime {
    case "R1995": return twoRoundChamber(regime: "R1995", withList: false)
    case "R1999": return twoRoundChamber(regime: "R1999", withList: true)
    case "R2007": return try bundled("2007-majilis")
    case "R2009": return runnerUp
    case "R2022": return try bundled("2023-majilis")
    case "R2026": return kurultai
    default: fatalError("no worked case for \(regime)")
    }
  }

  /// A bundled election's definition (with its published list vote) as a count request.
  static func bundled(_ id: String) throws -> String {
    #"{"definition": "# + (try BundledData.definition(id)).json() + "}"
  }

  static func json(_ value: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// A whole two-round chamber (67 constituencies, and 10 list seats for R1999), one precinct per
  /// constituency: every fourth constituency goes to a runoff, decided in round 2 for the second candidate
  /// in every eighth, for the first otherwise. R1999: the list seats come out otan 7, asar 1, akzhol 1,
  /// komm 1, and the chamber otan 66, asar 9, akzhol 1, komm 1 (77). R1995: otan 59, asar 8 (67).
  public static func twoRoundChamber(regime: String, withList: Bool) -> String {
    let parties: [[String: Any]] = [
      ["code": "otan", "name": "Otan (SYNTHETIC)", "registrationOrder": 1],
      ["code": "asar", "name": "Asar (SYNTHETIC)", "registrationOrder": 2],
      ["code": "akzhol", "name": "Ak Zhol (SYNTHETIC)", "registrationOrder": 3],
      ["code": "komm", "name": "Communists (SYNTHETIC)", "registrationOrder": 4],
    ]
    var candidates: [[String: Any]] = []
    var round1: [[String: Any]] = []
    var round2: [[String: Any]] = []
    for n in 1...67 {
      candidates += [
        [
          "constituency": n, "position": 1, "name": "Otan nominee \(n)", "nomination": "otan",
          "nominationKind": "party",
        ],
        [
          "constituency": n, "position": 2, "name": "Asar nominee \(n)", "nomination": "asar",
          "nominationKind": "party",
        ],
        [
          "constituency": n, "position": 3, "name": "Self-nominated \(n)", "nomination": "self",
          "nominationKind": "self",
        ],
      ]
      let id = String(n)
      if withList {
        round1.append([
          "precinct": id, "constituency": n, "ballot": "list", "votersOnList": 1000,
          "ballotsIssued": 900, "ballotsInBox": 900, "invalid": 10,
          "votes": ["otan": 600, "asar": 120, "akzhol": 100, "komm": 70],
        ])
      }
      let runoff = n % 4 == 0
      round1.append([
        "precinct": id, "constituency": n, "ballot": "constituency", "votersOnList": 1000,
        "ballotsIssued": 900, "ballotsInBox": 900, "invalid": 10,
        "votes": runoff ? ["c1": 356, "c2": 312, "c3": 222] : ["c1": 534, "c2": 267, "c3": 89],
      ])
      if runoff {
        let second = n % 8 == 0
        round2.append([
          "precinct": id, "constituency": n, "ballot": "constituency", "round": 2,
          "votersOnList": 1000, "ballotsIssued": 800, "ballotsInBox": 800, "invalid": 10,
          "votes": second ? ["c1": 390, "c2": 400, "c3": 0] : ["c1": 400, "c2": 390, "c3": 0],
        ])
      }
    }
    let definition: [String: Any] = [
      "format": "saylau-election/1", "id": "synthetic-\(regime.lowercased())",
      "chamber": "majilis", "title": "SYNTHETIC two-round chamber under \(regime)",
      "date": regime == "R1995" ? "1995-12-09" : "1999-10-10", "regime": regime,
      "secondRound": regime == "R1995" ? "1995-12-23" : "1999-10-24",
      "synthetic": true, "parties": withList ? parties : [],
      "constituencyCandidates": candidates,
    ]
    return json([
      "definition": definition, "protocols": round1, "round2Protocols": round2,
    ])
  }

  /// R2009's runner-up guarantee: only one list passes 7 %, so the next is admitted with
  /// floor(0.7 × 60,000 × 98 / 960,000) = 4 seats; the leader takes 94; 9 seats are the Assembly's (107).
  public static let runnerUp = json([
    "definition": [
      "format": "saylau-election/1", "id": "synthetic-r2009", "chamber": "majilis",
      "title": "SYNTHETIC runner-up case under R2009", "date": "2016-03-20", "regime": "R2009",
      "synthetic": true,
      "parties": [
        ["code": "first", "name": "First (SYNTHETIC)", "registrationOrder": 1],
        ["code": "second", "name": "Second (SYNTHETIC)", "registrationOrder": 2],
        ["code": "third", "name": "Third (SYNTHETIC)", "registrationOrder": 3],
      ],
      "result": ["votes": ["first": 900_000, "second": 60_000, "third": 40_000]],
    ]
  ])

  /// The Kurultai (R2026) with the what-if rules a definition must give (Hare, 5 %), a party whose list
  /// is too short (2 standing candidates for 14 seats: 12 seats stay vacant), and a party's choice.
  public static let kurultai = json([
    "definition": [
      "format": "saylau-election/1", "id": "synthetic-kurultai", "chamber": "kurultai",
      "title": "SYNTHETIC Kurultai count", "date": "2026-08-23", "synthetic": true,
      "rules": [
        "method": "hare", "threshold": "5",
        "reason": "the law does not yet fix the Kurultai's formula and threshold",
      ],
      "parties": [
        ["code": "amanat", "name": "Amanat (SYNTHETIC)", "registrationOrder": 1],
        ["code": "auyl", "name": "Auyl (SYNTHETIC)", "registrationOrder": 2],
        ["code": "tiny", "name": "Tiny list (SYNTHETIC)", "registrationOrder": 3],
      ],
      "lists": [
        [
          "party": "tiny",
          "candidates": [
            ["position": 1, "name": "Tiny One", "sex": "female"],
            ["position": 2, "name": "Tiny Two", "sex": "male", "birthDate": "1970-01-01"],
            ["position": 3, "name": "Tiny Three", "status": "withdrawn"],
          ],
        ]
      ],
      "mandates": [["party": "tiny", "positions": [2, 1]]],
      "result": ["votes": ["amanat": 600_000, "auyl": 300_000, "tiny": 100_000], "againstAll": 0],
    ]
  ])
}
