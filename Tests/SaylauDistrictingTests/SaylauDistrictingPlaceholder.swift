import Testing

@testable import SaylauDistricting
