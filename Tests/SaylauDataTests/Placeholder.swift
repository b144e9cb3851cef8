import Testing

@testable import SaylauData
