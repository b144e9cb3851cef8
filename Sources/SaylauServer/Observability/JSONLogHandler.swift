import Foundation
import Logging

/// Structured logs: one JSON object per line on stderr (time, level, label, message and the metadata).
public struct JSONLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level = .info
  let label: String

  public init(label: String) { self.label = label }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var fields: [String: String] = [:]
    for (k, v) in metadata { fields[k] = "\(v)" }
    if let extra = event.metadata { for (k, v) in extra { fields[k] = "\(v)" } }
    fields["time"] = ISO8601DateFormatter().string(from: Date())
    fields["level"] = event.level.rawValue
    fields["label"] = label
    fields["message"] = "\(event.message)"
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard var data = try? encoder.encode(fields) else { return }
    data.append(0x0A)
    FileHandle.standardError.write(data)
  }
}
