@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Properties over randomly generated programs (fixed seed, printed on failure):
/// forward mode equals reverse mode to rounding, and both equal central finite differences.
final class PropertyTests: XCTestCase {
    func testRandomExpressionsForwardReverseAndFiniteDifferences() throws {
        let seed: UInt64 = 20261123
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        var opsSeen = Set<Op>()
        while checked < 1000, attempts < 50_000 {
            attempts += 1
            let text = gen.expression(depth: Int.random(in: 1...8, using: &gen.rng))
            let point = gen.point()
            let p = try Program(parsing: text, wrt: gen.inputs)
            let values = try p.evaluate(at: point)
            guard values.outputs[0].isFinite, !p.graph.nearKink(values.values) else { continue }
            let reverse = try p.gradient(at: point, mode: .reverse)
            let forward = try p.gradient(at: point, mode: .forward)
            guard reverse.gradient.allSatisfy(\.isFinite), reverse.gradient.allSatisfy({ Swift.abs($0) < 1e6 }) else { continue }
            // Finite differences must be stable at this point (two step sizes agree), else skip it.
            var stable = true
            var fd: [Double] = []
            for i in point.indices {
                let d1 = try centralDifference(p, point, i, 1e-5), d2 = try centralDifference(p, point, i, 1e-4)
                if !close(d1, d2, 1e-5) { stable = false }
                fd.append(d1)
            }
            guard stable else { continue }
            checked += 1
            for n in p.graph.nodes { opsSeen.insert(n.op) }
            assertClose(reverse.value, forward.value, 0, "seed \(seed): \(text)")
            for i in point.indices {
                assertClose(reverse.gradient[i], forward.gradient[i], 1e-12, "forward vs reverse, seed \(seed): \(text) at \(point)")
                assertClose(reverse.gradient[i], fd[i], 1e-5, "AD vs finite differences, seed \(seed): \(text) at \(point)")
            }
        }
        XCTAssertEqual(checked, 1000, "only \(checked) of \(attempts) random programs were checkable")
        let missing = Set(Op.allCases).subtracting(opsSeen).subtracting([.input, .constant])
        XCTAssert(missing.isEmpty, "operations never checked: \(missing)")
    }

    private func centralDifference(_ p: Program, _ point: [Double], _ i: Int, _ h: Double) throws -> Double {
        var plus = point, minus = point
        let step = h * Swift.max(1, Swift.abs(point[i]))
        plus[i] += step; minus[i] -= step
        return try (p.evaluate(at: plus).outputs[0] - p.evaluate(at: minus).outputs[0]) / (2 * step)
    }
}
