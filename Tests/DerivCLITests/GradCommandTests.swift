import XCTest

/// `deriv grad` on the seeds' examples, in both modes, text and JSON.
final class GradCommandTests: XCTestCase {
    func testSeed003InBothModes() {
        for mode in ["reverse", "forward"] {
            let r = deriv(["grad", "x + y*z", "--at", "x=-2,y=5,z=-4", "--mode", mode, "--json"])
            XCTAssertEqual(r.status, 0)
            XCTAssertEqual(r.out, "{\"value\": -22, \"gradient\": {\"x\": 1, \"y\": -4, \"z\": 5}}\n")
            XCTAssertEqual(r.err, "")
        }
    }

    func testTextOutputAndWrtOrder() {
        let r = deriv(["grad", "c = a + b; d = b + 1; e = c * d", "--at", "a=2,b=1", "--wrt", "b,a"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "value = 6\nd/db = 5\nd/da = 2\n")
    }

    func testProgramFromStandardInput() {
        let r = deriv(["grad", "-", "--at", "x=1,w=0,b=0", "--json"], stdin: "1/(exp(-(w*x+b))+1)\n")
        XCTAssertEqual(r.out, "{\"value\": 0.5, \"gradient\": {\"b\": 0.25, \"w\": 0.25, \"x\": 0}}\n")
    }

    func testBadProgramExitsOneWithCaret() {
        let r = deriv(["grad", "f = (x + 1", "--at", "x=1"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "error: 1:11: expected ')' to close '(' at 1:5\n 1 | f = (x + 1\n   |           ^\n")
    }

    func testBadUsageExitsTwo() {
        XCTAssertEqual(deriv(["grad", "x^2", "--at", "x=abc"]).status, 2)
        XCTAssertEqual(deriv(["grad", "x^2", "--att", "x=1"]).status, 2)
        XCTAssertEqual(deriv(["grad", "x^2"]).status, 2)
    }

    func testDomainTroubleWarnsButSucceeds() {
        let r = deriv(["grad", "log(x)", "--at", "x=-1", "--json"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "{\"value\": \"NaN\", \"gradient\": {\"x\": -1}}\n")
        XCTAssert(r.err.hasPrefix("warning: 1:1: log(-1) is NaN"), r.err)
    }
}
