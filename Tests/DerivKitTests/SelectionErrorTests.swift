@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
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

/// `EmitOptions.wrt` (input names) and `EmitOptions.groups` that do not fit the program or each
/// other throw an `InputGroupError`, worded without command-line options.
final class InputGroupErrorTests: XCTestCase {
    private func groupError(_ groups: [InputGroup], wrt: [String]? = nil, array: Bool = false) -> InputGroupError? {
        do {
            let p = try Program(parsing: "loss = (w1*x + w2 - t)^2 + lam*w1^2")
            _ = try p.emit(EmitOptions(language: .c, wrt: wrt, arrayInputs: array, groups: groups))
            return nil
        } catch {
            return error as? InputGroupError
        }
    }

    func testEachMistakeIsACase() {
        let params = InputGroup("params", ["w1", "w2"])
        XCTAssertNil(groupError([params, InputGroup("data", ["x", "t"])], wrt: ["params"]))
        XCTAssertNil(groupError([], wrt: ["w2", "lam"]))
        XCTAssertEqual(groupError([], wrt: ["w3"]), .notAnInput("w3", group: nil, suggestion: "w1"))
        XCTAssertEqual(groupError([], wrt: ["x", "x"]), .wrtTwice("x"))
        XCTAssertEqual(groupError([InputGroup("params", ["w1", "w9"])]), .notAnInput("w9", group: "params", suggestion: "w1"))
        XCTAssertEqual(groupError([params, InputGroup("more", ["w2"])]), .inputInTwoGroups("w2", first: "params", second: "more"))
        XCTAssertEqual(groupError([InputGroup("my params", ["w1"])]), .invalidGroupName("my params"))
        XCTAssertEqual(groupError([InputGroup("t", ["w1"])]), .groupNameIsInput("t"))
        XCTAssertEqual(groupError([params, InputGroup("params", ["x"])]), .groupTwice("params"))
        XCTAssertEqual(groupError([InputGroup("params", [])]), .emptyGroup("params"))
        XCTAssertEqual(groupError([params], wrt: ["w1"]), .wrtNamesInput("w1", group: "params"))
        XCTAssertEqual(groupError([params], wrt: ["lam"]), .wrtNamesInput("lam", group: nil))
        XCTAssertEqual(groupError([params], wrt: ["param"]), .notAGroup("param", suggestion: "params"))
        XCTAssertEqual(groupError([params], wrt: ["params", "params"]), .wrtTwice("params"))
        XCTAssertEqual(groupError([params], array: true), .groupsWithArrayInputs)
    }

    func testMessagesNameNoOption() throws {
        let errors: [InputGroupError] = [.notAnInput("w3", group: nil, suggestion: "w1"), .notAnInput("w9", group: "p", suggestion: nil),
                                         .inputInTwoGroups("w2", first: "p", second: "q"), .invalidGroupName("1p"),
                                         .groupNameIsInput("t"), .groupTwice("p"), .emptyGroup("p"), .wrtNamesInput("w1", group: "p"),
                                         .wrtNamesInput("lam", group: nil), .notAGroup("q", suggestion: "p"), .wrtTwice("p"),
                                         .groupsWithArrayInputs, .groupsWithBatch]
        for error in errors {
            XCTAssertFalse(error.description.contains("--"), error.description)
            XCTAssertEqual(error.localizedDescription, error.description)
        }
        XCTAssertEqual(InputGroupError.notAnInput("w9", group: "params", suggestion: "w1").description,
                       "group 'params' names 'w9', which is not an input of the program; did you mean 'w1'?")
    }
}
