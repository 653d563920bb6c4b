@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Jacobians and Hessians of random programs: the Jacobian is the same in forward and reverse
/// mode; the Hessian (forward over reverse) is symmetric and equals central differences of the
/// gradient; the symbolic second derivatives evaluate to the numeric Hessian.
final class DerivativeMatrixTests: XCTestCase {
    func testJacobianForwardEqualsReverse() throws {
        let seed: UInt64 = 57_721
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<300 {
            let f = gen.expression(depth: 5), g = gen.expression(depth: 5)
            let p = try Program(parsing: "f = \(f); g = \(g)", wrt: gen.inputs, outputs: ["f", "g"])
            let point = gen.point()
            let wrt = Array(p.inputs.indices)
            let r = Evaluator.evaluate(Derivatives.jacobian(p.graph, wrt: wrt, mode: .reverse), inputs: point).outputs
            let fw = Evaluator.evaluate(Derivatives.jacobian(p.graph, wrt: wrt, mode: .forward), inputs: point).outputs
            XCTAssertEqual(r.count, 2 + 2 * wrt.count)
            for (u, v) in zip(r, fw) {
                XCTAssert(close(u, v, 1e-12), "seed \(seed): f = \(f); g = \(g) at \(point): \(r) vs \(fw)")
            }
        }
    }

    func testHessianIsSymmetricAndEqualsDifferencesOfTheGradient() throws {
        let seed: UInt64 = 69_314
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        while checked < 300, attempts < 20_000 {
            attempts += 1
            let text = gen.expression(depth: Int.random(in: 1...6, using: &gen.rng))
            let p = try Program(parsing: text, wrt: gen.inputs)
            let point = gen.point()
            let values = try p.evaluate(at: point)
            guard values.outputs[0].isFinite, !p.graph.nearKink(values.values, margin: 1e-2) else { continue }
            let n = p.inputs.count
            let h = Evaluator.evaluate(Derivatives.hessian(p.graph, wrt: Array(0..<n)), inputs: point).outputs
            let hessian = (0..<n).map { r in Array(h[(1 + n + r * n)..<(1 + n + (r + 1) * n)]) }
            guard hessian.joined().allSatisfy({ $0.isFinite && Swift.abs($0) < 1e4 }) else { continue }
            // Central differences of the gradient, stable at two step sizes, or the point is skipped.
            var differences: [[Double]] = []
            var stable = true
            for c in 0..<n {
                let d1 = try gradientDifference(p, point, c, 1e-5), d2 = try gradientDifference(p, point, c, 1e-4)
                if !zip(d1, d2).allSatisfy({ close($0, $1, 1e-4) }) { stable = false }
                differences.append(d1)
            }
            guard stable else { continue }
            checked += 1
            for r in 0..<n {
                for c in 0..<n {
                    XCTAssert(close(hessian[r][c], hessian[c][r], 1e-10), "seed \(seed): \(text) H not symmetric at \(point)")
                    XCTAssert(close(hessian[r][c], differences[c][r], 1e-4),
                              "seed \(seed): \(text) at \(point): H[\(r)][\(c)] = \(hessian[r][c]), differences \(differences[c][r])")
                }
            }
            // The printed second derivatives read back to the same numbers.
            let symbolic = Derivatives.secondPartials(p.graph, wrt: Array(0..<n))
            let printed = Evaluator.evaluate(symbolic, inputs: point).outputs
            for (k, (r, c)) in Derivatives.upperTriangle(n).enumerated() {
                XCTAssert(close(printed[k], hessian[r][c], 1e-9), "seed \(seed): \(text) at \(point): symbolic H[\(r)][\(c)]")
            }
        }
        XCTAssertEqual(checked, 300, "only \(checked) of \(attempts) random programs were checkable")
    }

    /// Central differences of the reverse-mode gradient along input `c`.
    private func gradientDifference(_ p: Program, _ point: [Double], _ c: Int, _ h: Double) throws -> [Double] {
        var plus = point, minus = point
        let step = h * Swift.max(1, Swift.abs(point[c]))
        plus[c] += step
        minus[c] -= step
        let gp = try p.gradient(at: plus).gradient, gm = try p.gradient(at: minus).gradient
        return zip(gp, gm).map { ($0 - $1) / (2 * step) }
    }
}
