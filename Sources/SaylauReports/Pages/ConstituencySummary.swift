import SaylauCore
import SaylauRegistry

/// The English prose about a constituency, written from its profile's facts only: the lead paragraph of its
/// article (static site, web page, `saylau constituency`) and the wording of its composition.
///
/// Every rule here reads the data: a scheme's counts are stated only when the registry knows the whole
/// scheme, a formation day only when it is known to the day. No year or number decides a sentence.
public enum ConstituencySummary {
  /// The lead paragraph.
  public static func lead(_ p: ConstituencyProfile) -> String {
    var sentences: [String] = []
    let ended = p.abolished != nil
    var first =
      "\(p.name.en) \(ended ? "was" : "is") a single-mandate territorial constituency of the Mäjilis of Kazakhstan"
    if let abolished = p.abolished, let inForce = p.inForce {
      first += " (\(inForce.year)–\(abolished.year))"
    }
    sentences.append(first + ".")
    if let regionName = p.regionAsNamed ?? p.region {
      var s = (ended ? "It lay in " : "It lies in ") + regionName
      if p.isSchemeComplete {
        s +=
          p.regionConstituencyCount == 1
          ? ", the region's only constituency"
          : ", one of \(words(p.regionConstituencyCount)) constituencies there"
      }
      if let seat = p.seat { s += ", with its seat in \(seat)" }
      sentences.append(s + ".")
    }
    if p.coversWholeRegion, let region = p.region {
      sentences.append((ended ? "It covered" : "It covers") + " the whole of \(region).")
    } else if !p.compositionDetails.isEmpty {
      sentences.append(
        (ended ? "It comprised " : "It comprises ")
          + listJoined(p.compositionDetails.map(partLabel)) + ".")
    }
    for other in p.history where other.scheme != p.scheme {
      var text = "A constituency with the same number existed"
      if let from = other.from { text += " from \(from.year)" }
      if let until = other.until { text += " to \(until.year)" }
      if let r = other.region { text += " in \(r)" }
      if let m = other.member {
        text += ", represented by \(m)" + (other.party.map { " (\($0))" } ?? "")
      }
      sentences.append(text + ".")
    }
    // The formation is told only where its day is known (a year alone says nothing the span above does not).
    if let formed = p.formed, formed.isExact, let inForce = p.inForce {
      sentences.append(
        "It was \(p.isReestablished ? "re-established" : "formed") by the Central Election Commission on \(formed.longDescription), in force \(inForce.isExact ? "from " : "in ")\(inForce.longDescription)."
      )
      if let abolished = p.abolished {
        sentences.append(
          "Its constituency set ended \(abolished.isExact ? "on" : "in") \(abolished.longDescription)."
        )
      }
    }
    if let m = p.member {
      sentences.append(
        m + (p.party.map { " (\($0))" } ?? "")
          + (p.memberElected.map { " was elected in \($0)" } ?? " was elected")
          + (p.votePercent.map { " with \($0)% of the vote" } ?? "") + ".")
    }
    return sentences.joined(separator: " ")
  }

  /// A unit of the composition as prose and tables write it: "part of Al-Farabi District",
  /// "Turkestan City (inferred)".
  public static func partLabel(_ part: ConstituencyProfile.Part) -> String {
    (part.partial ? "part of " : "") + part.name
      + (part.basis == .sourced ? "" : " (\(part.basis.rawValue))")
  }

  /// "a, b and c".
  public static func listJoined(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
  }

  static func words(_ n: Int) -> String {
    let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return names.indices.contains(n) ? names[n] : String(n)
  }
}
