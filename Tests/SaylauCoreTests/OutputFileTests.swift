import Foundation
import SaylauCore
import Testing

/// The one path of every writer of a user-named file, on real files in a temporary directory.
@Suite struct OutputFileTests {
  static func directory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "saylau-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test(
    "an output that is an input, by path, another spelling, a link or a hard link, is refused and the input kept"
  )
  func inputsAreNeverOverwritten() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("f.csv").path
    try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: input))
    let symlink = dir.appendingPathComponent("link.csv").path
    try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: input)
    let hardLink = dir.appendingPathComponent("hard.csv").path
    try FileManager.default.linkItem(atPath: input, toPath: hardLink)
    let spelled = dir.appendingPathComponent("sub/../f.csv").path
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    for output in [input, symlink, hardLink, spelled] {
      let error = #expect(throws: OutputFileError.self) {
        try OutputFile.write(Data("rejected\n".utf8), to: output, notOverwriting: [input])
      }
      #expect(error?.kind == .isInput)
      #expect(error?.description.contains("nothing was written") == true)
    }
    #expect(try String(contentsOfFile: input, encoding: .utf8) == "a,b\n1,2\n")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
        "f.csv", "hard.csv", "link.csv", "sub",
      ])
    // A directory holding an input is refused as an output directory; a sibling is not.
    #expect(throws: OutputFileError.self) {
      try OutputFile.refuseDirectory(dir.path, ifHoldingAnyOf: [input])
    }
    try OutputFile.refuseDirectory(dir.appendingPathComponent("out").path, ifHoldingAnyOf: [input])
  }

  @Test(
    "a write goes through a temporary file: a failed body leaves the old file whole and no temporary behind"
  )
  func failedWritesLeaveTheOldFile() throws {
    let dir = try Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let output = dir.appendingPathComponent("out.csv").path
    try OutputFile.write(Data("old\n".utf8), to: output)
    struct Interrupted: Error {}
    #expect(throws: Interrupted.self) {
      try OutputFile.write(output) { write in
        write(Data("half of the ne".utf8))
        throw Interrupted()
      }
    }
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "old\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    try OutputFile.write(output) { write in
      write(Data("new, ".utf8))
      write(Data("in chunks\n".utf8))
    }
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "new, in chunks\n")
    // A directory that does not exist cannot be written: a clear error naming the path.
    let missing = dir.appendingPathComponent("no/such/dir/x.csv").path
    let error = #expect(throws: OutputFileError.self) {
      try OutputFile.write(Data("x".utf8), to: missing)
    }
    #expect(error?.kind == .cannotWrite)
    #expect(error?.path == missing)
  }
}
