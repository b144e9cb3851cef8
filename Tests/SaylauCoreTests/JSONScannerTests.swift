import SaylauCore
import Testing

@Suite struct JSONScannerTests {
  func tokens(_ text: String) -> [JSONScanner.Token] {
    var scanner = JSONScanner(Array(text.utf8))
    var out: [JSONScanner.Token] = []
    while true {
      let t = scanner.next()
      out.append(t)
      if t == .end || t == .invalid { return out }
    }
  }

  @Test("tokens of a document, separators skipped, numbers kept as written")
  func document() {
    #expect(
      tokens(#"{"a": [1, -2.5, 3e2, true, false, null], "b": {}}"#) == [
        .beginObject, .string("a"), .beginArray, .number("1", integer: true),
        .number("-2.5", integer: false), .number("3e2", integer: false), .bool(true), .bool(false),
        .null, .endArray, .string("b"), .beginObject, .endObject, .endObject, .end,
      ])
  }

  @Test("string escapes, a surrogate pair, UTF-8 as it is, and a byte-order mark")
  func strings() {
    #expect(
      tokens("\u{FEFF}" + #"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00", "Алматы"]"#) == [
        .beginArray, .string("a\"b\\c/d\n\té😀"), .string("Алматы"), .endArray, .end,
      ])
  }

  @Test("text that is not JSON gives .invalid, never a trap")
  func invalid() {
    #expect(tokens("[tru").last == .invalid)
    #expect(tokens(#"["abc"#).last == .invalid)
    #expect(tokens(#"["\ud83d"]"#).last == .invalid)
    #expect(tokens(#"["\x"]"#).last == .invalid)
    #expect(tokens("[@]").last == .invalid)
  }

  @Test("skipping a value skips the whole container")
  func skip() {
    var scanner = JSONScanner(Array(#"[{"a": [1, {"b": 2}]}, 7]"#.utf8))
    #expect(scanner.next() == .beginArray)
    let first = scanner.next()
    let skipped = scanner.skipValue(startingWith: first)
    #expect(skipped)
    #expect(scanner.next() == .number("7", integer: true))
    var short = JSONScanner(Array(#"[{"a": [1"#.utf8))
    _ = short.next()
    let open = short.next()
    let cut = short.skipValue(startingWith: open)
    #expect(!cut)
  }
}
