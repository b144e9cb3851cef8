import Foundation
import HummingbirdTesting
import SaylauTestSupport
import Testing

/// The command line and the API check a plan through the same checker, so they give the same report for
/// the enacted 2023 plan: the same districts, non-contiguous list, nesting and policy (the whole check).
@Suite struct PlanCheckAgreementTests {
  @Test("saylau plan check --official 2023 and GET /api/v1/plans/enacted-2023/check agree")
  func cliAndAPIAgree() async throws {
    let cli = try SaylauExecutable.run(["plan", "check", "--official", "2023", "--json"])
    #expect(cli.status == 0, "\(cli.stderr)")
    let fromCLI = try #require(try cli.json() as? [String: Any])
    let fromAPI = try await withServer(.sqlite) { client, _ in
      let response = try await client.get("/api/v1/plans/enacted-2023/check")
      #expect(response.status == .ok)
      return response.text
    }
    let api = try #require(
      try JSONSerialization.jsonObject(with: Data(fromAPI.utf8)) as? [String: Any])
    let a = try #require(fromCLI["check"] as? [String: Any])
    let b = try #require(api["check"] as? [String: Any])
    func districts(_ c: [String: Any]) -> [String] {
      (c["districtChecks"] as? [[String: Any]] ?? []).compactMap { $0["district"] as? String }
    }
    #expect(districts(a).count == 29)
    #expect(districts(a) == districts(b))
    #expect(a["nonContiguous"] as? [String] == ["19", "27"])
    #expect(a["nonContiguous"] as? [String] == b["nonContiguous"] as? [String])
    #expect(a["nestingViolations"] as? [String] == b["nestingViolations"] as? [String])
    #expect(a["policy"] as? String == b["policy"] as? String)
    #expect(a["contiguityDependsOnPolicy"] as? [String] == ["25"])
    #expect(
      a["contiguityDependsOnPolicy"] as? [String] == b["contiguityDependsOnPolicy"] as? [String])
    // Not only those fields: the whole report is the same value.
    #expect(NSDictionary(dictionary: fromCLI).isEqual(to: api))
  }
}
