import XCTest
@testable import DerivCLI
