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

    /// Past 20 inputs the text lists the first and last five and the extremes; `--all` every input.
    func testBigProgramsAreSummarised() {
        let rosenbrock = (1..<1000).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }.joined(separator: " + ")
        let r = CapturedRun(["ops", rosenbrock])
        XCTAssertEqual(r.status, 0)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertLessThan(lines.count, 40, r.out)
        XCTAssertLessThan(r.out.utf8.count, 2000, r.out)
        XCTAssertTrue(lines[0].hasSuffix(", …, x996, x997, x998, x999, x1000): 1000 inputs, 1 output"), String(lines[0]))
        XCTAssertTrue(r.out.hasSuffix("""
              x996       3
              x997       3
              x998       3
              x999       3
              x1000      1  fewest
              10 of 1000 inputs shown (the first and last 5, the most and fewest paths); \
            'deriv ops --all' lists every input, '--json' gives every count

            """), r.out)
    }

    /// The inputs with the most and the fewest paths are shown wherever they are.
    func testSummaryShowsTheExtremes() {
        let program = (1...30).map { "x\($0)" }.joined(separator: " + ") + " + x17^3*x17 + sin(x12*x12)"
        let r = CapturedRun(["ops", program])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.hasPrefix("f(x1, x2, x3, x4, x5, …, x26, x27, x28, x29, x30): 30 inputs, 1 output\n"), r.out)
        XCTAssertTrue(r.out.hasSuffix("""
              input  paths
              x1         1  fewest
              x2         1
              x3         1
              x4         1
              x5         1
              …
              x17        3  most
              …
              x26        1
              x27        1
              x28        1
              x29        1
              x30        1
              11 of 30 inputs shown (the first and last 5, the most and fewest paths); \
            'deriv ops --all' lists every input, '--json' gives every count

            """), r.out)
        let all = CapturedRun(["ops", program, "--all"])
        XCTAssertTrue(all.out.hasPrefix("f(" + (1...30).map { "x\($0)" }.joined(separator: ", ") + "): 30 inputs"), all.out)
        XCTAssertTrue(all.out.hasSuffix("  x29        1\n  x30        1\n"), all.out)
        XCTAssertEqual(all.out.split(separator: "\n").count, r.out.split(separator: "\n").count + 30 - 11 - 2 - 1)
        XCTAssertFalse(all.out.contains("…"))
        // Up to 20 inputs: every row, no note.
        let twenty = CapturedRun(["ops", (1...20).map { "x\($0)" }.joined(separator: " + ")])
        XCTAssertTrue(twenty.out.contains("  x20        1\n"), twenty.out)
        XCTAssertFalse(twenty.out.contains("…"))
    }

    func testErrors() {
        XCTAssertEqual(CapturedRun(["ops", "x +"]).status, 1)
        XCTAssertEqual(CapturedRun(["ops", "x", "--at", "x=1"]).status, 2)
        XCTAssertEqual(CapturedRun(["ops", "f = x; g = x", "--of", "h"]).status, 2)
    }
}
