/// What a person may do in the service. Each role is a set of ``Permission``s; reading what is public needs
/// none, every write needs the permission named by its route.
///
/// The roles separate duties as a commission does: the administrator keeps accounts and bulk imports, clerks
/// enter protocols, the coordinator resolves what the clerks' entries disagree on and reads the audit log,
/// observers watch.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
  case administrator
  case coordinator
  /// A data-entry clerk.
  case clerk
  /// Read-only: may sign in and watch the entry progress and the queue, may change nothing.
  case observer

  /// What the role allows.
  public var permissions: Set<Permission> {
    switch self {
    case .administrator:
      return [.manageAccounts, .importFiles, .readAudit, .readQueue, .setResultState]
    case .coordinator: return [.resolveProtocols, .readAudit, .readQueue, .setResultState]
    case .clerk: return [.enterProtocols, .readQueue]
    case .observer: return [.readQueue]
    }
  }

  public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }

  /// The role's name for people ("data-entry clerk").
  public var title: String {
    switch self {
    case .administrator: return "administrator"
    case .coordinator: return "coordinator"
    case .clerk: return "data-entry clerk"
    case .observer: return "observer"
    }
  }
}

/// One kind of act the service guards.
public enum Permission: String, Sendable, Codable, CaseIterable, Hashable {
  /// Add and disable accounts, list them.
  case manageAccounts
  /// Upload whole protocol files, store plans.
  case importFiles
  /// Enter a protocol (first or second entry).
  case enterProtocols
  /// Decide a difference between two entries against the paper; open a correction.
  case resolveProtocols
  /// Read the audit log.
  case readAudit
  /// Read the entry queue and the progress of entry.
  case readQueue
  /// Declare the results final or certified, or reopen final results (with a reason).
  case setResultState
}

/// A person's account as the service knows it (never with its password hash).
public struct Account: Sendable, Codable, Hashable {
  /// The sign-in name: 1–64 of `a-z 0-9 . _ -`, starting with a letter or digit.
  public var username: String
  public var displayName: String?
  public var role: Role
  public var disabled: Bool
  public var createdAt: String

  public init(
    username: String, displayName: String? = nil, role: Role, disabled: Bool = false,
    createdAt: String
  ) {
    self.username = username
    self.displayName = displayName
    self.role = role
    self.disabled = disabled
    self.createdAt = createdAt
  }

  /// Whether `name` is a valid sign-in name (see ``username``).
  public static func isValidUsername(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard (1...64).contains(bytes.count) else { return false }
    func allowed(_ b: UInt8) -> Bool {
      (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x2e || b == 0x5f || b == 0x2d
    }
    guard let first = bytes.first,
      (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39)
    else { return false }
    return bytes.allSatisfy(allowed)
  }
}
