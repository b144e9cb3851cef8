import SaylauCore

/// Everything the registry says about one life of a constituency, shaped like an encyclopedia infobox.
///
/// The CLI prints it, the HTTP API serves it as JSON, and the reports render it; all three read the same
/// value. Blank facts stay `nil`.
public struct ConstituencyProfile: Codable, Sendable, Equatable {
  public struct Neighbour: Codable, Sendable, Equatable {
    public var number: Int
    public var region: String?
    public var regionCode: String?
  }

  public struct Part: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: String
    public var partial: Bool
    public var basis: String
  }

  public struct Life: Codable, Sendable, Equatable {
    public var scheme: String
    public var from: String
    public var until: String?
    public var region: String?
    public var member: String?
    public var party: String?
    public var votePercent: String?
  }

  public var id: String
  public var number: Int
  public var name: LocalizedName
  public var region: String?
  public var regionCode: String?
  public var seat: String?
  public var population: Int?
  public var populationYear: Int?
  public var electorate: Int?
  public var electorateYear: Int?
  public var electorateSource: String?
  /// When the CEC formed this life's scheme.
  public var formed: String
  /// The first day the constituency existed.
  public var inForce: String
  /// The first day it no longer existed.
  public var abolished: String?
  public var abolitionBasis: String?
  public var legalBasis: String
  public var member: String?
  public var party: String?
  public var votePercent: String?
  public var memberElected: Int?
  /// Bordering constituencies' numbers, ascending.
  public var borders: [Int]
  /// `sourced` or `derived` (computed from the geometry).
  public var bordersBasis: String?
  public var neighbours: [Neighbour]
  /// Unit codes, as in the dataset (`almaty_region.karasay`).
  public var composition: [String]
  public var compositionDetails: [Part]
  /// Every known life of this number, oldest first.
  public var history: [Life]
  /// How many constituencies the scheme had, and how many of them the registry knows.
  public var schemeSeatCount: Int
  public var schemeKnownCount: Int
  /// The lead paragraph of the article.
  public var summary: String
  public var notes: String?
  public var sources: [String]
}

extension Registry {
  /// The profile of a constituency life.
  public func profile(of c: Constituency) -> ConstituencyProfile {
    let scheme = self.scheme(id: c.schemeID)
    let region = c.regionCode.flatMap { self.region(code: $0) }
    let parts = c.composition.map { share -> ConstituencyProfile.Part in
      let unit = self.unit(code: share.unitCode)
      return ConstituencyProfile.Part(
        code: share.unitCode, name: unit?.displayName ?? share.unitCode,
        kind: unit?.kind.rawValue ?? "",
        partial: share.isPartial, basis: share.basis.rawValue)
    }
    let neighbours = c.borders.map { n -> ConstituencyProfile.Neighbour in
      let other = constituencies.first { $0.schemeID == c.schemeID && $0.number == n }
      return ConstituencyProfile.Neighbour(
        number: n, region: other?.regionCode.flatMap { self.region(code: $0)?.name.en },
        regionCode: other?.regionCode)
    }
    let lives = history(of: c.number).map { life -> ConstituencyProfile.Life in
      let s = self.scheme(id: life.schemeID)
      return ConstituencyProfile.Life(
        scheme: life.schemeID, from: s?.inForce.description ?? life.schemeID,
        until: s?.abolished?.description, region: life.regionName ?? life.regionCode,
        member: life.member?.name, party: life.member?.party, votePercent: life.member?.votePercent)
    }
    return ConstituencyProfile(
      id: c.id, number: c.number, name: c.name, region: region?.name.en ?? c.regionName,
      regionCode: c.regionCode,
      seat: c.seat, population: c.population?.value, populationYear: c.population?.year,
      electorate: c.electorate?.value, electorateYear: c.electorate?.year,
      electorateSource: c.electorate?.source,
      formed: scheme?.formed.description ?? c.schemeID,
      inForce: scheme?.inForce.description ?? c.schemeID,
      abolished: scheme?.abolished?.description, abolitionBasis: scheme?.abolitionBasis,
      legalBasis: scheme?.legalBasis ?? "", member: c.member?.name, party: c.member?.party,
      votePercent: c.member?.votePercent, memberElected: c.member?.elected, borders: c.borders,
      bordersBasis: c.bordersBasis?.rawValue, neighbours: neighbours,
      composition: c.composition.map(\.unitCode),
      compositionDetails: parts, history: lives, schemeSeatCount: scheme?.seatCount ?? 0,
      schemeKnownCount: constituencies.filter { $0.schemeID == c.schemeID }.count,
      summary: summary(of: c), notes: c.notes, sources: c.sources)
  }

