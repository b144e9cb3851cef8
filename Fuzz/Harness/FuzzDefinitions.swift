import SaylauCore
import SaylauData
import SaylauElections

/// The election definition reader and the count request that carries one (the body of
/// `POST /api/v1/count`), then the check and the count that follow reading.
enum FuzzDefinitions {
  /// The bundled regimes and parties: a definition is checked and counted under the law as data.
  static let regimes: RegimeTable = (try? BundledData.regimes()) ?? RegimeTable([])
  static let parties: PartyDirectory? = try? BundledData.parties()

  static func run(_ bytes: [UInt8]) {
    // The input's length picks the reader, so both meet every kind of input. No directory: as on the
    // server, a definition may not name files to read.
    let request: CountRequest
    if bytes.count % 2 == 0 {
      do {
        request = CountRequest(
          definition: try ElectionDefinition.read(bytes, file: "fuzz.json", directory: nil))
      } catch {
        for issue in error.issues { FuzzCheck.message(issue.description, "definition issue") }
        return
      }
    } else {
      do {
        request = try CountRequest.parse(bytes, name: "fuzz.json", directory: nil)
      } catch {
        for issue in error.issues { FuzzCheck.message(issue.description, "count request issue") }
        return
      }
    }
    let loaded = request.definition
    let issues = loaded.located(loaded.definition.check(regimes: regimes, parties: parties))
    for issue in issues {
      FuzzCheck.message(issue.description, "check issue")
    }
    // What was read is what is written: the writer's JSON reads back as the same definition.
    let again: LoadedDefinition
    do {
      again = try ElectionDefinition.read(
        Array(loaded.definition.json().utf8), file: "again.json", directory: nil)
    } catch {
      fatalError("the written definition does not read back: \(error.description.prefix(300))")
    }
    if again.definition != loaded.definition {
      fatalError("the written definition reads back as another definition")
    }
    guard !issues.contains(where: { $0.severity == .error }) else { return }
    do {
      // The count is a function of its input: a second count of the same request gives the same summary,
      // and no party gets a negative number of seats.
      let result = try request.count(regimes: regimes, parties: parties)
      if result.summary.rows.contains(where: { $0.listSeats < 0 || $0.appointedSeats < 0 }) {
        fatalError("a party got a negative number of seats")
      }
      if try request.count(regimes: regimes, parties: parties).summary != result.summary {
        fatalError("two counts of the same request differ")
      }
    } catch {
      FuzzCheck.error(error, "count")
    }
  }
}
