/// Where something was read: the file, the physical line, and for structured formats the path of the
/// element (`protocols[3]`) or the column of a syntax error; with the byte range of the record in the file.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file's name as the user knows it.
  public var file: String
  /// The 1-based physical line where the record (or the error) starts.
  public var line: Int
  /// The 1-based column (in bytes) of a syntax error; `nil` for a whole record.
  public var column: Int?
  /// The element's path in a structured file (`protocols[3]`); `nil` for line-based files.
  public var path: String?
  /// The record's bytes in the file (without its line terminator), when known.
  public var byteRange: Range<Int>?

  public init(
    file: String, line: Int, column: Int? = nil, path: String? = nil, byteRange: Range<Int>? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
    self.byteRange = byteRange
  }

  /// `file:line`, `file:line:column`, or `file: path` for an element of a structured file.
  public var description: String {
    if let path { return "\(file): \(path)" }
    if let column { return "\(file):\(line):\(column)" }
    return "\(file):\(line)"
  }
}
