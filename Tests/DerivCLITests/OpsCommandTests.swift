import XCTest

/// `deriv ops`: the JSON shape of docs/COMMANDS.md and the text report.
final class OpsCommandTests: XCTestCase {
    /// Every key of the shape in docs/COMMANDS.md, in its order: the counts of the function and
    /// of each mode by kind, the cheaper mode and its factor, the edges and the path counts.
    func testJSONContract() {
        let r = CapturedRun(["ops", "c = a + b; d = b + 1; e = c * d", "--json"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.err, "")
        let kinds = #""byKind": {"addSub": 2, "mul": 1, "div": 0, "pow": 0, "transcendental": 0, "compare": 0}"#
        XCTAssertEqual(r.out, #"{"inputs": 2, "outputs": 1, "function": {"ops": 3, \#(kinds)}, "#
            + #""forward": {"sweeps": 2, "opsPerSweep": 4, "total": 11, "byKind": {"addSub": 2, "mul": 2, "div": 0, "pow": 0, "transcendental": 0, "compare": 0}}, "#
            + #""reverse": {"sweeps": 1, "opsPerSweep": 3, "total": 6, "byKind": {"addSub": 1, "mul": 2, "div": 0, "pow": 0, "transcendental": 0, "compare": 0}}, "#
            + #""cheaper": "reverse", "factor": 1.8333333333333333, "edges": 5, "paths": {"total": 3, "byInput": {"a": 1, "b": 2}}}"#
            + "\n")
    }

    func testTextReport() {
        let r = CapturedRun(["ops", "(1 - x1)^2 + 100*(x2 - x1^2)^2 + (1 - x2)^2 + 100*(x3 - x2^2)^2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.hasPrefix("f(x1, x2, x3): 3 inputs, 1 output\n"), r.out)
        XCTAssertTrue(r.out.contains("reverse mode is cheaper, by a factor of"), r.out)
        XCTAssertFalse(r.out.contains("\u{1B}"))
        XCTAssertTrue(CapturedRun(["ops", "x*y"], color: true).out.contains("\u{1B}["))
    }

    func testWrtAndOfChooseTheJacobian() {
        let r = CapturedRun(["ops", "f = x*y; g = sin(x)", "--of", "f,g", "--wrt", "x", "--json"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.hasPrefix(#"{"inputs": 1, "outputs": 2,"#), r.out)
        XCTAssertTrue(r.out.contains(#""cheaper": "forward""#), r.out)
    }

    func testHugePathCountsAreStringsInJSON() {
        let chain = "a0 = x\n" + (1...80).map { "a\($0) = sin(a\($0 - 1)) * a\($0 - 1)" }.joined(separator: "\n")
        let r = CapturedRun(["ops", chain, "--json"])
        XCTAssertTrue(r.out.contains(#""paths": {"total": "1208925819614629174706176""#), r.out)  // 2^80
    }

    func testErrors() {
        XCTAssertEqual(CapturedRun(["ops", "x +"]).status, 1)
        XCTAssertEqual(CapturedRun(["ops", "x", "--at", "x=1"]).status, 2)
        XCTAssertEqual(CapturedRun(["ops", "f = x; g = x", "--of", "h"]).status, 2)
    }
}
