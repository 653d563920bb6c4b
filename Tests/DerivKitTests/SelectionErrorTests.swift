import XCTest
@testable import DerivKit

/// `wrt` and `outputs` that do not fit the program throw a `SelectionError`, which names no
/// command-line option: the command line words it (docs/COMMANDS.md).
final class SelectionErrorTests: XCTestCase {
    private func selectionError(_ text: String, wrt: [String] = [], outputs: [String]? = nil) -> SelectionError? {
        do {
            _ = try Program(parsing: text, wrt: wrt, outputs: outputs)
            return nil
        } catch {
            return error as? SelectionError
        }
    }

    func testEachMistakeIsACase() {
        XCTAssertEqual(selectionError("x*y", wrt: ["x", "x"]), .inputTwice("x"))
        XCTAssertEqual(selectionError("t = x^2; t + 1", wrt: ["t"]), .inputAssigned("t"))
        XCTAssertEqual(selectionError("x*pi", wrt: ["pi"]), .inputIsConstant("pi", value: .pi))
        XCTAssertEqual(selectionError("f = x", outputs: []), .noOutputs)
        XCTAssertEqual(selectionError("f = x; g = 2*f", outputs: ["f", "f"]), .outputTwice("f"))
        XCTAssertEqual(selectionError("loss = x^2", outputs: ["los"]), .outputNotAssigned("los", suggestion: "loss"))
        XCTAssertEqual(selectionError("f = x", outputs: ["zzz"]), .outputNotAssigned("zzz", suggestion: nil))
        XCTAssertNil(selectionError("f = x; g = y", wrt: ["y", "x"], outputs: ["g", "f"]))
    }

    func testAnInvalidFunctionNameIsTyped() throws {
        let p = try Program(parsing: "x^2")
        XCTAssertThrowsError(try p.emit(EmitOptions(language: .c, name: "int"))) { error in
            XCTAssertEqual(error as? InvalidFunctionName, InvalidFunctionName(name: "int", language: .c, function: "int"))
        }
    }
}
