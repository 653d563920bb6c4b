@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// The formula printers: deriv's syntax with the fewest parentheses that keep the meaning (and
/// reads back to the same bits), LaTeX, labels and programs with shared parts.
final class FormulaPrinterTests: XCTestCase {
    /// `text` parsed and printed back, unsimplified, as one expression.
    private func reprinted(_ text: String, _ format: FormulaPrinter.Format = .text) throws -> String {
        let g = try Program(parsing: text).graph
        let label = DerivativeLabel(function: "f", namesFunction: false, variables: [], partial: false)
        return try FormulaPrinter(g, format: format, inline: true).program(label).trimmingCharacters(in: .newlines)
    }

    func testFewestParentheses() throws {
        XCTAssertEqual(try reprinted("a - (b - c)"), "a - (b - c)")
        XCTAssertEqual(try reprinted("(a - b) - c"), "a - b - c")
        XCTAssertEqual(try reprinted("a/(b*c)"), "a/(b*c)")
        XCTAssertEqual(try reprinted("(a/b)*c"), "a/b*c")
        XCTAssertEqual(try reprinted("-x^2"), "-x^2")
        XCTAssertEqual(try reprinted("(-x)^2"), "(-x)^2")
        XCTAssertEqual(try reprinted("x^y^z"), "x^y^z")
        XCTAssertEqual(try reprinted("(x^y)^z"), "(x^y)^z")
        XCTAssertEqual(try reprinted("2^-x"), "2^-x")
        XCTAssertEqual(try reprinted("a*(b + c)"), "a*(b + c)")
        XCTAssertEqual(try reprinted("(x < y) + 1"), "(x < y) + 1")
        XCTAssertEqual(try reprinted("x < y ? (a ? b : c) : d"), "x < y ? (a ? b : c) : d")
    }

    func testNumbers() throws {
        XCTAssertEqual(try reprinted("pi*x"), "pi*x")
        XCTAssertEqual(try reprinted("x + 2*pi"), "x + 2*pi")
        XCTAssertEqual(try reprinted("x*(pi/2)"), "x*(pi/2)")
        XCTAssertEqual(try reprinted("x + 1/3"), "x + 1/3")
        XCTAssertEqual(try reprinted("x + 0.1"), "x + 0.1")
        XCTAssertEqual(try reprinted("x + 1e-7"), "x + 1e-07")
        XCTAssertEqual(try reprinted("x + log(2)"), "x + log(2)")
        XCTAssertEqual(try reprinted("x + 1/0"), "x + 1/0")
    }

    /// Printing a program's graph (no simplification) and parsing the text gives a graph that
    /// computes exactly the same bits, for random programs over every operation.
    func testPrintedTextReadsBackToTheSameBits() throws {
        let seed: UInt64 = 16_180
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<1000 {
            let text = gen.expression(depth: Int.random(in: 1...8, using: &gen.rng))
            let p = try Program(parsing: text, wrt: gen.inputs)
            let printed = try reprinted(text)
            let back = try Program(parsing: printed, wrt: gen.inputs)
            for _ in 0..<3 {
                let point = gen.point()
                let u = try p.evaluate(at: point).outputs[0], v = try back.evaluate(at: point).outputs[0]
                XCTAssert(u.bitPattern == v.bitPattern || u.isNaN && v.isNaN,
                          "seed \(seed): \(text) printed as \(printed): \(u) vs \(v) at \(point)")
            }
        }
    }

    func testLaTeX() throws {
        XCTAssertEqual(try reprinted("x^2*sin(x)", .latex), "x^{2} \\sin\\left(x\\right)")
        XCTAssertEqual(try reprinted("exp(-x^2)/sqrt(x)", .latex), "\\frac{e^{-x^{2}}}{\\sqrt{x}}")
        XCTAssertEqual(try reprinted("-x/y", .latex), "-\\frac{x}{y}")
        XCTAssertEqual(try reprinted("2*3^x", .latex), "2 \\cdot 3^{x}")
        XCTAssertEqual(try reprinted("(a + b)^2*abs(c)", .latex), "\\left(a + b\\right)^{2} \\left|c\\right|")
        XCTAssertEqual(try reprinted("a - (-b)*c", .latex), "a - \\left(-b c\\right)")
        XCTAssertEqual(try reprinted("x > 0 ? x : 0", .latex),
                       "\\begin{cases} x & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}")
        XCTAssertEqual(try reprinted("pi*w1 + alpha*x_dot + rate", .latex), "\\pi w_{1} + \\alpha \\dot{x} + \\mathit{rate}")
        XCTAssertEqual(try reprinted("net_h1_bar*cbrt(x)", .latex), "\\bar{\\mathit{net}}_{h1} \\sqrt[3]{x}")
    }

