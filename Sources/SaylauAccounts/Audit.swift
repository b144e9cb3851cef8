/// One record of the audit log: who did what, when, to which thing, and the thing before and after (JSON,
/// `nil` where there was nothing before or is nothing after). The log is append-only: the database refuses
/// to change or delete a record (triggers of migration 13), and the store has no function that would.
public struct AuditEntry: Sendable, Codable, Hashable {
  public var id: Int
  /// UTC, ISO 8601.
  public var at: String
  /// The account that acted (`operator` for the server's configured token, `cli` for the command line).
  public var actor: String
  /// What was done: `account.add`, `account.disable`, `token.issue`, `session.start`, `protocol.entry`,
  /// `protocol.resolve`, `protocol.correction`, `protocols.import`, `plan.save`.
  public var action: String
  /// What it was done to (`user:alma`, `protocol:2023-majilis/101/list`, …).
  public var subject: String
  public var before: String?
  public var after: String?

  public init(
    id: Int, at: String, actor: String, action: String, subject: String, before: String?,
    after: String?
  ) {
    self.id = id
    self.at = at
    self.actor = actor
    self.action = action
    self.subject = subject
    self.before = before
    self.after = after
  }
}

/// Who acts on the store: an account, or the command line and the configured token, which act as
/// administrators of the installation.
public struct Actor: Sendable, Hashable {
  public var name: String
  public var role: Role

  public init(name: String, role: Role) {
    self.name = name
    self.role = role
  }

  public init(_ account: Account) { self.init(name: account.username, role: account.role) }

  /// The command line on the server's machine (whoever can run it can open the database anyway).
  public static let commandLine = Actor(name: "cli", role: .administrator)
  /// The bearer token of `--token-file`/`SAYLAU_API_TOKEN` (the one write credential before accounts).
  public static let configuredToken = Actor(name: "operator", role: .administrator)

  public func allows(_ permission: Permission) -> Bool { role.allows(permission) }
}
