import ArgumentParser
import Foundation
import SaylauCore
import SaylauData
import SaylauElections
import SaylauRegistry
import SaylauReports

/// `--date YYYY-MM-DD`, defaulting to the latest day on which constituencies existed.
struct DateOptions: ParsableArguments {
  @Option(
    help:
      "The day to answer for, YYYY-MM-DD (default: the latest day on which constituencies existed).",
    transform: { text in
      guard let date = CalendarDate(iso: text) else {
        throw UserError("'\(text)' is not a date of the form YYYY-MM-DD")
      }
      return date
    })
  var date: CalendarDate?

  /// The day asked for, or the registry's latest day with constituencies (the clock read once, here).
  func day(_ registry: Registry) -> CalendarDate { registry.day(date, today: Today.utc()) }
}

/// Loads the bundled registry, turning a dataset error into one line for the user.
func loadRegistry() throws -> Registry {
  do {
    return try BundledData.registry()
  } catch let error as DatasetError {
    throw UserError("the bundled dataset is invalid: \(error)")
  }
}

/// Runs one library call of a registry command. A refusal is one line on stderr and exit status 1: the
/// library's message, or with `--json` the API's problem detail's `detail` and `existence`, so both faces can
/// be compared.
func registryCall<T>(json: Bool, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch {
    let message = "\(error)"
    guard json else { throw UserError(message) }
    var refusal: [String: String] = ["detail": message]
    if let existence = existence(of: error) { refusal["existence"] = existence.rawValue }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    FileHandle.standardError.write((try? encoder.encode(refusal)) ?? Data(message.utf8))
    FileHandle.standardError.write(Data("\n".utf8))
    throw ExitCode.failure
  }
}

/// Whether a refusal is about the day (no constituencies, or uncertain ones).
func existence(of error: any Error) -> Existence? {
  switch error {
  case let e as RegistryDateError: return e.existence
  case let e as ConstituencyQueryError: if case .date(let d) = e { return d.existence }
  case let e as LookupError: if case .date(let d) = e { return d.existence }
  default: break
  }
  return nil
}

struct ConstituenciesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constituencies",
    abstract: "List the constituencies in force on a date: number, region, seat and composition.")

  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions
  @Option(help: "Only this region (code such as almaty_region, or name).")
  var region: String?

  func run() throws {
    let registry = try loadRegistry()
    let day = dateOptions.day(registry)
    var regionCode: String?
    if let region {
      guard let match = registry.region(matching: region) else {
        throw UserError("'\(region)' is not a region; see `saylau regions`")
      }
      regionCode = match.code
    }
    var list = try registryCall(json: output.json) { try registry.constituencies(on: day) }
    if output.json {
      return try printJSON(ConstituencyListView(registry, on: day, region: regionCode))
    }
    if let regionCode { list = list.filter { $0.regionCode == regionCode } }
    print(Document.text(RegistryListings.constituencies(list, registry: registry, on: day).blocks))
  }
}

struct ConstituencyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "constituency",
    abstract: "Show one constituency: infobox, summary, neighbours and the history of its number.")

  @Argument(help: "The constituency's number.")
  var number: Int
  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  /// The profile's facts with the lead paragraph beside them.
  struct Article: Encodable {
    var profile: ConstituencyProfile
    var summary: String

    enum CodingKeys: String, CodingKey { case summary }

    func encode(to encoder: Encoder) throws {
      try profile.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(summary, forKey: .summary)
    }
  }

  func run() throws {
    let registry = try loadRegistry()
    let day = dateOptions.day(registry)
    let c = try registryCall(json: output.json) { try registry.life(number: number, on: day) }
    let profile = registry.profile(of: c)
    if output.json {
      try printJSON(Article(profile: profile, summary: ConstituencySummary.lead(profile)))
      return
    }
    print(article(profile, registry: registry).text())
  }

  /// The constituency's article (SaylauReports' `ConstituencyArticle`, as the static site shows it), without
  /// its pictures and links.
  func article(_ p: ConstituencyProfile, registry: Registry) -> Document {
    let catalogue = (try? BundledData.elections()) ?? ElectionCatalogue([])
    let regimes = (try? BundledData.regimes()) ?? RegimeTable([])
    let elections = MemberElection.list(
      registry: registry, elections: catalogue, regimes: regimes, chamber: "majilis")
    return ConstituencyArticle.document(
      profile: p, registry: registry,
      extras: ArticleExtras(
        locatorMap: nil, neighbourDirections: [:], elections: [], memberElections: elections,
        electionReport: nil, articleLink: { _ in nil }))
  }
}

struct LookupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lookup",
    abstract:
      "Find the constituency of a district, city or region, by name (English, Kazakh, Russian) or code."
  )

  @Argument(
    help:
      "A unit or region: name in any of the three languages, dataset code, geo code or KATO code.")
  var query: String
  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let registry = try loadRegistry()
    let day = dateOptions.day(registry)
    let answer = try registryCall(json: output.json) { try registry.answer(query, on: day) }
    let view = LookupView(answer)
    if output.json { return try printJSON(view) }
    print(Document.text(RegistryListings.lookup(view, registry: registry).blocks, width: 200))
  }
}

struct RegionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regions",
    abstract:
      "List the regions and cities of republican significance with their number of constituencies.")

  @OptionGroup var dateOptions: DateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let registry = try loadRegistry()
    let day = dateOptions.day(registry)
    let listing = try registryCall(json: output.json) { try RegionListView(registry, on: day) }
    if output.json { return try printJSON(listing) }
    print(Document.text(RegistryListings.regions(listing, registry: registry).blocks))
  }
}
