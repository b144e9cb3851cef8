/// Why an account operation was refused; the message is one line for a person.
public struct AccountError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case invalidUsername
    case weakPassword
    case unknownRole
    /// Wrong name or password, or a disabled account (the three are not told apart).
    case badCredentials
    /// Too many failed sign-ins: wait.
    case throttled
  }
  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}
