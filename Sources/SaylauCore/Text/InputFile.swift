#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a whole input file within a size bound: the size is checked before a byte is read, so a huge file
/// is refused at once instead of filling memory.
public enum InputFile {
  /// Reads the regular file at `path`.
  /// - Parameters:
  ///   - path: the file.
  ///   - name: the file's name in errors (default: `path`).
  ///   - limit: the largest size accepted, in bytes.
  /// - Throws: ``InputFileError``: missing or unreadable, not a regular file, larger than `limit`.
  public static func read(_ path: String, name: String? = nil, limit: Int) throws(InputFileError)
    -> [UInt8]
  {
    let shown = name ?? path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw InputFileError(
        file: shown, message: "cannot be read (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      throw InputFileError(file: shown, message: "not a regular file")
    }
    let size = Int(st.st_size)
    guard size <= limit else {
      throw InputFileError(
        file: shown,
        message: "\(size) bytes, larger than the \(limit) bytes this input may have")
    }
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var done = 0
      while done < size {
        let n = systemRead(fd, buffer.baseAddress! + done, size - done)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if n == 0 { break }
        done += n
      }
      count = done
    }
    if failure != 0 {
      throw InputFileError(
        file: shown, message: "read error (\(String(cString: strerror(failure))))")
    }
    return bytes
  }
}

/// A file that could not be read whole.
public struct InputFileError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { Excerpt.escapingControls("\(file): \(message)") }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
  #else
    Darwin.read(fd, buffer, count)
  #endif
}
