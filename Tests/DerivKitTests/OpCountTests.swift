@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// `deriv ops`: the facts the seeds teach must show in the counts. Reverse mode gives a whole
/// gradient for a small constant times the function's cost; forward mode needs one sweep per
/// input; forward mode wins when outputs outnumber inputs; the sum over all paths explodes
/// while the sweeps touch each edge once.
final class OpCountTests: XCTestCase {
    /// Rosenbrock's function of n variables: Σ (1 − xᵢ)² + 100·(xᵢ₊₁ − xᵢ²)².
    static func rosenbrock(_ n: Int) -> String {
        (1..<n).map { "(1 - x\($0))^2 + 100*(x\($0 + 1) - x\($0)^2)^2" }.joined(separator: " + ")
    }

    func testRosenbrockReverseIsACheapGradientForwardGrowsWithInputs() throws {
        var factors: [Double] = []
        for n in [2, 4, 8, 16, 32] {
            let p = try Program(parsing: Self.rosenbrock(n))
            XCTAssertEqual(p.inputs, (1...n).map { "x\($0)" })
            let c = CostAnalysis(p.graph, wrt: Array(p.inputs.indices))
            let N = c.function.total
            XCTAssertEqual(c.reverse.sweeps, 1)
            XCTAssertEqual(c.forward.sweeps, n)
            // The cheap gradient principle: the whole gradient for a small multiple of f.
            XCTAssertLessThanOrEqual(c.reverse.total, 3 * N, "n = \(n)")
            // A forward sweep costs at least the function again, and there are n of them.
            XCTAssertGreaterThanOrEqual(c.forward.perSweep.total, N, "n = \(n)")
            XCTAssertGreaterThanOrEqual(c.forward.total, n * N, "n = \(n)")
            XCTAssertEqual(c.forward.total, n * c.forward.perSweep.total + N)
            XCTAssertEqual(c.reverse.total, c.reverse.perSweep.total + N)
            XCTAssertEqual(c.cheaper, .reverse)
            factors.append(c.factor)
        }
        // The advantage grows with n, roughly in proportion.
        XCTAssertEqual(factors, factors.sorted())
        XCTAssertGreaterThan(factors.last! / factors[2], 3)
    }

    /// y_i = sin(x_i)·x_{i+1}: n outputs, n+1 inputs. The recommendation is whichever total is
    /// smaller, and the totals follow the sweep counts.
    func testRecommendationFollowsTheCounts() throws {
        for n in [1, 2, 5, 20] {
            let program = (1...n).map { "y\($0) = sin(x\($0))*x\($0 + 1)" }.joined(separator: "; ")
            let p = try Program(parsing: program, outputs: (1...n).map { "y\($0)" })
            let c = CostAnalysis(p.graph, wrt: Array(p.inputs.indices))
            XCTAssertEqual(c.function.total, 2 * n)
            XCTAssertEqual(c.function[.transcendental], n)
            XCTAssertEqual(c.forward.sweeps, n + 1)
            XCTAssertEqual(c.reverse.sweeps, n)
            XCTAssertEqual(c.forward.total, (n + 1) * c.forward.perSweep.total + c.function.total)
            XCTAssertEqual(c.reverse.total, n * c.reverse.perSweep.total + c.function.total)
            let expected: Mode? = c.forward.total < c.reverse.total ? .forward : (c.reverse.total < c.forward.total ? .reverse : nil)
            XCTAssertEqual(c.cheaper, expected, "n = \(n)")
            XCTAssertEqual(c.factor, Double(max(c.forward.total, c.reverse.total)) / Double(min(c.forward.total, c.reverse.total)))
        }
    }

    /// One input, many outputs: forward mode wins (seed 004's closing remark).
    func testForwardWinsWhenOutputsOutnumberInputs() throws {
        let n = 10
        let p = try Program(parsing: (1...n).map { "y\($0) = sin(\($0)*x)" }.joined(separator: "; "),
                            outputs: (1...n).map { "y\($0)" })
        let c = CostAnalysis(p.graph, wrt: [0])
        XCTAssertEqual(c.cheaper, .forward)
        XCTAssertEqual(c.forward.sweeps, 1)
        XCTAssertEqual(c.reverse.sweeps, n)
        XCTAssertGreaterThan(c.factor, 5)
    }

