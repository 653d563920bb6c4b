@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// The worked examples of the lecture notes, with their published numbers. Their values and
/// gradients are fixtures (Fixtures/programs: logistic, sqrt_cos, sqrt_cos_named, sum_product,
/// sigmoid_chain, product_of_sums, network, checked by `FixtureTests`); here is what a fixture
/// cannot say: the operations of the graph and every intermediate and adjoint.
final class SeedExampleTests: XCTestCase {
    /// Seed 001, equations 5.123–5.128 and 5.139–5.142: the graph has exactly the six operations
    /// a…f, and each intermediate and adjoint has the value the equations give.
    func testSeed001IntermediatesAndAdjoints() throws {
        let p = try Program(parsing: "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))")
        XCTAssertEqual(p.graph.operationCount, 6)
        XCTAssertEqual(p.graph.nodes.filter { !$0.op.isLeaf }.map(\.op), [.pow, .exp, .add, .sqrt, .cos, .add])

        let x = 1.5
        let a = x * x, b = Foundation.exp(a), c = a + b, d = c.squareRoot(), e = Foundation.cos(c), f = d + e
        let values = try p.evaluate(at: [x]).values
        let ops = p.graph.nodes.indices.filter { !p.graph.nodes[$0].op.isLeaf }
        for (id, expected) in zip(ops, [a, b, c, d, e, f]) { assertClose(values[id], expected, 0) }

        let fc = 1 / (2 * d) - Foundation.sin(c)        // 5.139
        let fb = fc                                     // 5.140
        let fa = fb * b + fc                            // 5.141
        let fx = fa * 2 * x                             // 5.142
        let r = try gradientBothModes("sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))", ["x": x])
        assertClose(r.value, f)
        assertClose(r.gradient["x"]!, fx)
        // The closed form 5.110 agrees too.
        let closed = 2 * x * (1 / (2 * c.squareRoot()) - Foundation.sin(c)) * (1 + b)
        assertClose(r.gradient["x"]!, closed)
    }
}
