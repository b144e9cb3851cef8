import Foundation

/// The OpenAPI 3.1 document of the API: `Resources/openapi.json`, written by hand next to the routes it
/// describes. The route table (405 answers) is read from it, the tests check that every route the router
/// serves is in it and every operation in it is served, and CI validates it with openapi-spec-validator and
/// exercises it with schemathesis.
enum OpenAPIDocument {
  /// The document's bytes, as served at `/api/v1/openapi.json`.
  static let data: Data = {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
      let data = try? Data(contentsOf: url)
    else {
      fatalError("the bundled openapi.json is missing from the SaylauServer resources")
    }
    return data
  }()

  /// The document as text.
  static var json: String { String(decoding: data, as: UTF8.self) }
}
