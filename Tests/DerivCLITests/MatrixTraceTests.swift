import XCTest
@testable import DerivCLI

/// `deriv trace` of vector and matrix programs (docs/MATRICES.md, "trace"): golden files of the
/// worked examples, and the gradient it shows is `grad`'s to the bit.
final class MatrixTraceTests: XCTestCase {
    let gate = ["W: matrix(2, 3); x: vector(3); y = W*x; L = 0.5*sum(y.^2)", "--at", "W=[[1,2,3],[4,5,6]],x=[1,-1,2]"]
    let network = ["-f", "grammar/examples/matrix_network.deriv", "--at", "W1=[[.15,.20],[.25,.30]],W2=[[.40,.45],[.50,.55]],b1=.35,b2=.60"]

    func testGolden() {
        assertGolden(deriv(["trace"] + gate).out, "trace/matrix_gate.txt")
        assertGolden(deriv(["trace"] + network).out, "trace/matrix_network.txt")
    }

    /// The trace ends with the gradient `grad` prints, number for number (shortest round-trip
    /// decimals, so equal text is equal bits).
    func testGradientIsGrads() {
        for (args, wrt) in [(gate, [String]()), (network, []), (network, ["--wrt", "W2,b1"])] {
            let grad = deriv(["grad"] + args + wrt).out
            let gradient = grad.split(separator: "\n", maxSplits: 1)[1]
            let trace = deriv(["trace"] + args + wrt)
            XCTAssertEqual(trace.status, 0, trace.err)
            XCTAssertTrue(trace.out.hasSuffix("\n\n" + gradient), trace.out)
        }
    }

    /// A scalar spread over a shape (a bias `b` in `W*x + b`) gets the sum of the entries'
    /// adjoints, and the rule says so: `b̄2 = sum(t̄4)`, `s̄ = sum(t̄1 .* x)`.
    func testSpreadScalarsAdjointIsASum() {
        let net = deriv(["trace"] + network).out
        XCTAssertTrue(net.contains("  b̄2 = sum(t̄4) = 0.10040032511200075\n"), net)
        XCTAssertTrue(net.contains("  b̄1 = sum(t̄2) = 0.018725609394704138\n"), net)
        let scaled = deriv(["trace", "x: vector(2); s: scalar; sum(s .* x) + sum(x - s)", "--at", "x=[1,2],s=3"]).out
        XCTAssertTrue(scaled.contains("  s̄ = -sum(t̄3) + sum(t̄1 .* x) = 1\n"), scaled)
        XCTAssertTrue(scaled.contains("  x̄ = t̄3 + t̄1 .* s = [4, 4]\n"), scaled)
    }

    func testLargeValuesAreAbbreviated() {
        let x = "[" + (1...40).map(String.init).joined(separator: ",") + "]"
        let out = deriv(["trace", "x: vector(n); sum(x .* x)", "--at", "x=" + x]).out
        XCTAssertTrue(out.contains("  t1 = x .* x = vector(40), entries row by row: 1, 4, 9, …, 1600\n"), out)
        XCTAssertTrue(out.contains("  f̄ = 1 (the seed)\n"), out)
    }

    func testRefusesWhatItDoesNotDoYet() {
        assertFails(deriv(["trace"] + gate + ["--json"]), 2, """
            error: the trace of a vector or matrix program is its reverse sweep, as text or a page (--format html), for now: give neither --json, --mode forward nor --format markdown
            usage: deriv trace PROGRAM [OPTIONS]; see 'deriv trace --help'

            """)
    }
}
