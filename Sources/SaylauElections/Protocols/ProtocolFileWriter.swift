/// Writes protocols in the JSON protocol file format (the ProtocolFormat article) that
/// ``JSONProtocolReader`` reads back: every line that is not blank, list votes keyed by the schema's party
/// codes, constituency votes by `c<position>`. The store's protocols are counted through it, so a stored
/// election is counted by the same import and pipeline as a file given to `saylau tabulate`.
public enum ProtocolFileWriter {
  /// The protocols as one JSON document.
  /// - Parameters:
  ///   - protocols: the protocols, in the order to write.
  ///   - schema: the schema whose party order the list votes follow.
  ///   - synthetic: the file's `synthetic` mark.
  public static func json(
    _ protocols: [PollingStationProtocol], schema: ProtocolSchema, synthetic: Bool
  ) -> [UInt8] {
    var out = "{\"synthetic\": \(synthetic), \"protocols\": ["
    let codes = schema.parties.map(\.code)
    for (index, p) in protocols.enumerated() {
      if index > 0 { out += "," }
      out += "\n{\"precinct\": \(quoted(p.precinct)), \"ballot\": \"\(p.ballot.rawValue)\""
      func line(_ key: String, _ value: Int?) {
        if let value { out += ", \"\(key)\": \(value)" }
      }
      line("constituency", p.constituency)
      line("votersOnList", p.votersOnList)
      line("ballotsReceived", p.ballotsReceived)
      line("ballotsIssued", p.ballotsIssued)
      line("ballotsInBox", p.ballotsInBox)
      line("invalid", p.invalid)
      line("unused", p.unused)
      line("againstAll", p.againstAll)
      line("absenteeVoters", p.absenteeVoters)
      line("ballotsIssuedAtHome", p.ballotsIssuedAtHome)
      line("ballotsInPortableBoxes", p.ballotsInPortableBoxes)
      line("unofficialForm", p.unofficialForm)
      line("spoiled", p.spoiled)
      line("lost", p.lost)
      line("round", p.round)
      var votes: [String] = []
      for (i, v) in p.votes.enumerated() {
        guard let v else { continue }
        let key = p.ballot == .list ? (i < codes.count ? codes[i] : "p\(i + 1)") : "c\(i + 1)"
        votes.append("\(quoted(key)): \(v)")
      }
      out += ", \"votes\": {\(votes.joined(separator: ", "))}}"
    }
    out += "\n]}\n"
    return Array(out.utf8)
  }

  /// A JSON string literal.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }
}
