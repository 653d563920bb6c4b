@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// `Derivatives.hvp` and `Program.hessianVectorProduct`: H·v by forward over reverse along v,
/// checked against the full Hessian times v and against differences of the gradient along v, and
/// costed against one gradient.
final class HessianVectorProductTests: XCTestCase {
    func testSmallExample() throws {
        // f = x²y + y³: gradient (2xy, x² + 3y²), H = [[2y, 2x], [2x, 6y]].
        let p = try Program(parsing: "x^2*y + y^3")
        let r = try p.hessianVectorProduct(at: [1, 2], direction: [1, 0])
        XCTAssertEqual(r.value, 10)
        XCTAssertEqual(r.gradient, [4, 13])
        XCTAssertEqual(r.hvp, [4, 2])
        XCTAssertEqual(try p.hessianVectorProduct(at: [1, 2], direction: [0.5, -1]).hvp, [2 - 2, 1 - 12])
        // wrt picks and orders the inputs; the direction follows it.
        let y = try p.hessianVectorProduct(at: [1, 2], direction: [1], wrt: ["y"])
        XCTAssertEqual(y.gradient, [13])
        XCTAssertEqual(y.hvp, [12])
        XCTAssertEqual(try p.hessianVectorProduct(at: [1, 2], direction: [0, 1], wrt: ["y", "x"]).hvp, [2, 4])
    }

    func testConstantAndLinearPrograms() throws {
        XCTAssertEqual(try Program(parsing: "3").hessianVectorProduct(at: [], direction: []).value, 3)
        let linear = try Program(parsing: "2*x + y").hessianVectorProduct(at: [1, 1], direction: [1, 1])
        XCTAssertEqual(linear.gradient, [2, 1])
        XCTAssertEqual(linear.hvp, [0, 0])
        // A gradient entry that is an input (∂(xy)/∂x = y) has the direction as its tangent.
        XCTAssertEqual(try Program(parsing: "x*y").hessianVectorProduct(at: [3, 4], direction: [5, 7]).hvp, [7, 5])
    }

    /// Random programs: H·v equals the full Hessian (forward over reverse, one sweep per input)
    /// times v, and central differences of the gradient along v.
    func testEqualsHessianTimesVectorAndDifferencesOfTheGradient() throws {
        let seed: UInt64 = 20_020
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        while checked < 300, attempts < 20_000 {
            attempts += 1
            let text = gen.expression(depth: Int.random(in: 1...6, using: &gen.rng))
            let p = try Program(parsing: text, wrt: gen.inputs)
            let point = gen.point(), v = gen.point()
            let values = try p.evaluate(at: point)
            guard values.outputs[0].isFinite, !p.graph.nearKink(values.values, margin: 1e-2) else { continue }
            let n = p.inputs.count
            let h = Evaluator.evaluate(Derivatives.hessian(p.graph, wrt: Array(0..<n)), inputs: point).outputs
            let hessianTimesV = (0..<n).map { r in (0..<n).reduce(0.0) { $0 + h[1 + n + r * n + $1] * v[$1] } }
            guard hessianTimesV.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e4 }) else { continue }
            let r = try p.hessianVectorProduct(at: point, direction: v)
            for k in 0..<n {
                XCTAssert(close(r.hvp[k], hessianTimesV[k], 1e-10), "seed \(seed): \(text) at \(point) along \(v): (Hv)[\(k)]")
                XCTAssert(close(r.gradient[k], h[1 + k], 1e-12), "seed \(seed): \(text): gradient[\(k)]")
            }
            let d1 = try gradientDifference(p, point, v, 1e-5), d2 = try gradientDifference(p, point, v, 1e-4)
            guard zip(d1, d2).allSatisfy({ close($0, $1, 1e-4) }) else { continue }
            checked += 1
            for k in 0..<n {
                XCTAssert(close(r.hvp[k], d1[k], 1e-4), "seed \(seed): \(text) at \(point): (Hv)[\(k)] = \(r.hvp[k]), differences \(d1[k])")
            }
        }
        XCTAssertGreaterThan(checked, 200, "too few random programs checked")
    }

    /// (∇f(x + h·v) − ∇f(x − h·v)) / 2h.
    private func gradientDifference(_ p: Program, _ point: [Double], _ v: [Double], _ h: Double) throws -> [Double] {
        let plus = zip(point, v).map { $0 + h * $1 }, minus = zip(point, v).map { $0 - h * $1 }
        return zip(try p.gradient(at: plus).gradient, try p.gradient(at: minus).gradient).map { ($0 - $1) / (2 * h) }
    }

    /// The cost of H·v is a small multiple of one gradient's, whatever the number of inputs,
    /// where a dense Hessian's grows with it (one sweep per input). Measured: Rosenbrock with 100
    /// inputs f 791, gradient 1384, H·v 2473 ops; the layer f 373, gradient 580, H·v 1433.
    func testCostIsASmallMultipleOfOneGradient() throws {
        for n in [2, 10, 100] {
            // An extended Rosenbrock chain and a softplus layer: every input interacts with others.
            let rosenbrock = (1..<n).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }.joined(separator: " + ")
            let layer = "softplus(" + (1...n).map { "\($0 % 7 - 3)*x\($0)" }.joined(separator: " + ") + ")*"
                + "exp(-(" + (1...n).map { "x\($0)^2" }.joined(separator: " + ") + "))"
            for text in [rosenbrock, layer] {
                let g = try Program(parsing: text).graph
                let all = Array(g.inputs.indices)
                let function = g.simplified().opCount().total
                let gradient = Derivatives.gradient(g, wrt: all).simplified().opCount().total
                let hvp = Derivatives.hvp(g, wrt: all).simplified().opCount().total
                XCTAssertLessThanOrEqual(hvp, 4 * gradient, "n = \(n): H·v costs \(hvp), one gradient \(gradient), f \(function)")
                // Rosenbrock's Hessian is tridiagonal, so unit seeds make it cheap; the layer's is dense.
                if n == 100, text == layer {
                    let hessian = Derivatives.hessian(g, wrt: all).simplified().opCount().total
                    XCTAssertLessThan(10 * hvp, hessian, "n = \(n): H·v \(hvp) against the Hessian's \(hessian)")
                }
            }
        }
    }
}
