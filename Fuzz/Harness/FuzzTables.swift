import SaylauApportionment
import SaylauCore
import SaylauElections
import SaylauReports

/// The table readers: candidate lists, apportionment inputs and map values.
enum FuzzTables {
  static func candidates(_ bytes: [UInt8]) {
    do {
      let parsed = try CandidateList.parse(bytes, file: "fuzz.csv")
      // A parsed list is a schema the protocol reader can use.
      _ = ProtocolSchema(
        parties: FuzzProtocols.parties, constituencyCount: 29, candidates: parsed.candidates)
    } catch {
      if error.issues.count > CandidateList.maximumIssues { fatalError("issues beyond the cap") }
      for issue in error.issues { FuzzCheck.message(issue.description, "candidate issue") }
    }
  }

  static func apportionment(_ bytes: [UInt8]) {
    let input: ApportionmentInput
    do {
      input = try ApportionmentInput.read(bytes: bytes, source: "fuzz.csv", allowingBlankFor: "U")
    } catch {
      FuzzCheck.error(error, "apportionment input")
      return
    }
    // Seats from the input's length: small, zero, and near the engine's bounds.
    let choices = [0, 1, 7, 29, 100, bytes.count % 500, AllocationLimits.maximumSeats + 1]
    let seats = choices[bytes.count % choices.count]
    for method in AllocationMethod.allCases {
      for ties in TiePolicy.allCases {
        for minimums in MinimumRule.allCases {
          do {
            let a = try method.allocate(
              seats, among: input.contenders, ties: ties, minimums: minimums)
            if a.seats.count != input.contenders.count {
              fatalError("seats for another number of contenders")
            }
            if a.seats.reduce(0, +) > seats { fatalError("more seats than the house") }
          } catch {
            FuzzCheck.error(error, "allocation")
          }
        }
      }
    }
    // A scan re-allocates for every value it tries: kept to small houses so one input stays fast.
    if let target = input.target,
      let u = input.unknownWeight ?? (input.contenders.isEmpty ? nil : 0),
      case let total = target.reduce(0, &+), total <= 200
    {
      for method in [AllocationMethod.allCases.first!, AllocationMethod.allCases.last!] {
        do {
          _ = try reproducingRange(
            seats: total, contenders: input.contenders, varying: u, over: 0...(bytes.count * 1000),
            target: target, method: method, ties: .leaveOpen, minimums: .pinByQuota)
        } catch {
          FuzzCheck.error(error, "reproducing range")
        }
      }
    }
  }

  static func values(_ bytes: [UInt8]) {
    do {
      _ = try ConstituencyValues.read(bytes: bytes, source: "fuzz.csv")
    } catch {
      FuzzCheck.error(error, "values")
    }
  }
}
