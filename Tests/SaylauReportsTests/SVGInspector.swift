import Foundation
import SaylauCore
import SaylauRegistry
import SaylauData
import Testing

@testable import SaylauReports

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG (or any XML) with Foundation's XMLParser and keeps every element with its attributes and
/// the attributes of its ancestors, so tests can count marks and read their colours.
final class SVGInspector: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    /// Attributes of the ancestors, nearest first.
    var ancestors: [[String: String]]
    var text: String
  }

  private(set) var elements: [Element] = []
  private var stack: [Int] = []

  /// `nil` when the document is not well-formed XML.
  static func parse(_ text: String) -> SVGInspector? {
    let inspector = SVGInspector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = inspector
    return parser.parse() ? inspector : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String]
  ) {
    let ancestors = stack.reversed().map { elements[$0].attributes }
    elements.append(
      Element(name: elementName, attributes: attributes, ancestors: ancestors, text: ""))
    stack.append(elements.count - 1)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let last = stack.last { elements[last].text += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    stack.removeLast()
  }

  func elements(named name: String, class cls: String? = nil) -> [Element] {
    elements.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
  }
}

/// The 2023 election loaded once for all tests (registry, geometry, engine decisions).
enum Fixtures {
  static let context2023: ElectionContext = {
    do {
      return try ElectionContext.load(year: 2023)
    } catch {
      fatalError("cannot load the 2023 election: \(error)")
    }
  }()
}
