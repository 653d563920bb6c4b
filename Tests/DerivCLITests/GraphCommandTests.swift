import XCTest

/// `deriv graph`: formats and options (the listings themselves are golden files in
/// DerivKitTests/GraphListingTests).
final class GraphCommandTests: XCTestCase {
    func testSSAIsTheDefault() {
        let r = CapturedRun(["graph", "c = a + b; d = b + 1; e = c * d"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, """
            # inputs: a, b; outputs: e; 3 operations
               a = input
               b = input
            1  c = add a, b  # a + b
            2  d = add b, 1  # b + 1
            3  e = mul c, d  # c*d
            output e

            """)
    }

    func testDOTWithValuesAndGradient() {
        let r = CapturedRun(["graph", "x*y", "--format", "dot", "--at", "x=2,y=3", "--grad"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.hasPrefix("digraph \"f, df/dx, df/dy\" {\n"), r.out)
        XCTAssertTrue(r.out.contains("∂f/∂x = 3"), r.out)
        XCTAssertTrue(r.out.hasSuffix("}\n"))
    }

    func testValuesOnlyWithAt() {
        XCTAssertFalse(CapturedRun(["graph", "x*y", "--format", "dot"]).out.contains("font color"))
        XCTAssertTrue(CapturedRun(["graph", "x*y", "--at", "x=2,y=3"]).out.contains("=  6"))
    }

    func testErrors() {
        XCTAssertEqual(CapturedRun(["graph", "f = x; g = x", "--of", "f,g", "--grad"]).status, 2)
        XCTAssertEqual(CapturedRun(["graph", "x", "--format", "html"]).status, 2)
        XCTAssertEqual(CapturedRun(["graph", "x", "--at", "y=1"]).status, 2)
        XCTAssertEqual(CapturedRun(["graph", "(x"]).status, 1)
    }
}
