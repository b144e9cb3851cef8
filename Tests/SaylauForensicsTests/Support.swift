import SaylauData
import SaylauElections

/// The 2023 party lists (their votes are the synthetic elections' national weights).
func parties2023() throws -> [ListVote.Party] {
  try BundledData.publishedElection("2023-majilis").result?.listVote.parties.filter {
    !$0.isAggregate
  } ?? []
}
