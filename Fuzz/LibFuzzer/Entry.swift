import SaylauFuzzing

#if canImport(Glibc)
  import Glibc
#endif

// The libFuzzer entry points of `saylau-fuzz` (built by Fuzz/build.sh with -sanitize=fuzzer,address): the
// target is named by SAYLAU_FUZZ_TARGET (see FuzzTarget's raw values), libFuzzer supplies `main`.

nonisolated(unsafe) private var target = FuzzTarget.protocolCSV

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  guard let name = getenv("SAYLAU_FUZZ_TARGET").map({ String(cString: $0) }) else {
    complain(
      "set SAYLAU_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))"
    )
    exit(2)
  }
  guard let chosen = FuzzTarget(rawValue: name) else {
    complain("no target '\(name)'")
    exit(2)
  }
  target = chosen
  if let folder = getenv("SAYLAU_FUZZ_WRITE_SEEDS").map({ String(cString: $0) }) {
    // Fuzz/run.sh: the target's seeds as corpus files and its tokens as a libFuzzer dictionary, then exit.
    for (k, seed) in chosen.seeds.enumerated() { save(seed, to: "\(folder)/seed-\(k)") }
    var dictionary: [UInt8] = []
    for token in chosen.dictionary {
      dictionary += Array("\"".utf8)
      for b in token {
        if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C {
          dictionary.append(b)
        } else {
          dictionary += Array(("\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)).utf8)
        }
      }
      dictionary += Array("\"\n".utf8)
    }
    save(dictionary, to: "\(folder).dict")
    exit(0)
  }
  return 0
}

private func save(_ bytes: [UInt8], to path: String) {
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  guard fd >= 0 else { return }
  _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  target.run(bytes)
  return 0
}

private func complain(_ message: String) {
  let line = Array("saylau-fuzz: \(message)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
