import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing what the user asked for without ever touching what the user gave: the one path every writer of a
/// user-named file takes (the CLI's outputs, rejected rows, synthetic protocol sets, graphs, maps).
///
/// A path that names one of the inputs — the same file by device and inode, through a link or another
/// spelling, or the same path — is refused before anything is written. The bytes go to a temporary file beside
/// the target that is renamed into place, so a failed or interrupted write leaves the old file (or none),
/// never half a file.
public enum OutputFile {
  /// Writes `path` through `body`, never over one of `inputs`.
  /// - Parameters:
  ///   - path: the output file.
  ///   - inputs: the files the job reads; `path` must name none of them.
  ///   - body: writes the contents, one chunk at a time, through the function it is given.
  /// - Throws: ``OutputFileError`` (`isInput` for an input, `cannotWrite`); an error `body` throws is
  ///   rethrown as it is, after the temporary file is removed.
  public static func write(
    _ path: String, notOverwriting inputs: [String] = [],
    _ body: (_ write: (Data) -> Void) throws -> Void
  ) throws {
    try refuse(path, ifAnyOf: inputs)
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary.path)
    else { throw OutputFileError(.cannotWrite, path: path, message: "cannot be written") }
    do {
      try body { handle.write($0) }
      try handle.close()
      guard rename(temporary.path, path) == 0 else {
        throw OutputFileError(
          .cannotWrite, path: path,
          message: "cannot be written (\(String(cString: strerror(errno))))")
      }
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// Writes `data` to `path`, never over one of `inputs` (see ``write(_:notOverwriting:_:)``).
  /// - Throws: ``OutputFileError``.
  public static func write(_ data: Data, to path: String, notOverwriting inputs: [String] = [])
    throws(OutputFileError)
  {
    do { try write(path, notOverwriting: inputs) { $0(data) } } catch let e as OutputFileError {
      throw e
    } catch {
      throw OutputFileError(.cannotWrite, path: path, message: "\(error)")
    }
  }

  /// Refuses `path` when it names one of `inputs`.
  /// - Throws: ``OutputFileError`` of kind `isInput`, naming the input.
  public static func refuse(_ path: String, ifAnyOf inputs: [String]) throws(OutputFileError) {
    if let input = inputs.first(where: { sameFile($0, path) }) {
      throw OutputFileError(
        .isInput, path: path,
        message: "is the input \(input); give the output another file (nothing was written)")
    }
  }

  /// Refuses an output directory that is an input, or that holds one (a run writes beside it).
  /// - Throws: ``OutputFileError`` of kind `isInput`.
  public static func refuseDirectory(_ path: String, ifHoldingAnyOf inputs: [String])
    throws(OutputFileError)
  {
    try refuse(path, ifAnyOf: inputs)
    for input in inputs
    where sameFile(URL(fileURLWithPath: input).deletingLastPathComponent().path, path) {
      throw OutputFileError(
        .isInput, path: path,
        message: "holds the input \(input); give the output its own directory (nothing was written)"
      )
    }
  }

  /// Whether `a` and `b` are one file: by device and inode when both exist, else by their resolved paths.
  public static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    if stat(a, &sa) == 0 && stat(b, &sb) == 0 {
      return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
    return URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
      == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
  }
}

/// An output that was refused or could not be written; nothing the user gave was changed.
public struct OutputFileError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// The output names an input (or a directory holding one).
    case isInput
    /// The file system refused the write.
    case cannotWrite
  }

  public var kind: Kind
  public var path: String
  public var message: String

  public init(_ kind: Kind, path: String, message: String) {
    self.kind = kind
    self.path = path
    self.message = message
  }

  public var description: String { Excerpt.escapingControls("\(path) \(message)") }
}
