import Testing

@testable import SaylauElections
