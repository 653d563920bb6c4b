import XCTest
@testable import DerivKit

/// The simplifier's rules one by one (Graph/Simplify.swift lists them with their IEEE
/// behaviour), the cost of derivatives, and very large inputs.
final class SimplifyTests: XCTestCase {
    /// `text` simplified and printed as one expression.
    private func simplified(_ text: String) throws -> String {
        let g = try Program(parsing: text).graph.rewritable().simplified()
        return try FormulaPrinter(g, format: .text, inline: true).program(DerivativeLabel(
            function: "f", namesFunction: false, variables: [], partial: false)).trimmingCharacters(in: .newlines)
    }

    private func derivative(_ text: String, wrt x: String = "x") throws -> String {
        let p = try Program(parsing: text)
        return try DerivativeListings.diff(p, wrt: [p.inputs.firstIndex(of: x)!], bare: true)
            .trimmingCharacters(in: .newlines)
    }

    func testTheIssuesExample() throws {
        XCTAssertEqual(try DerivativeListings.diff(try Program(parsing: "x^2*sin(x)"), wrt: [0]),
                       "d/dx = 2*x*sin(x) + x^2*cos(x)\n")
    }

    func testIdentities() throws {
        XCTAssertEqual(try simplified("x + 0"), "x")
        XCTAssertEqual(try simplified("1*x^1"), "x")
        XCTAssertEqual(try simplified("x^0"), "1")
        XCTAssertEqual(try simplified("-(-x)"), "x")
        XCTAssertEqual(try simplified("a + (-b)"), "a - b")
        XCTAssertEqual(try simplified("-(a - b)"), "b - a")
        XCTAssertEqual(try simplified("a*b^-1"), "a/b")
    }

    func testLikeTermsAndCoefficients() throws {
        XCTAssertEqual(try simplified("x + x"), "2*x")
        XCTAssertEqual(try simplified("2*x + 3*x"), "5*x")
        XCTAssertEqual(try simplified("2*(3*x)"), "6*x")
        XCTAssertEqual(try simplified("x/3*2"), "2*x/3")
        XCTAssertEqual(try simplified("x*y - y*x"), "0")
        XCTAssertEqual(try simplified("x - x"), "0")
        XCTAssertEqual(try simplified("x*x"), "x^2")
        XCTAssertEqual(try simplified("x^2*x^3"), "x^5")
        XCTAssertEqual(try simplified("x^a*x^b"), "x^(a + b)")
        XCTAssertEqual(try simplified("x/x"), "1")
        XCTAssertEqual(try simplified("x^2/x"), "x")
        XCTAssertEqual(try simplified("(2*x)^2"), "4*x^2")
        XCTAssertEqual(try simplified("2*(x + 1)"), "2*x + 2")
        XCTAssertEqual(try simplified("exp(x)*y + exp(x)*z"), "exp(x)*(y + z)")
    }

    func testRulesThatWouldChangeFiniteResultsAreNotApplied() throws {
        XCTAssertEqual(try simplified("x*0"), "0*x")  // NaN at x = ∞ stays NaN
        XCTAssertEqual(try simplified("sqrt(x^2)"), "sqrt(x^2)")  // |x|, not x
        XCTAssertEqual(try simplified("(x^2)^0.5"), "(x^2)^0.5")
        XCTAssertEqual(try simplified("log(exp(x))"), "log(exp(x))")  // ∞ for large x
        XCTAssertEqual(try simplified("(-x)^0.5"), "(-x)^0.5")
        XCTAssertEqual(try simplified("3*(x + 0.1)"), "3*(x + 0.1)")  // 3*0.1 is not exact
    }

    func testCoefficientsAndConstantsReadWell() throws {
        XCTAssertEqual(try derivative("sqrt(x)"), "1/(2*sqrt(x))")
        XCTAssertEqual(try derivative("x/3"), "1/3")
        XCTAssertEqual(try derivative("0.1*x^2"), "0.2*x")
        XCTAssertEqual(try derivative("pi*x^2"), "2*pi*x")
        XCTAssertEqual(try derivative("sin(x/2)"), "cos(x/2)/2")
        XCTAssertEqual(try derivative("log2(x)"), "1/(log(2)*x)")
        XCTAssertEqual(try derivative("erf(x)"), "2*exp(-x^2)/sqrt(pi)")
    }