    func testPerKindCounts() throws {
        let p = try Program(parsing: "a = x + y; b = a * x; c = b / y; d = c ^ y; e = exp(d) - max(x, y)")
        let c = p.graph.opCount()
        XCTAssertEqual(c[.addSub], 2)
        XCTAssertEqual(c[.mul], 1)
        XCTAssertEqual(c[.div], 1)
        XCTAssertEqual(c[.pow], 1)
        XCTAssertEqual(c[.transcendental], 1)
        XCTAssertEqual(c[.compare], 1)
        XCTAssertEqual(c.total, p.graph.operationCount)
    }

    /// Seed 004: e = (a+b)(b+1). ∂e/∂b sums two paths (through c and through d), ∂e/∂a one.
    func testSeed004PathCounts() throws {
        let p = try Program(parsing: "c = a + b; d = b + 1; e = c * d")
        let c = CostAnalysis(p.graph, wrt: [0, 1])
        XCTAssertEqual(c.paths.map(\.description), ["1", "2"])
        XCTAssertEqual(c.pathTotal.description, "3")
        XCTAssertEqual(c.edges, 5)
    }

    /// Seed 004's X → Y → Z: three edges each way give 3 × 3 = 9 paths.
    func testSeed004NinePaths() throws {
        let p = try Program(parsing: "y = sin(x) + cos(x) + exp(x); z = sin(y) + cos(y) + exp(y)")
        XCTAssertEqual(p.graph.pathCounts().total.description, "9")
    }

    /// A chain where every step uses the previous value twice doubles the paths at each step:
    /// exact while the count fits 1024 bits, then in scientific notation.
    func testExplodingPathCounts() throws {
        func chain(_ k: Int) -> String {
            "a0 = x\n" + (1...k).map { "a\($0) = sin(a\($0 - 1)) * a\($0 - 1)" }.joined(separator: "\n")
        }
        let exact = try Program(parsing: chain(200)).graph.pathCounts().total
        XCTAssertTrue(exact.isExact)
        XCTAssertEqual(exact.description, "1606938044258990275541962092341162602522202993782792835301376")  // 2^200
        let huge = try Program(parsing: chain(2000)).graph.pathCounts().total
        XCTAssertFalse(huge.isExact)
        XCTAssertEqual(huge.description, "≈1.1481307e+602")  // 2^2000
        // Yet only three edges per step (into sin, and both into the product): a sweep stays linear.
        XCTAssertEqual(try Program(parsing: chain(2000)).graph.pathCounts().edges, 6000)
    }

    func testPathCountArithmetic() {
        var p = PathCount(UInt64.max)
        p += .one
        XCTAssertEqual(p.description, "18446744073709551616")
        var q = PathCount(9_999_999_999_999_999_999)
        q += PathCount(6)
        XCTAssertEqual(q.description, "10000000000000000005")
        XCTAssertEqual(PathCount.zero.description, "0")
        XCTAssertEqual(q.log10, 19, accuracy: 1e-12)
        XCTAssertLessThan(PathCount(UInt64.max), p)
        XCTAssertLessThan(PathCount(3), PathCount(4))
        XCTAssertFalse(p < p)
        var huge = PathCount.one
        for _ in 0..<1100 { huge += huge }  // 2^1100: approximate
        XCTAssertLessThan(q, huge)
        XCTAssertFalse(huge < q)
    }

    func testConstantProgramCostsNothing() throws {
        let c = CostAnalysis(try Program(parsing: "2 + 3").graph, wrt: [])
        XCTAssertEqual(c.function.total, 0)
        XCTAssertEqual(c.forward.total, 0)
        XCTAssertEqual(c.reverse.total, 0)
        XCTAssertNil(c.cheaper)
        XCTAssertEqual(c.factor, 1)
        XCTAssertEqual(c.pathTotal.description, "0")
    }
}
