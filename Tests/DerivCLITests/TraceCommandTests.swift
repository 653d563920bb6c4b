import XCTest

/// `deriv trace`: options, formats and errors (the tables themselves are golden files in
/// DerivKitTests/TraceTests).
final class TraceCommandTests: XCTestCase {
    func testSeed003() {
        let r = CapturedRun(["trace", "q = y*z; f = x + q", "--at", "x=-2,y=5,z=-4"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.err, "")
        // The gradient closes the report, inputs in natural order.
        let last = r.out.split(separator: "\n").suffix(3).map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(last, ["∂f/∂x 1", "∂f/∂y -4", "∂f/∂z 5"], r.out)
    }

    func testForwardModeAndWrt() {
        let r = CapturedRun(["trace", "x*y", "--at", "x=2,y=3", "--mode", "forward", "--wrt", "y"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("Tangent sweep for y"), r.out)
        XCTAssertFalse(r.out.contains("Tangent sweep for x"), r.out)
    }

    func testMarkdownAndColour() {
        let md = CapturedRun(["trace", "sin(x)", "--at", "x=0", "--format", "markdown"], color: true)
        XCTAssertTrue(md.out.hasPrefix("## f(x) at x = 0\n"), md.out)
        XCTAssertFalse(md.out.contains("\u{1B}"), "no colour codes in Markdown")
        XCTAssertTrue(CapturedRun(["trace", "sin(x)", "--at", "x=0"], color: true).out.contains("\u{1B}["))
        XCTAssertFalse(CapturedRun(["trace", "sin(x)", "--at", "x=0"]).out.contains("\u{1B}"))
    }

    func testDomainWarningsGoToStandardError() {
        let r = CapturedRun(["trace", "log(x)", "--at", "x=-1"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.err.hasPrefix("warning: "), r.err)
        XCTAssertTrue(r.out.contains("NaN"), r.out)
    }

    func testErrors() {
        XCTAssertEqual(CapturedRun(["trace", "sin(x)"]).status, 2, "no --at")
        XCTAssertEqual(CapturedRun(["trace", "sin(x)", "--at", "x=1", "--format", "latex"]).status, 2)
        XCTAssertEqual(CapturedRun(["trace", "sin(x)", "--at", "x=1", "--mode", "sideways"]).status, 2)
        XCTAssertEqual(CapturedRun(["trace", "sinn(x)", "--at", "x=1"]).status, 1)
    }
}
