/// The frame of the server's web pages: the shared stylesheet, the navigation bar and the footer.
///
/// The pages are built as ``Document`` values like the static site's articles, so both have one
/// stylesheet (``Document/stylesheet``), one number format (``SVGFormat/grouped(_:)``) and the same
/// escaping of every stored text.
public struct SiteFrame: Sendable {
  /// Where the server serves ``Document/stylesheet``.
  public var stylesheet: String
  /// Links of the navigation bar: title and address.
  public var navigation: [(String, String)]
  public var footer: String

  public init(stylesheet: String, navigation: [(String, String)], footer: String = SiteFrame.footer)
  {
    self.stylesheet = stylesheet
    self.navigation = navigation
    self.footer = footer
  }

  /// The credit line under every page.
  public static let footer =
    "Data: the Saylau bundled dataset (Wikipedia, CEC, BNS, geokz CC BY 4.0). Blank means not found, never zero."

  /// The page of `document`, titled "… · Saylau".
  public func page(_ document: Document) -> String {
    document.html(
      stylesheet: stylesheet, navigation: navigation, footer: footer,
      pageTitle: "\(document.title) · Saylau")
  }

  /// A "not found" page with a way back.
  public func notFound(_ message: String) -> String {
    page(
      Document(
        title: "Not found",
        blocks: [
          .paragraph([.text(message)]), .paragraph([.link("All constituencies", href: "/")]),
        ]
      ))
  }
}
