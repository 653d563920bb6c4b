@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Long Swift functions are written as calls of private parts (docs/PERFORMANCE.md, "Compile
/// time"); EmitRunTests compiles and runs the "long" case bit for bit.
final class FunctionPartsTests: XCTestCase {
    func testOnlyLongFunctionsAreSplit() throws {
        let long = try Program(parsing: EmitCorpus.longProgram).emit(.swift)
        XCTAssertTrue(long.contains("private func fGradientPart1(_ x2: Double, _ x1: Double"))
        XCTAssertTrue(long.contains(") = fGradientPart1(x2,"))
        XCTAssertTrue(long.contains("private func fPart1("), "f has over 300 operations")
        XCTAssertTrue(long.contains("private func fGradientPart4("), "parts of 100 lines")
        // Rosenbrock of 30 inputs: f has 231 operations, fGradient 404.
        let middle = try Program(parsing: (1..<30).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }
            .joined(separator: " + ")).emit(.swift)
        XCTAssertFalse(middle.contains("private func fPart1("))
        XCTAssertTrue(middle.contains("private func fGradientPart1("))
        let short = try Program(parsing: "x*y + sin(x)").emit(.swift)
        XCTAssertFalse(short.contains("Part1"))
    }

    func testIdentifiersSkipMembersAndNumbers() {
        XCTAssertEqual(FunctionParts.identifiers("x1_bar * t12.squareRoot() + 1e-5 * exp(y) - Double.nan"),
                       ["x1_bar", "t12", "exp", "y", "Double"])
    }
}
