@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// `BatchEvaluator` gives bit for bit the numbers `Evaluator` gives one point at a time, and
/// reports every point at which `Evaluator` warns.
final class BatchEvaluatorTests: XCTestCase {
    /// Random programs over every operation and their gradients, at 600 points (two full blocks
    /// and a partial one), some of them outside the domains (NaN, ±∞, poles).
    func testRandomProgramsMatchOnePointAtATime() throws {
        let seed: UInt64 = 7_301
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<150 {
            let text = gen.expression(depth: Int.random(in: 1...6, using: &gen.rng))
            let p = try Program(parsing: text, wrt: gen.inputs)
            let g = Derivatives.gradient(p.graph, wrt: Array(p.inputs.indices),
                                         mode: Bool.random(using: &gen.rng) ? .reverse : .forward)
            var columns = p.inputs.map { _ in [Double]() }
            for k in 0..<600 {
                let special: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, 1e308, Double.leastNonzeroMagnitude]
                for i in columns.indices {
                    columns[i].append(k % 37 == 0 ? special[(k / 37 + i) % special.count] : gen.point()[i] * 3)
                }
            }
            let batch = BatchEvaluator(g).evaluate(columns: columns)
            let flagged = Set(batch.pointsWithNonFiniteValues)
            for k in 0..<600 {
                let single = Evaluator.evaluate(g, inputs: columns.map { $0[k] })
                let bits = single.outputs.map(\.bitPattern)
                XCTAssertEqual(batch.outputs(at: k).map(\.bitPattern), bits, "seed \(seed): \(text) at point \(k)")
                if !single.warnings.isEmpty {
                    XCTAssert(flagged.contains(k), "seed \(seed): \(text) warns at point \(k), not flagged")
                }
            }
        }
    }

    /// Outputs that are inputs, constants or the same node twice; a graph with no inputs; no points.
    func testLeafAndRepeatedOutputs() throws {
        let b = GraphBuilder(inputs: ["x", "y"])
        let a = b.mul(b.input(0), b.input(1))
        let g = b.finish(outputs: [a, b.constant(2), b.input(0), a], outputNames: ["a", "b", "c", "d"])
        let batch = BatchEvaluator(g).evaluate(columns: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(batch.values, [4, 2, 1, 4, 10, 2, 2, 10, 18, 2, 3, 18])
        XCTAssertEqual(batch.pointsWithNonFiniteValues, [])
        XCTAssertEqual(BatchEvaluator(g).evaluate(columns: [[], []]).values, [])
        let constant = try Program(parsing: "2*pi")
        XCTAssertEqual(BatchEvaluator(constant.graph).evaluate(columns: []).values, [])
        XCTAssertEqual(BatchEvaluator(constant.graph).evaluate(columns: [], points: 3).values, [2 * .pi, 2 * .pi, 2 * .pi])
    }

    /// Exactly the points whose values are NaN or ±∞ are flagged: not the largest finite numbers,
    /// subnormals or zeros. `x^2` runs as `x*x` and gives the interpreter's bits.
    func testNonFiniteFlagsAndSquares() throws {
        let p = try Program(parsing: "x^2 + 0*x")
        let column: [Double] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0,
                                1e154, 1.4e154, -.infinity, .nan, 3]
        let batch = BatchEvaluator(p.graph).evaluate(columns: [column])
        XCTAssertEqual(batch.pointsWithNonFiniteValues, Array(0..<column.count))  // one block: all of it
        for (k, x) in column.enumerated() {
            XCTAssertEqual(batch.outputs(at: k).map(\.bitPattern), Evaluator.evaluate(p.graph, inputs: [x]).outputs.map(\.bitPattern))
        }
        let finite = BatchEvaluator(p.graph).evaluate(columns: [[.leastNonzeroMagnitude, -0.0, 1e154, -3]])
        XCTAssertEqual(finite.pointsWithNonFiniteValues, [])
        let overflow = BatchEvaluator(p.graph).evaluate(columns: [[1.4e154]])
        XCTAssertEqual(overflow.pointsWithNonFiniteValues, [0])
    }
}
