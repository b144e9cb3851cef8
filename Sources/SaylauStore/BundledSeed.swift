import Foundation
import SaylauData

/// What a new database is seeded with: the registry and the published elections of the bundled dataset.
public struct BundledSeed: Sendable {
    /// An election with its published results.
    public struct Election: Sendable {
        public var election: ElectionRecord
        public var listResults: [ListResultRecord]
        public var candidates: [CandidateRecord]

        public init(election: ElectionRecord, listResults: [ListResultRecord], candidates: [CandidateRecord]) {
            self.election = election
            self.listResults = listResults
            self.candidates = candidates
        }
    }

    public var registry: RegistrySnapshot
    public var elections: [Election]

    public init(registry: RegistrySnapshot, elections: [Election]) {
        self.registry = registry
        self.elections = elections
    }

    /// The 2023 constituencies came into force on 1 January 2023 (CEC, 24 December 2022).
    public static let established2023 = "2023-01-01"
    /// The Mäjilis election of 19 March 2023.
    public static let election2023 = "2023-majilis"

    /// Reads the bundled CSV files.
    public static func load() throws -> BundledSeed {
        let regions = try table("regions.csv").map { r in
            RegionRecord(
                code: try r.required("code"), isoCode: try r.required("iso_3166_2"), katoPrefix: r["kato_prefix"],
                name: Names(en: try r.required("name_en"), kk: r["name_kk"], ru: r["name_ru"]),
                kind: try r.required("kind"), administrativeCenter: r["administrative_center"],
                population: try r.int("population").map {
                    Count(
                        value: $0, year: try r.int("population_year"), date: r["population_date"],
                        source: r["population_source"])
                })
        }
        let units = try table("admin_units.csv").map { r in
            UnitRecord(
                code: try r.required("code"), regionCode: try r.required("region_code"),
                name: Names(en: try r.required("name_en"), kk: r["name_kk"], ru: r["name_ru"]),
                kind: try r.required("kind"), kato: r["kato"],
                population: try r.int("population").map {
                    Count(
                        value: $0, year: r["population_date"].flatMap { Int($0.prefix(4)) }, date: r["population_date"],
                        source: r["population_source"])
                }, census2021: try r.int("census_2021_population"),
                geoCodes: (r["geo_code"] ?? "").split(separator: ";").map(String.init).sorted())
        }
        let constituencies = try table("constituencies_2023.csv").map { r in
            let number = try r.int("number") ?? 0
            var shares: [UnitShareRecord] = []
            for (field, inferred) in [("composition", false), ("composition_inferred", true)] {
                for item in (r[field] ?? "").split(separator: ";") {
                    let partial = item.hasSuffix(":part")
                    let code = partial ? String(item.dropLast(5)) : String(item)
                    shares.append(UnitShareRecord(unitCode: code, isPartial: partial, isInferred: inferred))
                }
            }
            // Published borders where known, otherwise those derived from the geometry.
            let borders = (r["borders"] ?? r["borders_derived"] ?? "").split(separator: ";").compactMap { Int($0) }.sorted()
            return ConstituencyRecord(
                id: "2023-\(number)", number: number, regionCode: r["region_code"], seat: r["seat"],
                population: try r.int("population").map { Count(value: $0, year: try r.int("population_year")) },
                electorate: try r.int("electorate").map {
                    Count(value: $0, year: try r.int("electorate_year"), source: r["electorate_source"])
                }, composition: shares, borders: borders,
                member: r["member_2023"].map { MemberRecord(name: $0, party: r["party_2023"]) },
                established: established2023, abolished: nil)
        }
        let party = try table("results_2023_party_list.csv")
        var listResults: [ListResultRecord] = []
        var national: Row?
        for r in party {
            if r["row_type"] == "national" {
                national = r
                continue
            }
            listResults.append(
                ListResultRecord(
                    partyCode: try r.required("party_code"), rowType: try r.required("row_type"),
                    name: Names(en: try r.required("party_en"), kk: r["party_kk"], ru: r["party_ru"]),
                    votes: try r.int("votes"), percent: r["percent"], listSeats: try r.int("list_seats"),
                    constituencySeats: try r.int("constituency_seats"), totalSeats: try r.int("total_seats")))
        }
        let candidates = try table("results_2023_constituencies.csv").filter { $0["row_type"] == "candidate" }.map { r in
            CandidateRecord(
                constituency: try r.int("constituency") ?? 0, candidate: try r.required("candidate"),
                party: r["party_or_nomination"], votes: try r.int("votes"), percent: r["percent"],
                elected: r["elected"] == "yes")
        }
        let election = ElectionRecord(
            id: election2023, date: "2023-03-19", chamber: "majilis", title: "Mäjilis election, 19 March 2023",
            listSeats: try national?.int("list_seats"), constituencySeats: try national?.int("constituency_seats"),
            electorate: try national?.int("electorate"), ballotsCast: try national?.int("ballots_cast"),
            turnoutPercent: national?["turnout_pct"], synthetic: false, source: national?["source"])
        return BundledSeed(
            registry: RegistrySnapshot(regions: regions, units: units, constituencies: constituencies),
            elections: [Election(election: election, listResults: listResults, candidates: candidates)])
    }

    /// A CSV row with its file and line for error messages.
    struct Row {
        var file: String
        var line: Int
        var fields: [String: String]

        /// A field's text; blank cells are `nil` (not found), never "".
        subscript(_ name: String) -> String? {
            guard let v = fields[name], !v.isEmpty else { return nil }
            return v
        }

        func required(_ name: String) throws -> String {
            guard let v = self[name] else {
                throw StoreError(.invalidInput, "\(file):\(line): field '\(name)' is empty")
            }
            return v
        }

        func int(_ name: String) throws -> Int? {
            guard let v = self[name] else { return nil }
            guard let n = Int(v) else {
                throw StoreError(.invalidInput, "\(file):\(line): field '\(name)': '\(v)' is not a whole number")
            }
            return n
        }
    }

    static func table(_ name: String) throws -> [Row] {
        guard let url = ServerResources.url(name) else {
            throw StoreError(.notFound, "\(name): not in the bundled dataset")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let records = CSVText.parse(text)
        guard let header = records.first?.fields else { return [] }
        return records.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map { record in
            var fields: [String: String] = [:]
            for (i, key) in header.enumerated() where i < record.fields.count { fields[key] = record.fields[i] }
            return Row(file: name, line: record.line, fields: fields)
        }
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
enum CSVText {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && chars.first == "\n" { chars.removeFirst() }
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
