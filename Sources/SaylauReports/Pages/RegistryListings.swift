import SaylauCore
import SaylauRegistry

/// The registry's listings as documents: the constituencies of a day, the regions with their seats, a
/// look-up's answer. `saylau constituencies`, `regions` and `lookup` print their text; the JSON of the same
/// answers is SaylauRegistry's views.
public enum RegistryListings {
  /// The constituencies in force on `date` (optionally of one region): number, region, seat and
  /// composition, and a note naming their set and what the registry does not know of it.
  public static func constituencies(
    _ list: [Constituency], registry: Registry, on date: CalendarDate
  ) -> Document {
    let profiles = list.map(registry.profile(of:))
    var doc = Document(title: "Constituencies on \(date)")
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["No.", "Region", "Seat", "Composition"],
          rows: profiles.map { p in
            [
              [.text(String(p.number))], [.text(p.region ?? "")], [.text(p.seat ?? "—")],
              [.text(composition(p))],
            ]
          }, numericColumns: [0])))
    if let first = profiles.first, let scheme = registry.scheme(id: first.scheme) {
      var note =
        "\(profiles.count) constituencies on \(date) (the \(scheme.id) set, in force from \(scheme.inForce)"
      note += scheme.abolished.map { ", abolished \($0))" } ?? ")"
      if !first.isSchemeComplete {
        note +=
          "; the registry knows \(first.schemeKnownCount) of its \(scheme.seatCount) constituencies"
      }
      doc.blocks.append(.paragraph([.text(note + ".")]))
    }
    return doc
  }

  /// A constituency's composition in a few words: "Entirety of Ulytau Region", or its units.
  static func composition(_ p: ConstituencyProfile) -> String {
    if p.compositionDetails.isEmpty { return "(not known)" }
    if p.coversWholeRegion { return "Entirety of \(p.region ?? "")" }
    return p.compositionDetails.map(ConstituencySummary.partLabel).joined(separator: ", ")
  }

  /// The regions of a day with their centre, population, units and constituencies.
  public static func regions(_ listing: RegionListView, registry: Registry) -> Document {
    var doc = Document(title: "Regions on \(listing.date)")
    doc.blocks.append(
      .table(
        Document.Table(
          header: ["Code", "Region", "Centre", "Population", "Units", "Seats", "Numbers"],
          rows: listing.regions.map { r in
            let population = r.region.population.map {
              "\(SVGFormat.grouped($0.value)) (\($0.date ?? $0.year.map(String.init) ?? ""))"
            }
            return [
              r.region.code, r.region.name.en, r.region.administrativeCenter ?? "",
              population ?? "not known", String(r.unitCount), String(r.constituencies.count),
              r.constituencies.map(String.init).joined(separator: ", "),
            ].map { [.text($0)] }
          }, numericColumns: [3, 4, 5])))
    doc.blocks.append(
      .paragraph([.text("\(listing.constituencyCount) constituencies on \(listing.date).")]))
    // Regions created after the scheme came into force mean the regions shown are not those of its time.
    if let day = CalendarDate(iso: listing.date),
      let schemeID = (try? registry.constituencies(on: day))?.first?.schemeID,
      let s = registry.scheme(id: schemeID),
      registry.regions.contains(where: { $0.established.map { $0 > s.inForce.earliest } ?? false })
    {
      doc.blocks.append(
        .paragraph([
          .text(
            "Regions are shown in the current division; the \(s.id) constituencies lay in the regions of their time."
          )
        ]))
    }
    return doc
  }

  /// A look-up's answer: one line per unit or region found, with the constituencies holding it.
  public static func lookup(_ answer: LookupView, registry: Registry) -> Document {
    var doc = Document(title: "Look-up on \(answer.date)")
    doc.blocks.append(
      .list(
        answer.matches.map { m in
          let numbers = m.constituencies.map { "No. \($0)" }
          var line = "\(registry.unit(code: m.code)?.displayName ?? m.name.en) (\(m.code))"
          if m.type == "unit", let region = registry.region(code: m.regionCode) {
            line += ", \(region.name.en)"
          }
          line += ": "
          if numbers.isEmpty {
            line += "no constituency on \(answer.date)"
          } else if m.partial {
            line +=
              "split between \(ConstituencySummary.listJoined(numbers)) on \(answer.date) (the dividing line is not in the registry)"
          } else {
            line +=
              (numbers.count == 1 ? "constituency " : "constituencies ")
              + ConstituencySummary.listJoined(numbers) + " on \(answer.date)"
          }
          if m.inferred { line += " [inferred]" }
          return [.text(line)]
        }))
    return doc
  }
}
