@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivSyntax

/// The order of a program's inputs (grammar/deriv.ebnf, "Names"): declared ones first, in
/// declaration order, then the rest in natural order; `wrt` names before all of them.
final class InputOrderTests: XCTestCase {
    /// The example of the issue: first appearance gave f(x2, x1), and code called with (x1, x2)
    /// computed 484 instead of 24.2 at (-1.2, 1).
    func testRosenbrockWithNumberedInputs() throws {
        let p = try Program(parsing: "100*(x2 - x1^2)^2 + (1 - x1)^2")
        XCTAssertEqual(p.inputs, ["x1", "x2"])
        XCTAssertEqual(try p.evaluate(at: [-1.2, 1]).outputs[0], 24.2, accuracy: 1e-12)
        let c = try p.emit(.c)
        XCTAssertTrue(c.contains("double f(double x1, double x2)"), c)
        XCTAssertTrue(c.contains("Inputs, in order: x1, x2."), c)
    }

    func testNaturalOrderWhateverTheFirstAppearance() throws {
        XCTAssertEqual(try Program(parsing: "y + x10 + x2 + x + b + a").inputs, ["a", "b", "x", "x2", "x10", "y"])
        XCTAssertEqual(try Program(parsing: "n_0*exp(-m*g*x/(kb*T))").inputs, ["g", "kb", "m", "n_0", "T", "x"])
        // Constants, functions and assigned names are not inputs.
        XCTAssertEqual(try Program(parsing: "u = sin(z)*pi; u*e + w").inputs, ["w", "z"])
    }

    func testDeclarationsComeFirstInTheirOrder() throws {
        XCTAssertEqual(try Program(parsing: "y, x: scalar\nx*y + z + a").inputs, ["y", "x", "a", "z"])
        XCTAssertEqual(try Program(parsing: "x2: scalar; x1: scalar; x1 + x2 + x3").inputs, ["x2", "x1", "x3"])
        // Line breaks after ',' and ':' continue a declaration; comments and blank lines may come before.
        XCTAssertEqual(try Program(parsing: "# inputs\n\nb,\na:\nscalar\na - b").inputs, ["b", "a"])
        // `scalar` is no reserved word.
        XCTAssertEqual(try Program(parsing: "scalar: scalar; 2*scalar").inputs, ["scalar"])
    }

    func testADeclaredInputTheProgramDoesNotUseHasDerivativeZero() throws {
        let p = try Program(parsing: "x, y, z: scalar\nx*y")
        XCTAssertEqual(p.inputs, ["x", "y", "z"])
        let g = try p.gradient(at: [2, 3, 5])
        XCTAssertEqual(g.value, 6)
        XCTAssertEqual(g.gradient, [3, 2, 0])
    }

    func testWrtPicksAndOrdersBeforeDeclarations() throws {
        XCTAssertEqual(try Program(parsing: "y, x: scalar\nx*y + z + a", wrt: ["z"]).inputs, ["z", "y", "x", "a"])
        XCTAssertEqual(try Program(parsing: "x2 + x1", wrt: ["x2", "w"]).inputs, ["x2", "w", "x1"])
    }

    /// Rewriting an expression (operands swapped, terms reordered, a part named) never changes
    /// the inputs' order: it depends on the set of names alone.
    func testOrderDoesNotDependOnHowTheExpressionIsWritten() throws {
        let pool = ["a", "b", "x", "x1", "x2", "x10", "x_1", "y", "T", "kb", "w3", "w20"]
        var rng = SplitMix64(seed: 20)
        for _ in 0..<200 {
            let names = Array(pool.shuffled(using: &rng).prefix(Int.random(in: 1...6, using: &rng)))
            let terms = names.map { n in Bool.random(using: &rng) ? "sin(\(n))" : "2*\(n)^2" }
            let expected = try Program(parsing: terms.joined(separator: " + ")).inputs
            XCTAssertEqual(expected, names.sorted(by: precedesNaturally))
            // The same sum, its terms in another order, and as a product.
            let shuffled = terms.shuffled(using: &rng)
            XCTAssertEqual(try Program(parsing: shuffled.joined(separator: " + ")).inputs, expected)
            XCTAssertEqual(try Program(parsing: shuffled.reversed().joined(separator: "*")).inputs, expected)
            // With a named part that uses the last names first.
            let named = "u = \(terms.reversed().joined(separator: " - "))\nu^2"
            XCTAssertEqual(try Program(parsing: named).inputs, expected)
        }
        XCTAssertEqual(try Program(parsing: "a + b").inputs, try Program(parsing: "b + a").inputs)
    }

    /// A big program parsed in two parts gets its inputs in the same order.
    func testParseInTwoGivesTheSameOrder() throws {
        let lines = (0..<2_000).map { "t\($0) = x\(1_999 - $0)*y\($0 % 7)" } + ["t1999 + t0"]
        let source = SourceFile(lines.joined(separator: "\n"))
        let whole = try Program(lowering: Parser.parse(source, inTwoFrom: .max), of: source).inputs
        let inTwo = try Program(lowering: Parser.parse(source, inTwoFrom: 0), of: source).inputs
        XCTAssertEqual(whole, inTwo)
        XCTAssertEqual(whole.prefix(3), ["x0", "x1", "x2"])
        XCTAssertEqual(whole.suffix(2), ["y5", "y6"])

        // Declarations at the top, read by the first part.
        let declared = SourceFile("y6, x5: scalar\n" + lines.joined(separator: "\n"))
        let inputs = try Program(lowering: Parser.parse(declared, inTwoFrom: 0), of: declared).inputs
        XCTAssertEqual(inputs, try Program(lowering: Parser.parse(declared, inTwoFrom: .max), of: declared).inputs)
        XCTAssertEqual(inputs.prefix(3), ["y6", "x5", "x0"])
        // A declaration in the second part is an error, the serial parse's.
        let late = SourceFile((lines.dropLast() + ["z: scalar"] + lines.suffix(1)).joined(separator: "\n"))
        XCTAssertThrowsError(try Parser.parse(late, inTwoFrom: 0)) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "a declaration must come before the statements; move it above line 1")
        }
    }
}
