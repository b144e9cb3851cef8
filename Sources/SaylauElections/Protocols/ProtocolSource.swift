import Foundation

/// A protocol file to import: a file on disk (read in chunks, never whole) or bytes already in memory (an
/// HTTP body, a test), in CSV or in the JSON form of the protocol format.
public struct ProtocolSource: Sendable {
  public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
    case csv
    case json
  }

  enum Content: Sendable {
    case file(String)
    case bytes([UInt8])
  }

  /// The name issues and rejected records give (the path as the user typed it, `request`, …).
  public var name: String
  public var format: Format
  let content: Content

  /// A file on disk; `format` defaults to JSON for names ending in `.json` and CSV otherwise.
  public static func file(_ path: String, name: String? = nil, format: Format? = nil)
    -> ProtocolSource
  {
    ProtocolSource(
      name: name ?? path,
      format: format ?? (path.lowercased().hasSuffix(".json") ? .json : .csv), content: .file(path))
  }

  /// Bytes in memory.
  public static func bytes(_ bytes: [UInt8], name: String, format: Format) -> ProtocolSource {
    ProtocolSource(name: name, format: format, content: .bytes(bytes))
  }

  /// The path of a file source (`nil` for bytes in memory).
  public var path: String? {
    if case .file(let p) = content { return p }
    return nil
  }
}

/// A source could not be read (missing, unreadable, or changed between the two passes of an import).
public struct ProtocolSourceError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}

/// Sequential, chunked reading of one source through a window of bounded size, plus random access to
/// re-read a record by its offset. Memory stays at one window whatever the file's size.
final class SourceReader {
  let source: ProtocolSource
  private var descriptor: Int32 = -1
  /// The file's size and modification time when first opened: a second pass refuses a changed file.
  private(set) var identity: FileIdentity?
  private var storage: [UInt8]
  /// File offset of the window's first byte.
  private(set) var windowOffset = 0
  /// Bytes in the window.
  private(set) var count = 0
  /// The window reaches the end of the input.
  private(set) var atEnd = false
  private let capacity: Int

  struct FileIdentity: Equatable, Sendable {
    var size: Int
    var modified: Int
  }

  /// The window index where reading starts (the `offset` given to the initialiser).
  private(set) var startIndex = 0

  /// Opens the source with a window of `capacity` bytes (in-memory sources use their bytes as the window),
  /// reading from file offset `offset`.
  init(
    _ source: ProtocolSource, capacity: Int, startingAt offset: Int = 0,
    expecting identity: FileIdentity? = nil
  ) throws(ProtocolSourceError) {
    self.source = source
    self.capacity = max(capacity, 64)
    switch source.content {
    case .bytes(let bytes):
      storage = bytes
      count = bytes.count
      atEnd = true
      startIndex = min(offset, bytes.count)
    case .file(let path):
      storage = []
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else {
        throw ProtocolSourceError(
          file: source.name, message: "cannot be read (\(String(cString: strerror(errno))))")
      }
      descriptor = fd
      var st = stat()
      guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
        close(fd)
        descriptor = -1
        throw ProtocolSourceError(file: source.name, message: "not a regular file")
      }
      #if os(Linux)
        let id = FileIdentity(size: Int(st.st_size), modified: Int(st.st_mtim.tv_sec))
      #else
        let id = FileIdentity(size: Int(st.st_size), modified: Int(st.st_mtimespec.tv_sec))
      #endif
      if let identity = identity, identity != id {
        close(fd)
        descriptor = -1
        throw ProtocolSourceError(
          file: source.name, message: "changed while it was being imported; nothing was imported")
      }
      self.identity = id
      if offset > 0 {
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
          throw ProtocolSourceError(
            file: source.name, message: "cannot be read (\(String(cString: strerror(errno))))")
        }
        windowOffset = offset
      }
      // A small file needs no more window than its size.
      storage = [UInt8](repeating: 0, count: min(self.capacity, max(64, id.size - offset + 1)))
      try fill()
    }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Moves the bytes from window index `keep` on to the front of the window and reads on until the window is
  /// full or the input ends.
  func advance(keepingFrom keep: Int) throws(ProtocolSourceError) {
    guard case .file = source.content else { return }
    let kept = count - keep
    if keep > 0 && kept > 0 {
      storage.withUnsafeMutableBytes { b in
        _ = memmove(b.baseAddress!, b.baseAddress! + keep, kept)
      }
    }
    windowOffset += keep
    count = max(kept, 0)
    try fill()
  }

  private func fill() throws(ProtocolSourceError) {
    var failure: Int32 = 0
    if storage.count < capacity && count == storage.count && !atEnd {
      // The file grew beyond its first size, or a record needs the whole window: use the full capacity.
      storage.append(contentsOf: repeatElement(0, count: capacity - storage.count))
    }
    let size = storage.count
    storage.withUnsafeMutableBytes { b in
      while count < size && !atEnd {
        let n = read(descriptor, b.baseAddress! + count, size - count)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        if n == 0 {
          atEnd = true
        } else {
          count += n
        }
      }
    }
    if failure != 0 {
      throw ProtocolSourceError(
        file: source.name, message: "read error (\(String(cString: strerror(failure))))")
    }
  }

  /// Calls `body` with the window's bytes.
  func withWindow<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer { b in
      // An empty array has no base address; give the scanners a valid pointer to zero bytes.
      guard let base = b.baseAddress else {
        var zero: UInt8 = 0
        return try withUnsafePointer(to: &zero) { try body($0, 0) }
      }
      return try body(base, count)
    }
  }

  /// Reads up to `length` bytes at file offset `offset` (fewer at the end of the input).
  func bytes(at offset: Int, length: Int) throws(ProtocolSourceError) -> [UInt8] {
    switch source.content {
    case .bytes(let all):
      let end = min(all.count, offset + length)
      return offset < end ? Array(all[offset..<end]) : []
    case .file:
      var out = [UInt8](repeating: 0, count: max(0, length))
      var done = 0
      var failure: Int32 = 0
      out.withUnsafeMutableBytes { b in
        while done < length {
          let n = pread(descriptor, b.baseAddress! + done, length - done, off_t(offset + done))
          if n < 0 {
            if errno == EINTR { continue }
            failure = errno
            return
          }
          if n == 0 { break }
          done += n
        }
      }
      if failure != 0 {
        throw ProtocolSourceError(
          file: source.name, message: "read error (\(String(cString: strerror(failure))))")
      }
      out.removeLast(length - done)
      return out
    }
  }
}
