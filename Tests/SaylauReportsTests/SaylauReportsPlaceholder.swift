import Testing

@testable import SaylauReports
