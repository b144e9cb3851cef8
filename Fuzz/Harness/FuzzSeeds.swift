import SaylauData
import SaylauElections

/// Valid inputs of every target (mutation starts from them) and the tokens a structure-aware mutation
/// inserts: the values at the edges of what each reader accepts.
public enum FuzzSeeds {
  static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  /// A few synthetic protocols as CSV (header and rows).
  static let protocolCSV: [UInt8] = {
    var out: [UInt8] = []
    FuzzProtocols.generator.writeCSV(chunk: { out += $0 })
    return out
  }()

  /// The same protocols in the JSON form.
  static let protocolJSON: [UInt8] = {
    let rows = String(decoding: protocolCSV, as: UTF8.self).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = rows[0]
    func key(_ column: String) -> String {
      let parts = column.split(separator: "_")
      return parts.enumerated().map { $0 == 0 ? String($1) : $1.capitalized }.joined()
    }
    var protocols: [String] = []
    for row in rows.dropFirst() where row.count == header.count {
      var fields: [String] = []
      var votes: [String] = []
      for (k, column) in header.enumerated() where !row[k].isEmpty {
        switch column {
        case "precinct", "ballot": fields.append("\"\(column)\": \"\(row[k])\"")
        case "synthetic": fields.append("\"synthetic\": \(row[k] == "yes")")
        case _ where ProtocolField(csvName: column) != nil:
          fields.append("\"\(key(column))\": \(row[k])")
        default: votes.append("\"\(column)\": \(row[k])")
        }
      }
      fields.append("\"votes\": {\(votes.joined(separator: ", "))}")
      protocols.append("{\(fields.joined(separator: ", "))}")
    }
    return bytes(
      "{\"synthetic\": true, \"protocols\": [\n\(protocols.joined(separator: ",\n"))\n]}\n")
  }()