  /// The lead paragraph of a constituency's article, written from the registry's facts only.
  public func summary(of c: Constituency) -> String {
    var sentences: [String] = []
    let scheme = self.scheme(id: c.schemeID)
    let region = c.regionCode.flatMap { self.region(code: $0) }
    let regionName = c.schemeID == "2023" ? region?.name.en : (c.regionName ?? region?.name.en)
    var first =
      "\(c.name.en) is a single-mandate territorial constituency of the Mäjilis of Kazakhstan"
    if let abolished = scheme?.abolished {
      first =
        "\(c.name.en) was a single-mandate territorial constituency of the Mäjilis of Kazakhstan"
      first += " (\(scheme!.inForce.year)–\(abolished.year))"
    }
    sentences.append(first + ".")
    if let regionName {
      let siblings = constituencies.filter {
        $0.schemeID == c.schemeID && $0.regionCode == c.regionCode
      }.count
      let known = c.schemeID == "2023"
      var s = (scheme?.abolished == nil ? "It lies in " : "It lay in ") + regionName
      if known {
        s +=
          siblings == 1
          ? ", the region's only constituency" : ", one of \(words(siblings)) constituencies there"
      }
      if let seat = c.seat { s += ", with its seat in \(seat)" }
      sentences.append(s + ".")
    }
    let names = c.composition.compactMap { unit(code: $0.unitCode) }
    if !names.isEmpty, let region, names.count == units(inRegion: region.code).count,
      !c.composition.contains(where: \.isPartial)
    {
      sentences.append(
        (scheme?.abolished == nil ? "It covers" : "It covered") + " the whole of \(region.name.en)."
      )
    } else if !names.isEmpty {
      let listed = c.composition.compactMap { share -> String? in
        guard let u = unit(code: share.unitCode) else { return nil }
        return (share.isPartial ? "part of " : "") + u.displayName
          + (share.basis == .sourced ? "" : " (\(share.basis.rawValue))")
      }
      sentences.append(
        (scheme?.abolished == nil ? "It comprises " : "It comprised ") + listJoined(listed) + ".")
    }
    let lives = history(of: c.number)
    let others = lives.filter { $0.schemeID != c.schemeID }
    for other in others {
      guard let s = self.scheme(id: other.schemeID) else { continue }
      var text = "A constituency with the same number existed from \(s.inForce.year)"
      if let a = s.abolished { text += " to \(a.year)" }
      if let r = other.regionName { text += " in \(r)" }
      if let m = other.member {
        text += ", represented by \(m.name)" + (m.party.map { " (\($0))" } ?? "")
      }
      sentences.append(text + ".")
    }
    if let scheme, c.schemeID == "2023" {
      let again = others.isEmpty ? "formed" : "re-established"
      sentences.append(
        "It was \(again) by the Central Election Commission on \(scheme.formed.longDescription), in force \(scheme.inForce.longDescription)."
      )
      if let a = scheme.abolished {
        sentences.append(
          "The Constitution of 2026 ended the single-mandate constituencies on \(a.longDescription), when the Kurultai came to be elected from party lists only."
        )
      }
    }
    if let m = c.member {
      sentences.append(
        "\(m.name)" + (m.party.map { " (\($0))" } ?? "") + " was elected in \(m.elected)"
          + (m.votePercent.map { " with \($0)% of the vote" } ?? "") + ".")
    }
    return sentences.joined(separator: " ")
  }

  private func words(_ n: Int) -> String {
    ["zero", "one", "two", "three", "four", "five"].indices.contains(n)
      ? ["zero", "one", "two", "three", "four", "five"][n] : String(n)
  }
}

/// "a, b and c".
public func listJoined(_ items: [String]) -> String {
  switch items.count {
  case 0: return ""
  case 1: return items[0]
  default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }
}
