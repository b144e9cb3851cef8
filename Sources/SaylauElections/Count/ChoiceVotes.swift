/// The votes one choice received: a party's code or a candidate's `c<position>`, with a whole number of votes.
///
/// The one shape of "votes for a choice" behind every face: the count's result (``CountedResult``), the
/// store's totals of imported protocols and the pages that show them.
public struct ChoiceVotes: Sendable, Codable, Hashable {
  /// A registered party's code, or `c<position>` for a candidate on a constituency ballot.
  public var choice: String
  public var votes: Int

  public init(choice: String, votes: Int) {
    self.choice = choice
    self.votes = votes
  }
}
