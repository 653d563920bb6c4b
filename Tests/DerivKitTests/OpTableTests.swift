@_spi(DerivCore) import DerivCore
import XCTest
@testable import DerivKit

/// Every row of the operation table, checked against finite differences in its sampling domain,
/// numerically (the Double algebra) and symbolically (the graph algebra) alike.
final class OpTableTests: XCTestCase {
    func testEveryPartialMatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 7)
        for op in Op.allCases where !op.isLeaf {
            for _ in 0..<20 {
                let args = (0..<3).map { _ in Double.random(in: op.info.domain, using: &rng) }
                let out = op.evaluate(args[0], args[1], args[2])
                for i in 0..<op.arity {
                    let numeric = op.partial(i, args[0], args[1], args[2], out: out, in: NumericAlgebra()) ?? 0
                    var plus = args, minus = args
                    let h = 1e-6
                    plus[i] += h; minus[i] -= h
                    let fd = (op.evaluate(plus[0], plus[1], plus[2]) - op.evaluate(minus[0], minus[1], minus[2])) / (2 * h)
                    if op.info.kink != nil, Swift.abs(fd - numeric) > 1e-3 { continue }   // straddles a kink
                    assertClose(numeric, fd, 1e-6, "\(op) ∂\(i) at \(args)")
                }
            }
        }
    }

    func testSymbolicPartialsEvaluateToNumericOnes() {
        var rng = SplitMix64(seed: 8)
        for op in Op.allCases where !op.isLeaf {
            let args = (0..<3).map { _ in Double.random(in: op.info.domain, using: &rng) }
            let b = GraphBuilder(inputs: ["x", "y", "z"])
            let x = b.input(0), y = b.input(1), z = b.input(2)
            let out = b.apply(op, x, op.arity > 1 ? y : nil, op.arity > 2 ? z : nil)
            for i in 0..<op.arity {
                let numeric = op.partial(i, args[0], args[1], args[2], out: op.evaluate(args[0], args[1], args[2]),
                                         in: NumericAlgebra())
                let symbolic = op.partial(i, x, y, z, out: out, in: b)
                XCTAssertEqual(numeric == nil, symbolic == nil, "\(op) ∂\(i)")
                guard let s = symbolic, let n = numeric else { continue }
                let g = b.finish(outputs: [s], outputNames: ["p"])
                assertClose(Evaluator.evaluate(g, inputs: args).outputs[0], n, 0, "\(op) ∂\(i)")
            }
        }
    }

    func testKinkConventions() throws {
        XCTAssertEqual(try gradientBothModes("abs(x)", ["x": 0]).gradient["x"], 0)
        XCTAssertEqual(try gradientBothModes("relu(x)", ["x": 0]).gradient["x"], 0)
        XCTAssertEqual(try gradientBothModes("sign(x)", ["x": 0.5]).gradient["x"], 0)
        XCTAssertEqual(try gradientBothModes("max(x, y)", ["x": 1, "y": 1]).gradient, ["x": 1, "y": 0])
        XCTAssertEqual(try gradientBothModes("min(x, y)", ["x": 1, "y": 1]).gradient, ["x": 1, "y": 0])
        XCTAssertEqual(try gradientBothModes("max(x, y, z)", ["x": 1, "y": 3, "z": 3]).gradient, ["x": 0, "y": 1, "z": 0])
    }

    func testNumericallyCarefulForms() {
        XCTAssertEqual(Op.sigmoid.evaluate(-800), 0)
        XCTAssertEqual(Op.sigmoid.evaluate(800), 1)
        XCTAssertEqual(Op.softplus.evaluate(800), 800)
        XCTAssertEqual(Op.softplus.evaluate(-800), 0)
        XCTAssertEqual(Op.pow.evaluate(3, 2), 9)
    }
}