  static func networkX(population: String = "100") -> [UInt8] {
    // A 3 × 3 grid in two districts.
    var nodes: [String] = []
    var adjacency: [String] = []
    for r in 0..<3 {
      for c in 0..<3 {
        nodes.append(
          "{\"id\": \"n\(r)\(c)\", \"population\": \(population), \"CD\": \(c < 2 ? 0 : 1), \"region\": \"R\"}"
        )
        var list: [String] = []
        for (dr, dc) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
          let (a, b) = (r + dr, c + dc)
          if (0..<3).contains(a) && (0..<3).contains(b) { list.append("{\"id\": \"n\(a)\(b)\"}") }
        }
        adjacency.append("[\(list.joined(separator: ", "))]")
      }
    }
    return bytes(
      "{\"directed\": false, \"multigraph\": false, \"graph\": {}, \"nodes\": [\(nodes.joined(separator: ", "))], \"adjacency\": [\(adjacency.joined(separator: ", "))]}"
    )
  }

  static func geoJSON(verticesPerSide: Int = 2) -> [UInt8] {
    // A 3 × 3 grid of squares of 0.1°, each side cut into `verticesPerSide` segments.
    var features: [String] = []
    for r in 0..<3 {
      for c in 0..<3 {
        let (x, y, s) = (70.0 + Double(c) * 0.1, 45.0 + Double(r) * 0.1, 0.1)
        var ring: [String] = []
        let k = verticesPerSide
        for t in 0..<k { ring.append("[\(x + s * Double(t) / Double(k)), \(y)]") }
        for t in 0..<k { ring.append("[\(x + s), \(y + s * Double(t) / Double(k))]") }
        for t in 0..<k { ring.append("[\(x + s - s * Double(t) / Double(k)), \(y + s)]") }
        for t in 0..<k { ring.append("[\(x), \(y + s - s * Double(t) / Double(k))]") }
        ring.append(ring[0])
        features.append(
          "{\"type\": \"Feature\", \"properties\": {\"id\": \"g\(r)\(c)\", \"population\": 100, \"CD\": \"\(c < 2 ? "A" : "B")\", \"region\": \"R\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[\(ring.joined(separator: ", "))]]}}"
        )
      }
    }
    return bytes(
      "{\"type\": \"FeatureCollection\", \"features\": [\(features.joined(separator: ",\n"))]}")
  }

  /// Bundled elections as definitions (a Mäjilis under the mixed system, the list-only Kurultai), alone and
  /// inside count requests.
  static let definitions: [[UInt8]] = {
    let json = ["2023-majilis", "2021-majilis", "2026-kurultai"].compactMap {
      try? BundledData.definition($0).json()
    }
    var out = json.map(bytes)
    if let first = json.first {
      out.append(bytes("{\"definition\": \(first), \"acceptValid\": true}"))
      out.append(bytes("{\"definition\": \(first), \"protocols\": []}"))
    }
    return out
  }()

  public static func seeds(for target: FuzzTarget) -> [[UInt8]] {
    switch target {
    case .protocolCSV:
      return [protocolCSV, Array(protocolCSV.prefix(400)), bytes("\u{FEFF}") + protocolCSV]
    case .protocolJSON:
      return [
        protocolJSON, bytes("{\"protocols\": []}"),
        bytes("{\"source\": \"x\", \"protocols\": [{}]}"),
      ]
    case .candidateList:
      return [bytes(FuzzProtocols.generator.candidatesCSV())]
    case .apportionmentInput:
      return [
        bytes("name,population,minimum,target\nA,1000,1,3\nB,500,1,2\nC,250,1,1\nU,,1,1\n"),
        bytes("name,population\nA,9\nB,7\nC,5\n"),
      ]
    case .networkXJSON:
      return [networkX(), networkX(population: "\"120\"")]
    case .geoJSON:
      return [geoJSON(), geoJSON(verticesPerSide: 5)]
    case .planCSV:
      return [
        bytes(
          "unit,district\n"
            + (0..<16).map { "u\($0),\($0 % 4 < 2 ? "A" : "B")" }.joined(separator: "\n") + "\n"),
        bytes("unit,district\nu0,A\nu0,B\nu1,A\n"),
      ]
    case .valuesCSV:
      return [bytes("number,turnout\n1,61.5\n2,\n3,70\n")]
    case .jsonSyntax:
      return [protocolJSON, networkX(), bytes("[1, -0.5e+3, \"\\ud83d\\ude00\", null, true, {}]")]
    case .electionDefinition:
      return definitions
    }
  }

  /// Values at the edges: huge and negative numbers, quotes, line ends, bytes that are not UTF-8, control
  /// characters, deep nesting.
  static let common: [String] = [
    ",", "\"", "\n", "\r\n", "\r", "\t", " ", "-", "0", "00", "-1", "+1", "1e308", "-1e308", "1.5",
    "9223372036854775807", "9223372036854775808", "99999999999999999999", "4611686018427387904",
    "\u{1B}[2J", "\u{0}", "\u{FEFF}", "\u{202E}", "é", "ǅ", "\u{FFFD}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}",
  ]

  public static func dictionary(for target: FuzzTarget) -> [[UInt8]] {
    var words = common
    switch target {
    case .protocolCSV:
      words +=
        ProtocolSchema.fixedColumns + ["c1", "c1001", "c0", "amanat", "synthetic", "yes", "list"]
    case .protocolJSON:
      words += [
        "\"votes\"", "{}", "[]", "null", "true", "\"\\ud800\"", "\"\\u0000\"",
        "\"ballot\": \"list\"",
        "\"precinct\": \"1\"", "\"c1\"", "\"amanat\"",
      ]
    case .candidateList:
      words += ["constituency", "position", "name", "nomination", "self", "amanat"]
    case .apportionmentInput: words += ["name", "population", "minimum", "target", "U", "1000000"]
    case .networkXJSON, .jsonSyntax:
      words += [
        "\"adjacency\"", "\"nodes\"", "\"id\"", "\"population\"", "\"CD\"", "[]", "{}", "null",
        "\"directed\": true", "{\"id\": \"n00\"}",
      ]
    case .geoJSON:
      words += [
        "[70.0, 45.0]", "[1e308, 45]", "[180.0000001, 0]", "\"MultiPolygon\"", "\"Polygon\"",
        "null",
        "[]", "\"coordinates\"",
      ]
    case .planCSV: words += ["unit", "district", "u0", "u15", "A", "B"]
    case .valuesCSV: words += ["number", "999", "1e400", "nan", "inf"]
    case .electionDefinition:
      words += [
        "\"format\"", "\"regime\"", "\"R2022\"", "\"R2026\"", "\"parties\"", "\"lists\"",
        "\"ballots\"", "\"precincts\"", "\"rules\"", "\"definition\"", "\"protocols\"",
        "\"whatIf\"", "\"files\"", "\"date\"", "\"2023-03-19\"", "\"2023-03\"", "null", "[]", "{}",
      ]
    }
    var out = words.map(bytes)
    out += [
      [0xFF], [0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ]
    return out
  }
}
