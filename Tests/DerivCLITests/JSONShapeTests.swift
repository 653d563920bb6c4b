@_spi(DerivCore) import DerivKit
import Foundation
import XCTest

/// The JSON of every command (docs/COMMANDS.md, "JSON"): one shape per concept. Each test
/// compares the exact text (which fixes the order of keys: input order, then output order) and
/// reads it back with JSONSerialization, as a script would.
final class JSONShapeTests: XCTestCase {
    /// Asserts `run` succeeded with one line of JSON equal to `expected`, that JSONSerialization
    /// reads it, and returns the object it reads.
    @discardableResult
    func assertJSON(_ run: Run, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, "\(run)", file: file, line: line)
        XCTAssertEqual(run.out, expected + "\n", file: file, line: line)
        let parsed = try JSONSerialization.jsonObject(with: Data(run.out.utf8))
        return try XCTUnwrap(parsed as? [String: Any], "not an object: \(run.out)", file: file, line: line)
    }

    // MARK: Numbers at a point

    func testEvalAlwaysHasValuesAndValueForOneOutput() throws {
        let one = try assertJSON(deriv(["eval", "x*y", "--at", "x=2,y=3", "--json"]), #"{"value": 6, "values": {"f": 6}}"#)
        XCTAssertEqual(one["value"] as? Double, 6)
        XCTAssertEqual((one["values"] as? [String: Double])?["f"], 6)
        let two = try assertJSON(deriv(["eval", "f = x*y; g = x + y", "--of", "g,f", "--at", "x=2,y=3", "--json"]),
                                 #"{"values": {"g": 5, "f": 6}}"#)
        XCTAssertEqual(Array(two.keys), ["values"])
    }

    func testGradientIsAnObjectByInputInEveryCommand() throws {
        let program = "x^2*y", at = ["--at", "x=1,y=2", "--json"]
        let gradient = #""gradient": {"x": 4, "y": 1}"#
        try assertJSON(deriv(["grad", program] + at), #"{"value": 2, \#(gradient)}"#)
        try assertJSON(deriv(["hessian", program] + at),
                       #"{"inputs": ["x", "y"], "value": 2, \#(gradient), "hessian": [[4, 2], [2, 0]]}"#)
        let check = deriv(["check", program] + at)
        XCTAssertTrue(check.out.hasPrefix(#"{"value": 2, \#(gradient), "finiteDifferences": {"x": "#), check.out)
        XCTAssertTrue(check.out.hasSuffix(#", "y": 1}, "agree": true}"# + "\n"), check.out)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["value", "gradient", "finiteDifferences", "agree"])
        // --wrt orders the keys.
        try assertJSON(deriv(["grad", program, "--wrt", "y,x"] + at), #"{"value": 2, "gradient": {"y": 1, "x": 4}}"#)
        try assertJSON(deriv(["hessian", program, "--wrt", "y,x"] + at),
                       #"{"inputs": ["y", "x"], "value": 2, "gradient": {"y": 1, "x": 4}, "hessian": [[0, 2], [2, 4]]}"#)
    }

    func testJacobianValuesByOutputAndTheMatrixAsRows() throws {
        let object = try assertJSON(deriv(["jacobian", "f = x*y; g = x + sin(y)", "--of", "g,f", "--at", "x=2,y=0", "--json"]),
                                    #"{"inputs": ["x", "y"], "outputs": ["g", "f"], "values": {"g": 2, "f": 0}, "jacobian": [[1, 1], [0, 2]]}"#)
        XCTAssertEqual(object["jacobian"] as? [[Double]], [[1, 1], [0, 2]])
    }

    func testNonFiniteNumbersAreStringsEverywhere() throws {
        let at = ["--at", "x=0,y=1", "--json"]
        try assertJSON(deriv(["eval", "y/x"] + at), #"{"value": "Infinity", "values": {"f": "Infinity"}}"#)
        try assertJSON(deriv(["grad", "log(x)*y"] + at), #"{"value": "-Infinity", "gradient": {"x": "Infinity", "y": "-Infinity"}}"#)
        try assertJSON(deriv(["hessian", "log(x)*y"] + at),
                       #"{"inputs": ["x", "y"], "value": "-Infinity", "gradient": {"x": "Infinity", "y": "-Infinity"}, "#
                       + #""hessian": [["-Infinity", "Infinity"], ["Infinity", 0]]}"#)
        try assertJSON(deriv(["jacobian", "f = sqrt(x - 1); g = y", "--of", "f,g"] + at),
                       #"{"inputs": ["x", "y"], "outputs": ["f", "g"], "values": {"f": "NaN", "g": 1}, "jacobian": [["NaN", 0], [0, 1]]}"#)
        let check = try assertJSON(deriv(["check", "log(x)"] + at.dropFirst(2) + ["--at", "x=0"]),
                                   #"{"value": "-Infinity", "gradient": {"x": "Infinity"}, "finiteDifferences": {"x": "NaN"}, "agree": false}"#)
        XCTAssertEqual(check["agree"] as? Bool, false)
        for command in ["trace", "graph"] {
            let run = deriv([command, "log(x)*y"] + at)
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(run.out.utf8)), run.out)
            XCTAssertTrue(run.out.contains(#""value": "-Infinity""#), run.out)
            XCTAssertTrue(run.out.contains(#""Infinity""#), run.out)
        }
    }

    // MARK: Formulas

    func testDiffFormulasByOutputThenInput() throws {
        let program = "(x^2 + y^2)^0.5 + sin(x^2 + y^2)"
        let shared = #""shared": {"t1": "x^2 + y^2"}"#
        let object = try assertJSON(deriv(["diff", program, "--json"]),
                                    #"{"inputs": ["x", "y"], "outputs": ["f"], "order": 1, \#(shared), "#
                                    + #""derivatives": {"f": {"x": "2*x*cos(t1) + x/t1^0.5", "y": "2*y*cos(t1) + y/t1^0.5"}}}"#)
        XCTAssertEqual((object["derivatives"] as? [String: [String: String]])?["f"]?["y"], "2*y*cos(t1) + y/t1^0.5")
        // The default command, --inline (nothing shared), --order, --wrt.
        try assertJSON(deriv([program, "--inline", "--wrt", "y", "--json"]),
                       #"{"inputs": ["y"], "outputs": ["f"], "order": 1, "shared": {}, "#
                       + #""derivatives": {"f": {"y": "2*y*cos(x^2 + y^2) + y/(x^2 + y^2)^0.5"}}}"#)
        try assertJSON(deriv(["diff", "x^3*y", "--order", "2", "--json"]),
                       #"{"inputs": ["x", "y"], "outputs": ["f"], "order": 2, "shared": {}, "derivatives": {"f": {"x": "6*x*y", "y": "0"}}}"#)
        try assertJSON(deriv(["diff", "f = x*y; g = x + sin(y)", "--of", "f,g", "--json"]),
                       #"{"inputs": ["x", "y"], "outputs": ["f", "g"], "order": 1, "shared": {}, "#
                       + #""derivatives": {"f": {"x": "y", "y": "x"}, "g": {"x": "1", "y": "cos(y)"}}}"#)
        try assertJSON(deriv(["diff", "x^2", "--format", "latex", "--json"]),
                       #"{"inputs": ["x"], "outputs": ["f"], "order": 1, "shared": {}, "derivatives": {"f": {"x": "2 x"}}}"#)
        let constant = deriv(["diff", "3", "--json"])
        XCTAssertEqual(constant.out, #"{"inputs": [], "outputs": ["f"], "order": 1, "shared": {}, "derivatives": {"f": {}}}"# + "\n")
        XCTAssertTrue(constant.err.contains("nothing to differentiate"), constant.err)
    }

    /// Without `--at`, the same keys as with it, formulas in place of numbers.
    func testJacobianAndHessianFormulas() throws {
        let jacobian = try assertJSON(deriv(["jacobian", "f = x*y; g = x + sin(y)", "--of", "f,g", "--json"]),
                                      #"{"inputs": ["x", "y"], "outputs": ["f", "g"], "shared": {}, "jacobian": [["y", "x"], ["1", "cos(y)"]]}"#)
        XCTAssertEqual(jacobian["jacobian"] as? [[String]], [["y", "x"], ["1", "cos(y)"]])
        // The whole symmetric matrix, where the text lists the upper triangle.
        try assertJSON(deriv(["hessian", "atan(x/y)", "--json"]),
                       #"{"inputs": ["x", "y"], "shared": {"t1": "(x^2 + y^2)^2"}, "#
                       + #""hessian": [["-2*x*y/t1", "(x^2 - y^2)/t1"], ["(x^2 - y^2)/t1", "2*x*y/t1"]]}"#)
        try assertJSON(deriv(["hessian", "x^2*y + y^3", "--wrt", "y,x", "--json"]),
                       #"{"inputs": ["y", "x"], "shared": {}, "hessian": [["6*y", "2*x"], ["2*x", "2*y"]]}"#)
        try assertJSON(deriv(["hessian", "x^2", "--format", "latex", "--json"]), #"{"inputs": ["x"], "shared": {}, "hessian": [["2"]]}"#)
        try assertJSON(deriv(["jacobian", "3", "--json"]), #"{"inputs": [], "outputs": ["f"], "shared": {}, "jacobian": [[]]}"#)
    }

    // MARK: trace and graph

    func testTraceRowsCarryTheNumbersOfTheText() throws {
        let object = try assertJSON(deriv(["trace", "x + y*z", "--at", "x=-2,y=5,z=-4", "--json"]),
            #"{"inputs": ["x", "y", "z"], "outputs": ["f"], "point": {"x": -2, "y": 5, "z": -4}, "mode": "reverse", "forwardPass": ["#
            + #"{"name": "x", "operation": "input", "formula": "", "withNumbers": "", "value": -2}, "#
            + #"{"name": "y", "operation": "input", "formula": "", "withNumbers": "", "value": 5}, "#
            + #"{"name": "z", "operation": "input", "formula": "", "withNumbers": "", "value": -4}, "#
            + #"{"name": "t1", "operation": "mul", "formula": "y*z", "withNumbers": "5*(-4)", "value": -20}, "#
            + #"{"name": "f", "operation": "add", "formula": "x + t1", "withNumbers": "-2 + (-20)", "value": -22}], "#
            + #""sweeps": [{"mode": "reverse", "output": "f", "rows": [{"name": "f", "terms": [], "value": 1}, "#
            + #"{"name": "t1", "terms": [{"via": "f", "upstream": 1, "local": "1", "localValue": 1, "product": 1}], "value": 1}, "#
            + #"{"name": "z", "terms": [{"via": "t1", "upstream": 1, "local": "y", "localValue": 5, "product": 5}], "value": 5}, "#
            + #"{"name": "y", "terms": [{"via": "t1", "upstream": 1, "local": "z", "localValue": -4, "product": -4}], "value": -4}, "#
            + #"{"name": "x", "terms": [{"via": "f", "upstream": 1, "local": "1", "localValue": 1, "product": 1}], "value": 1}], "#
            + #""gradient": {"x": 1, "y": -4, "z": 5}}]}"#)
        // The gradient the sweep ends in is grad's, bit for bit.
        let grad = try JSONSerialization.jsonObject(with: Data(deriv(["grad", "x + y*z", "--at", "x=-2,y=5,z=-4", "--json"]).out.utf8))
        let sweep = try XCTUnwrap((object["sweeps"] as? [[String: Any]])?.first)
        XCTAssertEqual(sweep["gradient"] as? [String: Double], (grad as? [String: Any])?["gradient"] as? [String: Double])
    }

    func testTraceForwardSweeps() throws {
        try assertJSON(deriv(["trace", "f = x^2; g = sin(x)", "--of", "f,g", "--at", "x=0", "--mode", "forward", "--json"]),
            #"{"inputs": ["x"], "outputs": ["f", "g"], "point": {"x": 0}, "mode": "forward", "forwardPass": ["#
            + #"{"name": "x", "operation": "input", "formula": "", "withNumbers": "", "value": 0}, "#
            + #"{"name": "f", "operation": "pow", "formula": "x^2", "withNumbers": "0^2", "value": 0}, "#
            + #"{"name": "g", "operation": "sin", "formula": "sin(x)", "withNumbers": "sin(0)", "value": 0}], "#
            + #""sweeps": [{"mode": "forward", "input": "x", "rows": [{"name": "x", "terms": [], "value": 1}, "#
            + #"{"name": "f", "terms": [{"via": "x", "upstream": 1, "local": "2*x", "localValue": 0, "product": 0}], "value": 0}, "#
            + #"{"name": "g", "terms": [{"via": "x", "upstream": 1, "local": "cos(x)", "localValue": 1, "product": 1}], "value": 1}], "#
            + #""derivatives": {"f": 0, "g": 1}}]}"#)
    }

    func testGraphNodes() throws {
        try assertJSON(deriv(["graph", "c = a + b; d = b + 1; e = c * d", "--json"]),
            #"{"inputs": ["a", "b"], "outputs": ["e"], "nodes": [{"name": "a", "op": "input", "args": [], "formula": ""}, "#
            + #"{"name": "b", "op": "input", "args": [], "formula": ""}, {"name": "c", "op": "add", "args": ["a", "b"], "formula": "a + b"}, "#
            + #"{"name": "d", "op": "add", "args": ["b", 1], "formula": "b + 1"}, {"name": "e", "op": "mul", "args": ["c", "d"], "formula": "c*d"}], "#
            + #""outputNodes": {"e": "e"}}"#)
        // At a point: each value, and its adjoint for every output (0 where it does not reach one).
        try assertJSON(deriv(["graph", "f = x*y; g = sin(x)", "--of", "f,g", "--at", "x=0,y=2", "--json"]),
            #"{"inputs": ["x", "y"], "outputs": ["f", "g"], "nodes": ["#
            + #"{"name": "x", "op": "input", "args": [], "formula": "", "value": 0, "adjoint": {"f": 2, "g": 1}}, "#
            + #"{"name": "y", "op": "input", "args": [], "formula": "", "value": 2, "adjoint": {"f": 0, "g": 0}}, "#
            + #"{"name": "f", "op": "mul", "args": ["x", "y"], "formula": "x*y", "value": 0, "adjoint": {"f": 1, "g": 0}}, "#
            + #"{"name": "g", "op": "sin", "args": ["x"], "formula": "sin(x)", "value": 0, "adjoint": {"f": 0, "g": 1}}], "#
            + #""outputNodes": {"f": "f", "g": "g"}}"#)
        // The gradient graph: its derivative nodes marked, no adjoints (its outputs are them).
        try assertJSON(deriv(["graph", "x*sin(y)", "--grad", "--at", "x=2,y=0", "--json"]),
            #"{"inputs": ["x", "y"], "outputs": ["f", "df/dx", "df/dy"], "nodes": ["#
            + #"{"name": "x", "op": "input", "args": [], "formula": "", "value": 2, "sweep": false}, "#
            + #"{"name": "y", "op": "input", "args": [], "formula": "", "value": 0, "sweep": false}, "#
            + #"{"name": "df_dx", "op": "sin", "args": ["y"], "formula": "sin(y)", "value": 0, "sweep": false}, "#
            + #"{"name": "f", "op": "mul", "args": ["x", "df_dx"], "formula": "x*df_dx", "value": 0, "sweep": false}, "#
            + #"{"name": "t1", "op": "cos", "args": ["y"], "formula": "cos(y)", "value": 1, "sweep": true}, "#
            + #"{"name": "y_bar", "op": "mul", "args": ["x", "t1"], "formula": "x*t1", "value": 2, "sweep": true}], "#
            + #""outputNodes": {"f": "f", "df/dx": "df_dx", "df/dy": "y_bar"}}"#)
        try assertJSON(deriv(["graph", "3", "--json"]), #"{"inputs": [], "outputs": ["f"], "nodes": [], "outputNodes": {"f": 3}}"#)
    }

    func testJSONAndATextFormatAreAUsageError() {
        assertFails(deriv(["graph", "x", "--format", "dot", "--json"]), 2,
                    "error: --json and --format dot are two ways to print the same thing; give one\n" + usage("graph"))
        assertFails(deriv(["trace", "x", "--at", "x=1", "--format", "markdown", "--json"]), 2,
                    "error: --json and --format markdown are two ways to print the same thing; give one\n" + usage("trace"))
    }

    // MARK: ops

    /// The text of a big program is summarised; its JSON lists every input.
    func testOpsJSONStaysComplete() throws {
        let program = (1...30).map { "x\($0)" }.joined(separator: " + ")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(deriv(["ops", program, "--json"]).out.utf8)) as? [String: Any])
        let byInput = try XCTUnwrap((object["paths"] as? [String: Any])?["byInput"] as? [String: Any])
        XCTAssertEqual(byInput.count, 30)
        XCTAssertEqual(object["inputs"] as? Int, 30)
    }
}
