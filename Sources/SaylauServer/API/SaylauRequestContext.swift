import Foundation
import Hummingbird
import NIOCore

/// The context of every request the server answers: Hummingbird's core context and the address of the
/// connection's other end.
///
/// The address is what the sign-in throttle counts failures by, next to the name. Behind a reverse proxy
/// every connection comes from the proxy; ``ServerConfiguration/clientAddressHeader`` then names the header
/// the proxy writes the client's address into (see ``clientAddress(header:in:)``).
public struct SaylauRequestContext: RequestContext, RemoteAddressRequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The connection's peer; `nil` when the request did not come over a socket (a test's in-process call).
  public let remoteAddress: SocketAddress?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress
  }

  /// The client's address for rate limiting: the last entry of `header` when one is configured (the
  /// entry the trusted proxy itself appended; entries before it are the client's own claims), else the
  /// socket's peer address; `nil` when neither is known.
  public func clientAddress(header: String?, in request: Request) -> String? {
    if let header {
      let name = header.lowercased()
      guard let value = request.headers.last(where: { $0.name.canonicalName == name })?.value
      else { return nil }
      let last = value.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) ?? ""
      return last.isEmpty ? nil : String(last.prefix(64))
    }
    return remoteAddress?.ipAddress
  }
}
