import XCTest
@testable import DerivCLI

final class EmitCommandTests: XCTestCase {
}
