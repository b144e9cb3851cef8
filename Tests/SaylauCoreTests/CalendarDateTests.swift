import Testing

@testable import SaylauCore
