import Foundation

/// The NIST SP 1500-100 v2 JSON schema (a copy in `docs/schemas/nist-1500-100-v2/`) and a real validator
/// for it: python3's `jsonschema` (draft 4, formats checked, `.ci/requirements.txt`), run as a child
/// process, plus a check that every reference (`…Id`, `…Ids`) names an `@id` of the document.
public enum NISTSchema {
  /// The repository's root (from this file's place in it).
  public static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  public static let schema = repositoryRoot.appendingPathComponent(
    "docs/schemas/nist-1500-100-v2/NIST_V2_election_results_reporting.json")

  static let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("python3 has no jsonschema (pip install -r .ci/requirements.txt)", file=sys.stderr)
        sys.exit(2)
    schema = json.load(open(sys.argv[1]))
    doc = json.load(open(sys.argv[2]))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.path])
    for e in errors[:10]:
        print("/".join(str(p) for p in e.path) + ": " + e.message[:300], file=sys.stderr)
    ids = set()
    refs = []
    def walk(value, key=None):
        if isinstance(value, dict):
            if "@id" in value:
                ids.add(value["@id"])
            for k, v in value.items():
                if k not in ("@id", "VendorApplicationId") and k.endswith("Id") and isinstance(v, str):
                    refs.append((k, v))
                elif k.endswith("Ids") and isinstance(v, list):
                    refs.extend((k, x) for x in v)
                else:
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
    walk(doc)
    dangling = [(k, v) for k, v in refs if v not in ids]
    for k, v in dangling[:10]:
        print("dangling reference %s: %s" % (k, v), file=sys.stderr)
    print("checked %d references" % len(refs), file=sys.stderr)
    sys.exit(1 if errors or dangling else 0)
    """

  /// Validates the JSON file at `file`.
  /// - Returns: `nil` when it is valid and every reference resolves; otherwise the validator's words.
  public static func validate(_ file: URL) async throws -> String? {
    let child = try ChildProcess(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      arguments: ["python3", "-c", script, schema.path, file.path])
    let status = await child.wait()
    // The reader thread may still be draining the pipe.
    for _ in 0..<50 where !child.stderrText.contains("checked") && status.code != 2 {
      try await Task.sleep(for: .milliseconds(20))
    }
    return status.code == 0 ? nil : "exit \(status.code): \(child.stderrText)"
  }
}