    func testLabels() {
        let first = DerivativeLabel(function: "f", namesFunction: false, variables: ["x"], partial: false)
        XCTAssertEqual(first.text, "d/dx")
        XCTAssertEqual(first.latex, "\\frac{\\mathrm{d} f}{\\mathrm{d} x}")
        let mixed = DerivativeLabel(function: "E_total", namesFunction: true, variables: ["x", "x", "y"], partial: true)
        XCTAssertEqual(mixed.text, "d^3E_total/dx^2dy")
        XCTAssertEqual(mixed.latex, "\\frac{\\partial^{3} E_{\\mathit{total}}}{\\partial x^{2} \\, \\partial y}")
    }

    /// Factors several printed products share are named when that is shorter (sub-products and
    /// quotients, whatever the factors' order); `--inline` still writes each formula as it is alone.
    func testCommonFactorsAreNamed() throws {
        let logistic = try Program(parsing: "1/(exp(-(w*x + b)) + 1)")
        XCTAssertEqual(try DerivativeListings.diff(logistic, wrt: [0, 1, 2]), """
            t1 = exp(-w*x - b)
            t2 = t1/(t1 + 1)^2
            d/db = t2
            d/dw = x*t2
            d/dx = w*t2

            """)
        XCTAssertEqual(try DerivativeListings.diff(logistic, wrt: [0, 1, 2], inline: true), """
            d/db = exp(-w*x - b)/(exp(-w*x - b) + 1)^2
            d/dw = x*exp(-w*x - b)/(exp(-w*x - b) + 1)^2
            d/dx = w*exp(-w*x - b)/(exp(-w*x - b) + 1)^2

            """)
        let product = try Program(parsing: "x1*x2*x3*x4*x5*x6*x7*x8*x9*x10")
        XCTAssertEqual(try DerivativeListings.diff(product, wrt: [0, 1]), """
            t1 = x10*x3*x4*x5*x6*x7*x8*x9
            d/dx1 = x2*t1
            d/dx2 = x1*t1

            """)
        // Naming `t2 = 2/h^2` would save characters in the formulas but not the line it takes.
        let h = try Program(parsing: "h = x^2 + y^2 + z^2; sqrt(h) + 1/h")
        XCTAssertEqual(try DerivativeListings.diff(h, wrt: [0, 1, 2]), """
            h = x^2 + y^2 + z^2
            t1 = sqrt(h)
            d/dx = x/t1 - 2*x/h^2
            d/dy = y/t1 - 2*y/h^2
            d/dz = z/t1 - 2*z/h^2

            """)
    }

    /// Each derivative is printed as `--wrt` prints it alone; a part that several use is named.
    func testProgramsWithSharedParts() throws {
        let p = try Program(parsing: "c = x^2 + exp(y); sqrt(c) + cos(c)")
        XCTAssertEqual(try DerivativeListings.diff(p, wrt: [0, 1]), """
            c = x^2 + exp(y)
            d/dx = x/sqrt(c) - 2*x*sin(c)
            d/dy = exp(y)*(0.5/sqrt(c) - sin(c))

            """)
        XCTAssertEqual(try DerivativeListings.diff(p, wrt: [0], bare: true), "c = x^2 + exp(y); x/sqrt(c) - 2*x*sin(c)\n")
        XCTAssertEqual(try DerivativeListings.diff(p, wrt: [0, 1], format: .latex), """
            \\begin{aligned}
            c &= x^{2} + e^{y} \\\\
            \\frac{\\partial f}{\\partial x} &= \\frac{x}{\\sqrt{c}} - 2 x \\sin\\left(c\\right) \\\\
            \\frac{\\partial f}{\\partial y} &= e^{y} \\left(\\frac{1}{2 \\sqrt{c}} - \\sin\\left(c\\right)\\right)
            \\end{aligned}

            """)
        XCTAssertEqual(try DerivativeListings.diff(p, wrt: [0, 1], inline: true), """
            d/dx = x/sqrt(x^2 + exp(y)) - 2*x*sin(x^2 + exp(y))
            d/dy = exp(y)*(0.5/sqrt(x^2 + exp(y)) - sin(x^2 + exp(y)))

            """)
    }

    func testInlineRefusesExponentialText() throws {
        var lines = ["x1 = x*x + x"]
        for k in 1..<200 { lines.append("x\(k + 1) = x\(k)*x\(k) + x\(k)") }
        let p = try Program(parsing: lines.joined(separator: "\n"))
        XCTAssertThrowsError(try DerivativeListings.diff(p, wrt: [0], inline: true)) { error in
            XCTAssertEqual((error as? InlineFormulaTooLong)?.limit, FormulaPrinter.maxInlineCharacters)
        }
        XCTAssertNoThrow(try DerivativeListings.diff(p, wrt: [0]))
    }
}
