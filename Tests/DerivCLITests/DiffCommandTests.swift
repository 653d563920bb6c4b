@_spi(DerivCore) import DerivCLI
import XCTest
@testable import DerivCLI

/// `deriv diff` (the default command), `deriv jacobian` and `deriv hessian`, run in-process:
/// standard output, standard error and exit status.
final class DiffCommandTests: XCTestCase {
    private func deriv(_ arguments: [String], stdin: String? = nil) -> (status: Int32, out: String, err: String) {
        final class Buffer { var out = "", err = "" }
        let buffer = Buffer()
        let io = IO(out: { buffer.out += $0 }, err: { buffer.err += $0 }, readStandardInput: { stdin })
        let status = DerivCLI.run(arguments, io: io)
        return (status, buffer.out, buffer.err)
    }

    func testDiffIsTheDefaultCommand() {
        let r = deriv(["x^2*sin(x)"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "d/dx = 2*x*sin(x) + x^2*cos(x)\n")
        XCTAssertEqual(deriv(["diff", "x^2*sin(x)"]).out, r.out)
        XCTAssert(deriv(["--help"]).out.contains("diff      symbolic derivatives"))
    }

    func testOneLinePerInput() {
        XCTAssertEqual(deriv(["x + y*z"]).out, "d/dx = 1\nd/dy = z\nd/dz = y\n")
        XCTAssertEqual(deriv(["f = x*y; g = x + y", "--of", "f,g"]).out, "df/dx = y\ndf/dy = x\ndg/dx = 1\ndg/dy = 1\n")
    }

    /// With one `--wrt` name: just the derivative, a program deriv reads back.
    func testWrtPrintsAProgramThatReadsBack() {
        XCTAssertEqual(deriv(["x*y", "--wrt", "y"]).out, "x\n")
        let program = "c = x^2 + exp(x^2); sqrt(c) + cos(c)"
        let r = deriv([program, "--wrt", "x"])
        XCTAssertEqual(r.out, "c = x^2 + exp(x^2); 2*x*(0.5/sqrt(c) - sin(c))*(exp(x^2) + 1)\n")
        // It evaluates to the AD gradient (to rounding: the simplified form sums in another order).
        let value = Double(deriv(["eval", r.out, "--at", "x=1.5"]).out.trimmingCharacters(in: .newlines))!
        let gradient = Double(deriv(["grad", program, "--at", "x=1.5"]).out.split(separator: "\n")[1].dropFirst(7))!
        XCTAssertEqual(value, gradient, accuracy: 1e-12 * Swift.abs(gradient))
    }

    func testOrder() {
        XCTAssertEqual(deriv(["x^3", "--order", "2"]).out, "d^2/dx^2 = 6*x\n")
        XCTAssertEqual(deriv(["x^3*y", "--order", "3", "--wrt", "x"]).out, "6*y\n")
        XCTAssertEqual(deriv(["x*y^2", "--order", "2"]).out, "d^2/dx^2 = 0\nd^2/dy^2 = 2*x\n")
        XCTAssertEqual(deriv(["x", "--order", "0"]).status, 2)
        XCTAssertEqual(deriv(["x", "--order", "two"]).status, 2)
    }

    func testFormats() {
        XCTAssertEqual(deriv(["x^2*sin(x)", "--format", "latex"]).out,
                       "\\frac{\\mathrm{d} f}{\\mathrm{d} x} = 2 x \\sin\\left(x\\right) + x^{2} \\cos\\left(x\\right)\n")
        XCTAssertEqual(deriv(["x^2", "--format=text"]).out, "d/dx = 2*x\n")
        let bad = deriv(["x", "--format", "html"])
        XCTAssertEqual(bad.status, 2)
        XCTAssert(bad.err.contains("--format takes 'text' or 'latex'"))
    }

    func testInline() {
        let program = "u = sin(x) + x; exp(u)*u"
        XCTAssertEqual(deriv([program]).out, "u = x + sin(x)\nd/dx = exp(u)*(cos(x) + 1)*(u + 1)\n")
        XCTAssertEqual(deriv([program, "--inline"]).out,
                       "d/dx = exp(x + sin(x))*(cos(x) + 1)*(x + sin(x) + 1)\n")
    }

    func testProgramsFromStandardInputAndErrors() {
        XCTAssertEqual(deriv(["-", "--wrt", "x"], stdin: "a = x^2\nb = a*a\n").out, "4*x^3\n")
        let r = deriv(["sin(x"])
        XCTAssertEqual(r.status, 1)
        XCTAssert(r.err.contains("error: 1:"), r.err)
        let constant = deriv(["2 + 3"])
        XCTAssertEqual(constant.status, 0)
        XCTAssertEqual(constant.out, "")
        XCTAssert(constant.err.contains("nothing to differentiate"))
    }

    func testJacobian() {
        let program = "f = x*y; g = x + sin(y)"
        XCTAssertEqual(deriv(["jacobian", program, "--of", "f,g"]).out,
                       "df/dx = y\ndf/dy = x\ndg/dx = 1\ndg/dy = cos(y)\n")
        let json = deriv(["jacobian", program, "--of", "f,g", "--at", "x=2,y=0", "--json"])
        XCTAssertEqual(json.out, #"{"inputs": ["x", "y"], "outputs": ["f", "g"], "values": {"f": 0, "g": 2}, "jacobian": [[0, 2], [1, 1]]}"# + "\n")
        let forward = deriv(["jacobian", program, "--of", "f,g", "--at", "x=2,y=0", "--json", "--mode", "forward"])
        XCTAssertEqual(forward.out, json.out)
        XCTAssertEqual(deriv(["jacobian", program, "--of", "f,g", "--at", "x=2,y=0"]).out,
                       "f = 0\ng = 2\ndf/dx = 0\ndf/dy = 2\ndg/dx = 1\ndg/dy = 1\n")
    }

    func testHessian() {
        XCTAssertEqual(deriv(["hessian", "x^2*y + y^3"]).out, "d^2/dx^2 = 2*y\nd^2/dxdy = 2*x\nd^2/dy^2 = 6*y\n")
        XCTAssertEqual(deriv(["hessian", "x^2*y", "--at", "x=1,y=2", "--json"]).out,
                       #"{"inputs": ["x", "y"], "value": 2, "gradient": {"x": 4, "y": 1}, "hessian": [[4, 2], [2, 0]]}"# + "\n")
        XCTAssertEqual(deriv(["hessian", "x^2*y", "--at", "x=1,y=2"]).out,
                       "value = 2\nd/dx = 4\nd/dy = 1\nd^2/dx^2 = 4\nd^2/dxdy = 2\nd^2/dy^2 = 0\n")
        XCTAssertEqual(deriv(["hessian", "x^2", "--format", "latex"]).out,
                       "\\frac{\\mathrm{d}^{2} f}{\\mathrm{d} x^{2}} = 2\n")
        let several = deriv(["hessian", "f = x; g = x^2", "--of", "f,g"])
        XCTAssertEqual(several.status, 2)
        XCTAssert(several.err.contains("hessian takes one output"))
    }
}
