@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Values and derivatives where they are infinite, undefined, at a kink, overflowing, NaN, huge
/// or tiny. Each case is checked in both modes, which must agree exactly: the same number, the
/// same infinity, NaN where NaN.
final class NumericEdgeTests: XCTestCase {
    private let inf = Double.infinity, nan = Double.nan

    /// Checks value and gradient (inputs in natural order: x, y, z) in both modes.
    private func check(_ text: String, at point: [Double], value: Double, gradient: [Double],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let p = try Program(parsing: text)
        XCTAssertEqual(p.inputs.count, point.count, "inputs of \(text)", file: file, line: line)
        for mode in Mode.allCases {
            let r = try p.gradient(at: point, mode: mode)
            XCTAssert(same(r.value, value), "\(text) at \(point), \(mode) mode: value \(r.value), expected \(value)",
                      file: file, line: line)
            for (i, (got, expected)) in zip(r.gradient, gradient).enumerated() {
                XCTAssert(same(got, expected), "\(text) at \(point), \(mode) mode: d/d\(p.inputs[i]) = \(got), expected \(expected)",
                          file: file, line: line)
            }
        }
    }

    /// Equal, both NaN, or within one part in 1e15 (a rounding of the last bit).
    private func same(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        return a == b || Swift.abs(a - b) <= 1e-15 * Swift.abs(b)
    }

    func testInfiniteDerivativesAtTheEdgeOfTheDomain() throws {
        try check("sqrt(x)", at: [0], value: 0, gradient: [inf])
        try check("cbrt(x)", at: [0], value: 0, gradient: [inf])
        try check("log(x)", at: [0], value: -inf, gradient: [inf])
        try check("asin(x)", at: [1], value: .pi / 2, gradient: [inf])
        try check("acos(x)", at: [1], value: 0, gradient: [-inf])
        try check("acosh(x)", at: [1], value: 0, gradient: [inf])
        try check("atanh(x)", at: [1], value: inf, gradient: [inf])
        try check("x^0.5", at: [0], value: 0, gradient: [inf])
        try check("1/x", at: [0], value: inf, gradient: [-inf])
    }

    func testOutsideTheDomain() throws {
        try check("sqrt(x)", at: [-1], value: nan, gradient: [nan])
        try check("asin(x)", at: [2], value: nan, gradient: [nan])
        try check("acosh(x)", at: [0.5], value: nan, gradient: [nan])
        // The partial is the formula, as in JAX and PyTorch: log'(x) = 1/x is −1 at x = −1 though
        // log(−1) is NaN. The NaN value is what shows the point is outside the domain.
        try check("log(x)", at: [-1], value: nan, gradient: [-1])
        try check("x/y", at: [0, 0], value: nan, gradient: [inf, nan])
        try check("atan2(y, x)", at: [0, 0], value: 0, gradient: [nan, nan])
        try check("hypot(x, y)", at: [0, 0], value: 0, gradient: [nan, nan])
    }

    /// x^y at x = 0 (the convention in `powerPartial`), and at negative x.
    func testPowerAtZeroAndBelow() throws {
        try check("x^y", at: [0, 2], value: 0, gradient: [0, 0])          // ∂/∂y = 0, not 0·log 0 = NaN
        try check("x^y", at: [0, 3.5], value: 0, gradient: [0, 0])
        try check("x^y", at: [0, 0.5], value: 0, gradient: [inf, 0])
        try check("x^y", at: [0, 0], value: 1, gradient: [0, -inf])       // ∂/∂x = 0, not 0·0^(−1) = NaN
        try check("x^y", at: [0, -1], value: inf, gradient: [-inf, -inf])
        try check("x^y", at: [-2, 3], value: -8, gradient: [12, nan])
        try check("x^y", at: [-2, 0.5], value: nan, gradient: [nan, nan])
        try check("x^2", at: [0], value: 0, gradient: [0])
        try check("x^3", at: [-0.0], value: -0.0, gradient: [0])
        try check("0^x", at: [2], value: 0, gradient: [0])
        try check("2^x", at: [-1100], value: 0, gradient: [0])             // underflow: 0·log 2 = 0
        try check("x^x", at: [0], value: 1, gradient: [-inf])
        try check("pow(x, y)", at: [0, 2], value: 0, gradient: [0, 0])
    }

    /// The documented kink convention (grammar/deriv.ebnf): abs'(0) = 0, relu'(0) = 0, sign' = 0,
    /// max/min send the whole derivative to the first argument that attains the extreme.
    func testKinks() throws {
        try check("abs(x)", at: [0], value: 0, gradient: [0])
        try check("abs(x)", at: [-2], value: 2, gradient: [-1])
        try check("relu(x)", at: [0], value: 0, gradient: [0])
        try check("relu(x)", at: [-1], value: 0, gradient: [0])
        try check("relu(x)", at: [1], value: 1, gradient: [1])
        try check("sign(x)", at: [0], value: 0, gradient: [0])
        try check("max(x, y)", at: [1, 1], value: 1, gradient: [1, 0])
        try check("max(y, x)", at: [1, 1], value: 1, gradient: [0, 1])   // y comes first in the call; the inputs are (x, y)
        try check("min(x, y)", at: [1, 1], value: 1, gradient: [1, 0])
        try check("max(x, y, z)", at: [2, 3, 3], value: 3, gradient: [0, 1, 0])
        try check("max(x, x)", at: [1], value: 1, gradient: [1])
        try check("x > 0 ? x : -x", at: [0], value: 0, gradient: [-1])
    }

