import Foundation
import SaylauTestSupport

/// The built `saylau` executable, run as a user would (`SaylauTestSupport.SaylauExecutable`).
enum CLI {
  static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws
    -> CLIResult
  {
    try SaylauExecutable.run(arguments, stdin: stdin, in: directory)
  }
}
