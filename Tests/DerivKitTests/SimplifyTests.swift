@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivSimplify

/// The simplifier's rules one by one (Sources/DerivSimplify/Simplify.swift lists them with
/// their IEEE behaviour), the cost of derivatives, and very large inputs.
final class SimplifyTests: XCTestCase {
    /// `text` simplified and printed as one expression.
    private func simplified(_ text: String) throws -> String {
        let g = try Program(parsing: text).graph.rewritable().simplified()
        return try FormulaPrinter(g, format: .text, inline: true).program(DerivativeLabel(
            function: "f", namesFunction: false, variables: [], partial: false)).trimmingCharacters(in: .newlines)
    }

    private func derivative(_ text: String, wrt x: String = "x", order: Int = 1) throws -> String {
        let p = try Program(parsing: text)
        return try DerivativeListings.diff(p, wrt: [p.inputs.firstIndex(of: x)!], order: order, bare: true)
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

    /// `text`'s graph and its simplified form, evaluated at each point.
    private func valuesBeforeAndAfter(_ text: String, at points: [[Double]]) throws -> [(before: [Double], after: [Double])] {
        let g = try Program(parsing: text).graph.rewritable()
        let s = g.simplified()
        return points.map { (Evaluator.evaluate(g, inputs: $0).outputs, Evaluator.evaluate(s, inputs: $0).outputs) }
    }

    func testAPolynomialsCommonMonomialComesOutWhenThatIsShorter() throws {
        XCTAssertEqual(try simplified("2*x*y + y^2"), "y*(2*x + y)")
        XCTAssertEqual(try simplified("3*x^2 - 6*x*y^2"), "x*(3*x - 6*y^2)")
        XCTAssertEqual(try derivative("x^2*y + x*y^2"), "y*(2*x + y)")
        XCTAssertEqual(try derivative("u = x^2*y; v = x*y^2; u*v + u + v", wrt: "y"), "x*(3*x^2*y^2 + x + 2*y)")
        XCTAssertEqual(try simplified("8*x^7 + 4*x^3 + 2*x"), "8*x^7 + 4*x^3 + 2*x")  // x*(8*x^6 + …) is as long
        XCTAssertEqual(try simplified("2*x^2 + 2*x + 1"), "2*x^2 + 2*x + 1")  // a constant term: nothing in common
        XCTAssertEqual(try derivative("x^2*sin(x)"), "2*x*sin(x) + x^2*cos(x)")  // not a polynomial: as written
        // A minus shared by a term and a constant comes out of a factor too.
        XCTAssertEqual(try derivative("log(log(x))", order: 2), "-(log(x) + 1)/(x^2*log(x)^2)")  // was (-log(x) - 1)/…
        // A minus every term of what is left shares comes out with the factor.
        XCTAssertEqual(try derivative("-exp(y^3)", wrt: "y", order: 2), "-y*exp(y^3)*(9*y^3 + 6)")
        let points = [[0.3, -1.7], [1e155, 3], [-0.0, 2], [.infinity, 1], [.nan, 2]]
        for (before, after) in try valuesBeforeAndAfter("2*x*y + y^2", at: points.map { [$0[0], $0[1]] }) {
            XCTAssert(before[0] == after[0] || before[0].isNaN && after[0].isNaN
                      || Swift.abs(before[0] - after[0]) <= 1e-15 * Swift.abs(before[0]), "\(before) → \(after)")
        }
    }

    func testComparisonsDecidedByWhatValuesCanBe() throws {
        XCTAssertEqual(try simplified("0 == y^2 + 1 ? 0 : x"), "x")
        XCTAssertEqual(try simplified("cosh(y) != 0 ? x : 1"), "x")
        XCTAssertEqual(try simplified("sigmoid(y) < 2 ? x : 1"), "sigmoid(y) < 2 ? x : 1")  // NaN < 2 is false
        XCTAssertEqual(try simplified("0 == exp(y) ? 0 : x"), "0 == exp(y) ? 0 : x")  // exp underflows to 0
        XCTAssertEqual(try simplified("0 == y^3 + 1 ? 0 : x"), "0 == y^3 + 1 ? 0 : x")
        // The x^y convention at 0: gone where it cannot fire, kept where it can.
        XCTAssertEqual(try derivative("x^(y^2 + 1)"), "x^y^2*(y^2 + 1)")
        XCTAssertEqual(try derivative("x^cosh(y)"), "cosh(y)*x^(cosh(y) - 1)")
        XCTAssertEqual(try derivative("(2 + sin(x))^y", wrt: "y"), "t1 = sin(x) + 2; log(t1)*t1^y")
        XCTAssertEqual(try derivative("x^y"), "0 == y ? 0 : y*x^(y - 1)")  // 0 at (0, 0), not NaN
        XCTAssertEqual(try derivative("x^y", wrt: "y"), "0 == x^y ? 0 : log(x)*x^y")  // 0 at (0, 1)
        XCTAssertEqual(try derivative("exp(x)^y", wrt: "y"), "0 == exp(x)^y ? 0 : exp(x)^y*log(exp(x))")
        XCTAssertEqual(try derivative("(1 + x^2)^y", wrt: "y"),
                       "0 == (x^2 + 1)^y ? 0 : (x^2 + 1)^y*log1p(x^2)")  // ∞^-1 = 0, log ∞ = ∞
        // The same values: bit for bit where a comparison is decided; for the logarithm, where
        // x^y underflows to 0 the guard's +0 may become −0 (and a NaN's sign may differ).
        let edges: [Double] = [0, -0.0, 1, -1, 0.5, 2, 1e-300, 1e300, 3000, -3000, .infinity, -.infinity, .nan]
        let points = edges.flatMap { u in edges.map { [u, $0] } }
        let guarded = "0 == (2 + sin(x))^y ? 0 : log(2 + sin(x))*(2 + sin(x))^y"
        XCTAssertEqual(try simplified(guarded), "log(sin(x) + 2)*(sin(x) + 2)^y")
        for text in ["0 == y^2 + 1 ? 0 : x", "0 != cosh(y) ? x*y : 0", guarded] {
            for (before, after) in try valuesBeforeAndAfter(text, at: points) {
                let (u, v) = (before[0], after[0])
                XCTAssert(u.bitPattern == v.bitPattern || text == guarded && (u == v || u.isNaN && v.isNaN),
                          "\(text): \(u) → \(v)")
            }
        }
    }

    func testNumbersLeadProductsAfterTheExactPrefixToo() throws {
        // The gradient as `emit` writes it: the function kept exactly, its derivative simplified,
        // in the simplifier's order (`-0.1*minus_net_bar`, never `minus_net_bar * -0.1`).
        let p = try Program(parsing: "net = w1*0.05 + w2*0.10 + b; out = sigmoid(net); 0.5*(0.01 - out)^2")
        let g = Derivatives.gradient(p.graph, wrt: Array(p.inputs.indices), mode: .reverse)
        let s = g.simplified()
        XCTAssertGreaterThan(s.exactPrefix, 0)
        var products = 0
        for n in s.nodes[s.exactPrefix...] where n.op == .mul {
            products += 1
            XCTAssertNotEqual(s[n.b].op, .constant, "a number after a factor: \(n)")
        }
        XCTAssertGreaterThan(products, 2)
    }

    func testRulesThatWouldChangeFiniteResultsAreNotApplied() throws {
        XCTAssertEqual(try simplified("x*0"), "0*x")  // NaN at x = ∞ stays NaN
        XCTAssertEqual(try simplified("sqrt(x^2)"), "sqrt(x^2)")  // |x|, not x
        XCTAssertEqual(try simplified("(x^2)^0.5"), "(x^2)^0.5")
        XCTAssertEqual(try simplified("log(exp(x))"), "log(exp(x))")  // ∞ for large x
        XCTAssertEqual(try simplified("(-x)^0.5"), "(-x)^0.5")
        XCTAssertEqual(try simplified("(x/y)^0.5"), "(x/y)^0.5")  // 0.5 at x = y = -4, x^0.5/y^0.5 NaN
        XCTAssertEqual(try simplified("(x*y)^1.5"), "(x*y)^1.5")
        XCTAssertEqual(try simplified("(exp(x)*sqrt(y))^0.5"), "exp(x)^0.5*sqrt(y)^0.5")  // neither factor negative
        XCTAssertEqual(try simplified("3*(x + 0.1)"), "3*(x + 0.1)")  // 3*0.1 is not exact
    }

    func testCoefficientsAndConstantsReadWell() throws {
        XCTAssertEqual(try derivative("sqrt(x)"), "0.5/sqrt(x)")
        XCTAssertEqual(try derivative("x/3"), "1/3")
        XCTAssertEqual(try derivative("0.1*x^2"), "0.2*x")
        XCTAssertEqual(try derivative("pi*x^2"), "2*pi*x")
        XCTAssertEqual(try derivative("sin(x/2)"), "cos(x/2)/2")
        XCTAssertEqual(try derivative("log2(x)"), "1/(log(2)*x)")
        XCTAssertEqual(try derivative("erf(x)"), "2*exp(-x^2)/sqrt(pi)")
        // At order 2: squares of named constants, and up to 4 over one.
        XCTAssertEqual(try derivative("2^x", order: 2), "log(2)^2*2^x")
        XCTAssertEqual(try derivative("sin(pi*x)", order: 2), "-pi^2*sin(pi*x)")
        XCTAssertEqual(try derivative("erf(x)", order: 2), "-4*x*exp(-x^2)/sqrt(pi)")
        // Folding in binary adds rounding that decimal arithmetic would not: a coefficient within
        // two units in the last place of a short decimal is written as that decimal.
        XCTAssertEqual(try derivative("erf(x/sqrt(2))"), "2*exp(-x^2/2)/sqrt(2*pi)")  // was -0.4999999999999999*x^2
        XCTAssertEqual(try simplified("0.05*(0.1*x*y) + (0.1 + 0.2)"), "0.005*x*y + 0.3")
        XCTAssertEqual(CoefficientSpelling.short(0.005000000000000001), 0.005)
        XCTAssertEqual(CoefficientSpelling.short(0.7978845608028653), 0.7978845608028653)  // no short decimal near
        // A square binds as a power: as a base it keeps its parentheses, and reads back.
        XCTAssertEqual(try derivative("(pi^2)^x"), "2.2894597716988003*(pi^2)^x")
    }

    func testNaturalFormsOfPartials() throws {
        XCTAssertEqual(try derivative("sqrt(x^2 + 1)"), "x/sqrt(x^2 + 1)")
        XCTAssertEqual(try derivative("exp(x^2)"), "2*x*exp(x^2)")
        XCTAssertEqual(try derivative("sigmoid(2*x)"), "t1 = sigmoid(2*x); 2*t1*(1 - t1)")
        XCTAssertEqual(try derivative("tanh(x)"), "1 - tanh(x)^2")
        XCTAssertEqual(try derivative("x > 0 ? x^2 : -x"), "x > 0 ? 2*x : -1")
        XCTAssertEqual(try derivative("expm1(x)"), "exp(x)")
        XCTAssertEqual(try derivative("3*expm1(sin(x))"), "3*cos(x)*exp(sin(x))")
        XCTAssertEqual(try derivative("expm1(x)*x"), "expm1(x) + x*exp(x)")
    }

    func testTermsOverOneDenominatorShareItWhenThatIsShorter() throws {
        XCTAssertEqual(try derivative("(x - 1)/(x + 1)"), "2/(x + 1)^2")
        XCTAssertEqual(try derivative("x/(x^2 + 1)"), "(1 - x^2)/(x^2 + 1)^2")
        XCTAssertEqual(try derivative("log(x)/x"), "(1 - log(x))/x^2")
        XCTAssertEqual(try derivative("exp(x)/(1 + exp(x))"), "exp(x)/(exp(x) + 1)^2")
        XCTAssertEqual(try simplified("a/t - b/t + c"), "c + (a - b)/t")
        // Not when it is longer, or when the terms' powers of the denominator are not integers.
        XCTAssertEqual(try derivative("sin(x)/x"), "cos(x)/x - sin(x)/x^2")
        XCTAssertEqual(try simplified("a/t^0.5 - b/t^1.5"), "a/t^0.5 - b/t^1.5")
        // A numerator that is the denominator itself cancels (at x = -1 the left side is NaN).
        XCTAssertEqual(try simplified("x/(x + 1)^2 + 1/(x + 1)^2"), "1/(x + 1)")
        XCTAssertEqual(try simplified("x/(x + 1) + 1/(x + 1)"), "1")
        // The whole sum, where its other terms cancel against the multiplied-out denominator.
        XCTAssertEqual(try simplified("2 - 2*x^2/(x^2 + y^2)"), "2*y^2/(x^2 + y^2)")
        XCTAssertEqual(try simplified("1 - 1/x"), "1 - 1/x")
        // A part that brings the denominator back is not combined.
        XCTAssertEqual(try simplified("v = u + 1/u; a/u^2 + b*v/u^2 + v"), "u + a/u^2 + 1/u + b*(u + 1/u)/u^2")
        // (Multiplied out instead: `2*u*(1 - 1/u^2)*(u + 1/u)` before.)
        XCTAssertEqual(try derivative("u = exp(x); v = u + 1/u; v^2"), "2*(exp(x)^2 - 1/exp(x)^2)")
        // Under a line, where the division merges into the quotient around it: no longer is enough.
        XCTAssertEqual(try simplified("1/(x^2/y + y)"), "y/(x^2 + y^2)")
        XCTAssertEqual(try derivative("atan(x/y)"), "y/(x^2 + y^2)")
        XCTAssertEqual(try derivative("atan(x/y)", wrt: "y", order: 2), "2*x*y/(x^2 + y^2)^2")
        // Under a line, a polynomial's common monomial comes out when that is no longer.
        XCTAssertEqual(try simplified("1/(x^2*y + y^3)"), "1/(y*(x^2 + y^2))")
        XCTAssertEqual(try simplified("x^2*y + y^3"), "x^2*y + y^3")
        // A shared sum too, where it is under a line: atan(x/y)'s Hessian.
        XCTAssertEqual(try simplified("s = x^2/y^2 + 1; a/(y^3*s^2) + b/s"), "a*y/(x^2 + y^2)^2 + b*y^2/(x^2 + y^2)")
        // Many denominators in one sum, each combined in the same pass.
        XCTAssertEqual(try derivative("1/(x + 1) - x/(x + 1) + 1/(x + 2) - x/(x + 2)"), "-2/(x + 1)^2 - 3/(x + 2)^2")
    }

    /// The expanding candidate (`simplified()` keeps whichever graph has fewer operations):
    /// the product rule's nested sums multiplied out and factored again, as SymPy writes them.
    func testSumsAreMultipliedOutWhereThatIsShorter() throws {
        // x^3*exp(x) at order 2, as the sweeps leave it (9 operations; 7 now).
        XCTAssertEqual(try simplified("t = x^2*exp(x); t + (x + 3)*(t + 2*x*exp(x))"), "x*exp(x)*(x^2 + 6*x + 6)")
        XCTAssertEqual(try derivative("x*exp(x)*(x^2 + 6*x + 6)"), "exp(x)*(x^3 + 9*x^2 + 18*x + 6)")
        // Rosenbrock's d²f/dx², and a Hessian whose named parts cancel out.
        XCTAssertEqual(try simplified("800*x^2 - 400*(y - x^2) + 2"), "1200*x^2 - 400*y + 2")
        XCTAssertEqual(try derivative("u = x^2*y; v = x*y^2; u*v + u + v", wrt: "y"), "x*(3*x^2*y^2 + x + 2*y)")
        XCTAssertEqual(try derivative("(sin(x) + cos(x))^2"), "2*(cos(x) + sin(x))*(cos(x) - sin(x))")
        XCTAssertEqual(try derivative("2*(cos(x) - sin(x))*(cos(x) + sin(x))"), "-8*cos(x)*sin(x)")
        // A derivative that is a product of sums is multiplied out too: (2 - 2/y^2)*(y + 1/y).
        XCTAssertEqual(try derivative("(y + 1/y)^2", wrt: "y"), "2*(y - 1/y^3)")
        XCTAssertEqual(try derivative("tanh(2*x + 1)", order: 2), "t1 = tanh(2*x + 1); 8*t1*(t1^2 - 1)")
        // Not where multiplying out is longer, or only as long.
        XCTAssertEqual(try simplified("(x + 1)*(y + 2) + x"), "x + (x + 1)*(y + 2)")
        XCTAssertEqual(try simplified("x + (2*x + 3)*(x + 1)"), "x + (2*x + 3)*(x + 1)")
    }

    func testSquareRootsMergeWithTheirArgument() throws {
        XCTAssertEqual(try simplified("sqrt(x)/x"), "1/sqrt(x)")
        XCTAssertEqual(try simplified("x*sqrt(x)"), "sqrt(x)^3")
        XCTAssertEqual(try simplified("sqrt(x)^2*y"), "x*y")
        XCTAssertEqual(try simplified("sqrt(sqrt(x))^2*sqrt(x)"), "x")
        XCTAssertEqual(try derivative("log(sqrt(x))"), "0.5/x")
        XCTAssertEqual(try derivative("x/sqrt(1 + x^2)"), "1/sqrt(x^2 + 1)^3")
        XCTAssertEqual(try derivative("sqrt(x)*log(x)", wrt: "x"), "(log(x)/2 + 1)/sqrt(x)")
    }

    /// A shared part the text writes inline is written out in the graph too, so it merges with
    /// its users (`FormulaPrinter`), and so are the common starts of the products that makes:
    /// `-g*m` in `-g*m*n_0` and `-g*m*x` (was `n_0*(-g*m)*exp(x*(-g*m)/(T*kb))/(T*kb)`).
    func testSharedPartsWrittenInlineMergeWithTheirUsers() throws {
        let q = try Program(parsing: "u = sin(x)*cos(y); u^2 + u")
        XCTAssert(try DerivativeListings.hessian(q, wrt: [0, 1]).contains("sin(y)^2"))  // was sin(y)*sin(y)
        XCTAssertEqual(try derivative("n_0*exp(-m*g*x/(kb*T))"), "-g*m*n_0*exp(-g*m*x/(T*kb))/(T*kb)")
        let h = try Program(parsing: "n*kb*T*ln(V2/V1)")
        XCTAssert(try DerivativeListings.hessian(h, wrt: Array(h.inputs.indices)).contains("= -T*kb*n/V2^2\n"))  // was n*(-T*kb)/V2^2
    }

    /// A derivative is printed the same whichever others are asked for: each output is
    /// simplified and printed on its own (was `t2 = T*V1*kb*n/V2; d/dV2 = t2/V1` among all, and
    /// `0/V2` in the Hessian).
    func testAFormulaIsTheSameAloneAndAmongOthers() throws {
        let p = try Program(parsing: "n*kb*T*ln(V2/V1)")
        let all = try DerivativeListings.diff(p, wrt: Array(p.inputs.indices))
        XCTAssert(all.contains("d/dV2 = T*kb*n/V2\n"), all)
        XCTAssert(all.contains("d/dV1 = -T*kb*n/V1\n"), all)
        XCTAssertEqual(try derivative("n*kb*T*ln(V2/V1)", wrt: "V2"), "T*kb*n/V2")
        XCTAssert(try DerivativeListings.hessian(p, wrt: Array(p.inputs.indices)).contains("d^2/dV1dV2 = 0\n"))
        // Terms that cancel, times what multiplied them, print as 0 (not 0/c^3, nor -0).
        for (program, entry) in [("a*ln(b/c)", "d^2/dbdc = 0\n"), ("log(V2/V1)", "d^2/dV1dV2 = 0\n")] {
            let q = try Program(parsing: program)
            let hessian = try DerivativeListings.hessian(q, wrt: Array(q.inputs.indices))
            XCTAssert(hessian.contains(entry), hessian)
        }
        // A sum sorts its terms alike whether a monomial among them is a shared node or not, so
        // the entries simplified apart still share `sigmoid(w*x + b)` (was also `sigmoid(b + w*x)`).
        let s = try Program(parsing: "sigmoid(w*x + b)")
        let hessian = try DerivativeListings.hessian(s, wrt: Array(s.inputs.indices))
        XCTAssertEqual(hessian.components(separatedBy: "sigmoid(").count, 2, hessian)
    }

    /// 1/sqrt(2*pi) is written by name, so the two roundings of it a Gaussian's derivative
    /// brings are one text (was 0.3989422804014327 and 0.39894228040143265 in one output).
    func testTheGaussianNormalisationIsWrittenByName() throws {
        let p = try Program(parsing: "exp(-(theta/sigma)^2/2)/(sqrt(2*pi)*sigma)")
        let text = try DerivativeListings.diff(p, wrt: [0, 1])
        XCTAssertFalse(text.contains("0.398"), text)
        XCTAssertEqual(text.components(separatedBy: "sqrt(2*pi)").count, 3, text)
        XCTAssertEqual(try derivative("exp(-x^2/2)/sqrt(2*pi)"), "-x*exp(-x^2/2)/sqrt(2*pi)")
    }

    /// Repeated products of a named part: a part opened while a sum is scanned may merge into a
    /// term scanned later, which then carries both coefficients (`s*(s + 1)*2*s` adds `2*s^3`
    /// to the term `s^3`); the scan lost what had merged (`2*s + s^2 + 2*s^3` here).
    func testRepeatedProductsOfANamedPartKeepTheirCoefficients() throws {
        XCTAssertEqual(try derivative("s = sin(x); s + s*s + s*s*s + s*s*s*s"),
                       "s = sin(x); cos(x)*(2*s + 3*s^2 + 4*s^3 + 1)")
        XCTAssertEqual(try derivative("s = cos(x)*y; 0.5*s*s*s + 3*s*s*s*s*s + 2*s + 0.5*s*s + 0.5*s*s*s*s"),
                       "s = y*cos(x); -y*sin(x)*(s + 1.5*s^2 + 2*s^3 + 15*s^4 + 2)")
    }

    func testSharedPartsAreNamedWhenThatIsShorter() throws {
        XCTAssertEqual(try derivative("c = x^2 + exp(x^2); sqrt(c) + cos(c)"),
                       "c = x^2 + exp(x^2); 2*x*(0.5/sqrt(c) - sin(c))*(exp(x^2) + 1)")
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
        XCTAssertLessThan(try Derivatives.pure(p.graph, wrt: [0], order: 20).operationCount, 200)
        var raw = p.graph
        for _ in 0..<6 { raw = Derivatives.gradient(raw, wrt: [0], mode: .forward).selectingOutputs([1]) }
        let simplified = try Derivatives.pure(p.graph, wrt: [0], order: 6)
        for x in [-1.3, -0.2, 0.4, 1.7] {
            assertClose(Evaluator.evaluate(simplified, inputs: [x]).outputs[0], Evaluator.evaluate(raw, inputs: [x]).outputs[0], 1e-12)
        }
    }

    /// The gradient (what `grad` and `emit` compute) shares the backward pass: the forward pass
    /// (4 sigmoids, 2 sums of 3, 2 of 2 products) and one adjoint per layer. The printed
    /// derivatives are each simplified alone, so one reads the same whichever others are asked
    /// for (`Graph.simplifiedOneByOne`): they share what is equal, not what only groups alike.
    func testSeedNetworkDerivativeSharesTheBackwardPass() throws {
        let text = try String(contentsOf: testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("grammar/examples/seed004_network.deriv"), encoding: .utf8)
        let p = try Program(parsing: text)
        let all = Array(p.inputs.indices)
        let f = p.graph.operationCount
        XCTAssertLessThanOrEqual(Derivatives.gradient(p.graph, wrt: all).simplified().operationCount, 2 * f + f / 4)
        XCTAssertLessThanOrEqual(Derivatives.partials(p.graph, wrt: all).operationCount, 4 * f)
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
