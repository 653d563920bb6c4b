@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// The output of every program of Fixtures/programs, kept per case in `Golden/<case>/`: its
/// emitted code in every language (`c.c`, `swift.swift`, `python.py`, `javascript.mjs`, `numpy.py`, as
/// `deriv emit --lang L --name f` with the fixture's `# expect emit:` options) and its printed
/// derivatives (`diff.txt`, as `deriv diff`). A new fixture needs its files made once:
/// `DERIV_UPDATE_GOLDEN=1 swift test --filter CaseGoldenTests`, then read them. The same
/// folders hold the traces and graph listings of some cases (`TraceTests`, `GraphListingTests`).
final class CaseGoldenTests: XCTestCase {
    /// The golden file of each language's emitted code.
    static let files: [CodeLanguage: String] = [.c: "c.c", .swift: "swift.swift", .python: "python.py", .javascript: "javascript.mjs",
                                                  .numpy: "numpy.py"]

    func testEmittedCode() throws {
        for fixture in try Fixture.programs() {
            let program = try Program(parsing: fixture.text, outputs: fixture.outputs)
            for language in CodeLanguage.allCases {
                var command = "deriv emit --lang \(language.rawValue) --name f"
                if fixture.emitMode == .forward { command += " --mode forward" }
                if let outputs = fixture.outputs { command += " --of " + outputs.joined(separator: ",") }
                if fixture.emitArray { command += " --array" }
                let code = try program.emit(EmitOptions(language: language, mode: fixture.emitMode, arrayInputs: fixture.emitArray,
                                                        toolVersion: "X.Y.Z", command: command))
                assertGolden(code, "\(fixture.name)/\(Self.files[language]!)")
            }
        }
    }

    func testPrintedDerivatives() throws {
        for fixture in try Fixture.programs() {
            let program = try Program(parsing: fixture.text, outputs: fixture.outputs)
            assertGolden(try DerivativeListings.diff(program, wrt: Array(program.inputs.indices)), "\(fixture.name)/diff.txt")
        }
    }
}
