import Foundation
import XCTest
@testable import DerivCLI

/// `deriv hvp`: the Hessian-vector product at `--at` along `--v`, as text and JSON.
final class HvpCommandTests: XCTestCase {
    // f = x²y + y³: gradient (2xy, x² + 3y²) = (4, 13) at (1, 2); H = [[2y, 2x], [2x, 6y]] = [[4, 2], [2, 12]].
    private let program = "x^2*y + y^3"

    func testTextTable() {
        assertSucceeds(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "x=1,y=0"]), """
            value = 10
            input  v  gradient  H*v
            x      1   4        4
            y      0  13        2

            """)
    }

    func testJSONKeyedByInputInInputOrder() {
        assertSucceeds(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "y=0.5,x=1", "--json"]),
                       "{\"value\": 10, \"gradient\": {\"x\": 4, \"y\": 13}, \"hvp\": {\"x\": 5, \"y\": 8}}\n")
        assertSucceeds(deriv(["hvp", program, "--wrt", "y,x", "--at", "x=1,y=2", "--v", "y=1", "--json"]),
                       "{\"value\": 10, \"gradient\": {\"y\": 13, \"x\": 4}, \"hvp\": {\"y\": 12, \"x\": 2}}\n")
        assertSucceeds(deriv(["hvp", "f = x^2*y; g = y^3", "--of", "f", "--at", "x=1,y=2", "--v", "x=1", "--json"]),
                       "{\"value\": 2, \"gradient\": {\"x\": 4, \"y\": 1}, \"hvp\": {\"x\": 4, \"y\": 2}}\n")
    }

    func testDirectionValuesAsAtTakesThem() throws {
        let path = try temporaryFile(#"{"x": "1/2", "y": 0}"#, name: "v.json")
        assertSucceeds(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "@" + path, "--json"]),
                       "{\"value\": 10, \"gradient\": {\"x\": 4, \"y\": 13}, \"hvp\": {\"x\": 2, \"y\": 1}}\n")
        assertSucceeds(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "x=sqrt(4)/2", "--json"]),
                       "{\"value\": 10, \"gradient\": {\"x\": 4, \"y\": 13}, \"hvp\": {\"x\": 4, \"y\": 2}}\n")
    }

    func testDirectionMistakes() {
        assertFails(deriv(["hvp", program, "--at", "x=1,y=2"]), 2,
                    "error: give a direction with --v, e.g. --v x=1,y=0\n" + usage("hvp"))
        assertSucceeds(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "z=1", "--json"]),
                       "{\"value\": 10, \"gradient\": {\"x\": 4, \"y\": 13}, \"hvp\": {\"x\": 0, \"y\": 0}}\n",
                       err: "warning: 'z' in --v is not an input of the program\n")
        assertSucceeds(deriv(["hvp", program, "--wrt", "y", "--at", "x=1,y=2", "--v", "x=1,y=1", "--json"]),
                       "{\"value\": 10, \"gradient\": {\"y\": 13}, \"hvp\": {\"y\": 12}}\n",
                       err: "warning: 'x' in --v is not among the inputs of --wrt, so it is not used\n")
        assertFails(deriv(["hvp", program, "--at", "x=1,y=2", "--v", "x=a"]), 2,
                    "error: --v: the value of 'x', 'a', is not a number or a constant expression: it uses the name 'a' "
                        + "(the constants are pi and e)\n" + usage("hvp"))
        assertFails(deriv(["hvp", "f = x; g = y", "--of", "f,g", "--at", "x=1,y=2", "--v", "x=1"]), 2,
                    "error: hvp takes one output; choose it with --of\n" + usage("hvp"))
        assertFails(deriv(["hvp", program, "--v", "x=1"]), 2,
                    "error: give a point with --at, e.g. --at x=1,y=1\n" + usage("hvp"))
    }

    /// Many inputs: one forward sweep over the gradient, so 2,000 inputs take no longer than a few gradients.
    func testManyInputs() throws {
        let n = 2_000
        let text = (1..<n).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }.joined(separator: " + ")
        let at = (1...n).map { "x\($0)=1" }.joined(separator: ",")
        let run = deriv(["hvp", text, "--at", at, "--v", "x1=1", "--json"])
        XCTAssertEqual(run.status, 0, run.err)
        // At the minimum (1, …, 1): H's first column is (802, -400, 0, …).
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let hvp = try XCTUnwrap(object["hvp"] as? [String: Double])
        XCTAssertEqual(hvp.count, n)
        XCTAssertEqual(hvp.filter { $0.value != 0 }, ["x1": 802, "x2": -400])
    }
}