    /// The derivative of `c ? a : b` is `c ? a′ : b′`: a partial that is NaN or ∞ in the arm not
    /// taken does not reach it (0·NaN would), in either mode, through nested conditionals too.
    func testAnArmNotTakenLeavesNoNaN() throws {
        try check("x < 0 ? x : sqrt(x)", at: [-1], value: -1, gradient: [1])
        try check("x > 1 ? 1/(x - 1) : 2*x", at: [1], value: 2, gradient: [2])
        try check("x > 0 ? x*log(x) : 0", at: [-1], value: 0, gradient: [0])
        try check("x > 0 ? (x > 1 ? log(log(x)) : x) : -x", at: [0.5], value: 0.5, gradient: [1])
        try check("x > 0 ? (x > 1 ? log(log(x)) : x) : -x", at: [-2], value: 2, gradient: [-1])
        try check("y = x < 0 ? 0 : sqrt(x); y*y + x", at: [-4], value: -4, gradient: [1])
    }

    func testOverflow() throws {
        try check("exp(x)", at: [710], value: inf, gradient: [inf])
        try check("exp(x)", at: [-1000], value: 0, gradient: [0])
        try check("sinh(x)", at: [1000], value: inf, gradient: [inf])
        try check("cosh(x)", at: [-1000], value: inf, gradient: [-inf])
        try check("x*x", at: [1e200], value: inf, gradient: [2e200])
        try check("exp(x)*exp(-x)", at: [800], value: nan, gradient: [nan])   // ∞·0
    }

    /// Saturating functions have exact limits, not ∞/∞.
    func testSaturation() throws {
        try check("tanh(x)", at: [1000], value: 1, gradient: [0])
        try check("sigmoid(x)", at: [1000], value: 1, gradient: [0])
        try check("sigmoid(x)", at: [-1000], value: 0, gradient: [0])
        try check("softplus(x)", at: [1000], value: 1000, gradient: [1])
        try check("softplus(x)", at: [-1000], value: 0, gradient: [0])
        try check("erf(x)", at: [30], value: 1, gradient: [0])
    }

    /// NaN goes wherever the chain rule takes it: through every partial that depends on it.
    /// A partial that does not (the 1 of x + y, the y of x·y) stays a number, in both modes.
    func testNaNPropagation() throws {
        try check("sin(x)*y", at: [nan, 2], value: nan, gradient: [nan, nan])
        try check("x*y", at: [nan, 2], value: nan, gradient: [2, nan])
        try check("x + y", at: [nan, 2], value: nan, gradient: [1, 1])
        try check("exp(x)", at: [nan], value: nan, gradient: [nan])
        try check("relu(x)", at: [nan], value: nan, gradient: [nan])
        try check("abs(x)", at: [nan], value: nan, gradient: [nan])
        // Comparisons with NaN are false, so max/min give NaN with both partials 0, and a
        // conditional takes its else branch.
        try check("max(x, y)", at: [nan, 1], value: nan, gradient: [0, 0])
        try check("x > 0 ? 2*x : 3*x", at: [nan], value: nan, gradient: [3])
        try check("a = x*0; a + y", at: [inf, 1], value: nan, gradient: [0, 1])
    }

    func testHugeAndTinyInputs() throws {
        try check("hypot(x, y)", at: [1e300, 1e300], value: 1.4142135623730952e300,
                  gradient: [0.7071067811865475, 0.7071067811865475])
        let tiny = Double.leastNonzeroMagnitude                                     // 4.9e-324, subnormal
        try check("sqrt(x)", at: [tiny], value: 2.2227587494850775e-162, gradient: [0.5 / 2.2227587494850775e-162])
        try check("log(x)", at: [tiny], value: -744.4400719213812, gradient: [inf])    // 1/tiny overflows
        try check("x*y", at: [1e-200, 1e-200], value: 0, gradient: [1e-200, 1e-200])
        try check("sin(x)", at: [1e300], value: Foundation.sin(1e300), gradient: [Foundation.cos(1e300)])
        try check("x - y", at: [1.7976931348623157e308, -1.7976931348623157e308], value: inf, gradient: [1, -1])
    }

    /// Signed zeros: derivatives of functions that are smooth at 0 do not depend on its sign.
    func testSignedZero() throws {
        try check("x^2", at: [-0.0], value: 0, gradient: [0])
        try check("exp(x)", at: [-0.0], value: 1, gradient: [1])
        try check("log(x)", at: [-0.0], value: -inf, gradient: [-inf])
    }
}