    func testNaturalFormsOfPartials() throws {
        XCTAssertEqual(try derivative("sqrt(x^2 + 1)"), "x/sqrt(x^2 + 1)")
        XCTAssertEqual(try derivative("exp(x^2)"), "2*x*exp(x^2)")
        XCTAssertEqual(try derivative("sigmoid(2*x)"), "t1 = sigmoid(2*x); 2*t1*(1 - t1)")
        XCTAssertEqual(try derivative("tanh(x)"), "1 - tanh(x)^2")
        XCTAssertEqual(try derivative("x > 0 ? x^2 : -x"), "x > 0 ? 2*x : -1")
    }

    func testSharedPartsAreNamedWhenThatIsShorter() throws {
        XCTAssertEqual(try derivative("c = x^2 + exp(x^2); sqrt(c) + cos(c)"),
                       "c = x^2 + exp(x^2); 2*x*(1/(2*sqrt(c)) - sin(c))*(exp(x^2) + 1)")
        XCTAssertEqual(try derivative("u = x^2 + 1; sin(u)"), "2*x*cos(x^2 + 1)")
    }

    /// x_{k+1} = sin(x_k)·x_k + cos(x_k): the sin terms of the derivative cancel, so value and
    /// derivative together cost 1.5 times the function (SymEngine's figure), not 2.75.
    func testChainCostsOneAndAHalfTimesTheFunction() throws {
        var lines = ["x1 = sin(x)*x + cos(x)"]
        for k in 1..<50 { lines.append("x\(k + 1) = sin(x\(k))*x\(k) + cos(x\(k))") }
        let p = try Program(parsing: lines.joined(separator: "\n"))
        let both = Derivatives.gradient(p.graph, wrt: [0]).simplified()
        XCTAssertEqual(p.graph.operationCount, 200)
        XCTAssertLessThanOrEqual(both.operationCount, 300)
    }

    /// Repeated differentiation stays small: the 20th derivative of sin(x)·exp(x²) is a sum of
    /// about forty terms, not an expression that triples with each order; and it agrees with
    /// differentiating six times without simplifying.
    func testHighOrderDerivativesStaySmall() throws {
        let p = try Program(parsing: "sin(x)*exp(x^2)")
        XCTAssertLessThan(Derivatives.pure(p.graph, wrt: [0], order: 20).operationCount, 200)
        var raw = p.graph
        for _ in 0..<6 { raw = Derivatives.gradient(raw, wrt: [0], mode: .forward).selectingOutputs([1]) }
        let simplified = Derivatives.pure(p.graph, wrt: [0], order: 6)
        for x in [-1.3, -0.2, 0.4, 1.7] {
            assertClose(Evaluator.evaluate(simplified, inputs: [x]).outputs[0], Evaluator.evaluate(raw, inputs: [x]).outputs[0], 1e-12)
        }
    }

    func testSeedNetworkDerivativeSharesTheBackwardPass() throws {
        let text = try String(contentsOf: testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("grammar/examples/seed004_network.deriv"), encoding: .utf8)
        let p = try Program(parsing: text)
        let d = Derivatives.partials(p.graph, wrt: Array(p.inputs.indices))
        // Forward pass (4 sigmoids, 2 sums of 3, 2 of 2 products) and one adjoint per layer.
        XCTAssertLessThanOrEqual(d.operationCount, 2 * p.graph.operationCount)
    }

    func testVeryLargeInputsAreLoopsNotRecursion() throws {
        let n = 20_000
        let sum = (1...n / 4).map { "x*y^\($0 % 7)" }.joined(separator: " + ")
        let s = try derivative(sum)
        XCTAssertFalse(s.isEmpty)
        var nested = "x"
        for _ in 0..<n { nested = "sin(" + nested + ")" }
        let d = try derivative(nested)
        XCTAssert(d.hasSuffix("cos(x)"), String(d.suffix(80)))
    }
}
