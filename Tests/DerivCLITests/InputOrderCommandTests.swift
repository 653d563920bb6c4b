import XCTest
@testable import DerivCLI

/// Every command lists the inputs in the one order of the program (grammar/deriv.ebnf, "Names"):
/// natural order, `x1` before `x2` although the formula names `x2` first.
final class InputOrderCommandTests: XCTestCase {
    private let rosenbrock = "100*(x2 - x1^2)^2 + (1 - x1)^2"

    func testEveryCommandListsX1BeforeX2() throws {
        assertSucceeds(deriv([rosenbrock]), "t1 = x2 - x1^2\nd/dx1 = 2*x1 - 400*x1*t1 - 2\nd/dx2 = 200*t1\n")
        assertSucceeds(deriv(["grad", rosenbrock, "--at", "x2=1,x1=-1.2", "--json"]),
                       "{\"value\": 24.199999999999996, \"gradient\": {\"x1\": -215.59999999999997, \"x2\": -87.99999999999999}}\n")
        assertSucceeds(deriv(["hessian", rosenbrock, "--at", "x1=-1.2,x2=1", "--json"]),
                       "{\"inputs\": [\"x1\", \"x2\"], \"value\": 24.199999999999996, \"gradient\": {\"x1\": -215.59999999999997, \"x2\": -87.99999999999999}, \"hessian\": [[1330, 480], [480, 200]]}\n")
        assertSucceeds(deriv(["jacobian", "f = \(rosenbrock); g = x2*x1", "--of", "f,g", "--at", "x1=1,x2=2", "--json"]),
                       "{\"inputs\": [\"x1\", \"x2\"], \"outputs\": [\"f\", \"g\"], \"values\": {\"f\": 100, \"g\": 2}, \"jacobian\": [[-400, 200], [2, 1]]}\n")
        XCTAssertTrue(deriv(["ops", rosenbrock]).out.hasPrefix("f(x1, x2): 2 inputs, 1 output\n"))
        XCTAssertTrue(deriv(["ops", rosenbrock, "--json"]).out.contains("\"byInput\": {\"x1\": 2, \"x2\": 1}"))
        XCTAssertTrue(deriv(["graph", rosenbrock]).out.hasPrefix("# inputs: x1, x2; outputs: f; 7 operations\n   x1 = input\n   x2 = input\n"))
        let trace = deriv(["trace", rosenbrock, "--at", "x1=-1.2,x2=1"]).out
        XCTAssertTrue(trace.hasPrefix("f(x1, x2) at x1 = -1.2, x2 = 1\n"), trace)
        XCTAssertLessThan(try XCTUnwrap(trace.range(of: "  x1    input")).lowerBound, try XCTUnwrap(trace.range(of: "  x2    input")).lowerBound)
        XCTAssertTrue(deriv(["check", rosenbrock, "--at", "x1=-1.2,x2=1"]).out.contains("d/dx1  -215.59999999999997"))
        let points = try temporaryFile("x2,x1\n1,-1.2\n")
        assertSucceeds(deriv(["grad", rosenbrock, "--points", points]),
                       "x1,x2,value,d/dx1,d/dx2\n-1.2,1,24.199999999999996,-215.59999999999997,-87.99999999999999\n")
        for (language, signature) in [("c", "double f(double x1, double x2)"), ("python", "def f(x1, x2):"),
                                      ("javascript", "export function f(x1, x2)"), ("swift", "func f(_ x1: Double, _ x2: Double)")] {
            let code = deriv(["emit", rosenbrock, "--lang", language]).out
            XCTAssertTrue(code.contains(signature), code)
            XCTAssertTrue(code.contains("Inputs, in order: x1, x2."), code)
        }
    }

    func testDeclarationsOrderEveryCommand() {
        let program = "y, x: scalar\nx^2*y + z"
        assertSucceeds(deriv([program]), "d/dy = x^2\nd/dx = 2*x*y\nd/dz = 1\n")
        assertSucceeds(deriv(["grad", program, "--at", "x=1,y=2,z=3", "--json"]),
                       "{\"value\": 5, \"gradient\": {\"y\": 1, \"x\": 4, \"z\": 1}}\n")
        XCTAssertTrue(deriv(["emit", program, "--lang", "c"]).out.contains("double f(double y, double x, double z)"))
        // --wrt picks and orders.
        assertSucceeds(deriv(["grad", program, "--at", "x=1,y=2,z=3", "--wrt", "z,x"]), "value = 5\nd/dz = 1\nd/dx = 4\n")
    }
}
