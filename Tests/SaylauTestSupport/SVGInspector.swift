import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG (or any XML) with Foundation's XMLParser and keeps every element with its attributes and
/// the attributes of its ancestors, so tests can count marks and read their colours.
public final class SVGInspector: NSObject, XMLParserDelegate {
  public struct Element: Sendable {
    public var name: String
    public var attributes: [String: String]
    /// Attributes of the ancestors, nearest first.
    public var ancestors: [[String: String]]
    public var text: String
  }

  public private(set) var elements: [Element] = []
  private var stack: [Int] = []

  /// `nil` when the document is not well-formed XML.
  public static func parse(_ text: String) -> SVGInspector? {
    let inspector = SVGInspector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = inspector
    return parser.parse() ? inspector : nil
  }

  public func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String]
  ) {
    let ancestors = stack.reversed().map { elements[$0].attributes }
    elements.append(
      Element(name: elementName, attributes: attributes, ancestors: ancestors, text: ""))
    stack.append(elements.count - 1)
  }

  public func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let last = stack.last { elements[last].text += string }
  }

  public func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    stack.removeLast()
  }

  public func elements(named name: String, class cls: String? = nil) -> [Element] {
    elements.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
  }
}
