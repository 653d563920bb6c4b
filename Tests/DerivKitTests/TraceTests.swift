@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// `deriv trace`: the worked examples of the seeds as golden files, and the promise that every
/// number in a trace is, to the last bit, what the symbolic sweeps compute.
final class TraceTests: XCTestCase {
    /// Seed 001, equations 5.123–5.128, with the seed's own names.
    static let seed001 = "a = x^2; b = exp(a); c = a + b; d = sqrt(c); e = cos(c); f = d + e"

    func testSeed001ReverseSweepGolden() throws {
        let p = try Program(parsing: Self.seed001)
        let trace = Trace(p.graph, at: [1.5], mode: .reverse, wrt: [0])
        assertGolden(TraceReport(trace).text, "sqrt_cos_named/trace.txt")

        // Equations 5.139–5.142, evaluated by hand: the adjoints of c, b, a and x.
        let x = 1.5
        let a = x * x, b = Foundation.exp(a), c = a + b, d = c.squareRoot()
        let fc = 1 * (1 / (2 * d)) + 1 * -Foundation.sin(c)   // 5.139
        let fb = fc * 1                                       // 5.140
        let fa = fb * Foundation.exp(a) + fc * 1              // 5.141
        let fx = fa * 2 * x                                   // 5.142
        let adjoint = Dictionary(uniqueKeysWithValues: trace.sweeps[0].rows.map { ($0.name, $0.value) })
        XCTAssertEqual(adjoint["c"], fc)
        XCTAssertEqual(adjoint["b"], fb)
        XCTAssertEqual(adjoint["a"], fa)
        XCTAssertEqual(adjoint["x"], fx)
        XCTAssertEqual(trace.sweeps[0].results[0].value, fx)
        // 5.137: ∂f/∂a sums two users, b and c; the sweep meets c (the later one) first.
        let rowA = trace.sweeps[0].rows.first { $0.name == "a" }!
        XCTAssertEqual(rowA.terms.map(\.via), ["c", "b"])
        XCTAssertEqual(rowA.terms.map(\.localFormula), ["1", "b"])
        // The local partials as formulas: 5.129–5.133, reusing the node's own value where cheaper.
        let rowC = trace.sweeps[0].rows.first { $0.name == "c" }!
        XCTAssertEqual(Set(rowC.terms.map(\.localFormula)), ["0.5/d", "-sin(c)"])
        XCTAssertEqual(trace.sweeps[0].rows.first { $0.name == "x" }!.terms.map(\.localFormula), ["2*x"])
    }

    func testSeed001TangentSweepGolden() throws {
        let p = try Program(parsing: Self.seed001)
        let trace = Trace(p.graph, at: [1.5], mode: .forward, wrt: [0])
        assertGolden(TraceReport(trace).text, "sqrt_cos_named/trace-forward.txt")
    }

    /// Seed 004's 2-2-2 network: every weight's adjoint, as the seed's hand computation.
    func testNetworkGolden() throws {
        let network = try Fixture.named("network")
        let p = try Program(parsing: network.text)
        let point = network.points[0].values
        let trace = Trace(p.graph, at: point, mode: .reverse, wrt: Array(p.inputs.indices))
        assertGolden(TraceReport(trace).text, "network/trace.txt")
        let gradient = Dictionary(uniqueKeysWithValues: trace.sweeps[0].results.map { ($0.name, $0.value) })
        assertClose(gradient["w5"]!, 0.082167041, 1e-8)
        assertClose(gradient["w1"]!, 0.000438568, 1e-8)
    }

    /// Seed 003's f = x + y·z as Markdown notes.
    func testMarkdownGolden() throws {
        let p = try Program(parsing: "q = y*z; f = x + q")
        XCTAssertEqual(p.inputs, ["x", "y", "z"])
        let trace = Trace(p.graph, at: [-2, 5, -4], mode: .reverse, wrt: [0, 1, 2])
        let text = TraceReport(trace, format: .markdown).text
        assertGolden(text, "sum_product/trace.md")
        XCTAssertFalse(text.contains("\u{1B}"))
    }

    func testColourOnlyWhenAsked() throws {
        let p = try Program(parsing: "q = y*z; f = x + q")
        let trace = Trace(p.graph, at: [-2, 5, -4], mode: .reverse, wrt: [0, 1, 2])
        XCTAssertFalse(TraceReport(trace).text.contains("\u{1B}"))
        let coloured = TraceReport(trace, color: true).text
        XCTAssertTrue(coloured.contains("\u{1B}[1;32m"))
        // Colour changes nothing but the escape codes.
        XCTAssertEqual(coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression),
                       TraceReport(trace).text)
    }

    /// Several outputs: one reverse sweep each; several inputs in forward mode: one sweep each.
    func testOneSweepPerOutputOrInput() throws {
        let p = try Program(parsing: "f = x*y; g = sin(x)", outputs: ["f", "g"])
        let reverse = Trace(p.graph, at: [2, 3], mode: .reverse, wrt: [0, 1])
        XCTAssertEqual(reverse.sweeps.map(\.variable), ["f", "g"])
        XCTAssertEqual(reverse.sweeps[1].results.map(\.value), [Foundation.cos(2), 0])
        let forward = Trace(p.graph, at: [2, 3], mode: .forward, wrt: [0, 1])
        XCTAssertEqual(forward.sweeps.map(\.variable), ["x", "y"])
        XCTAssertEqual(forward.sweeps[1].results.map(\.value), [2, 0])
    }

    /// The trace's gradient is `deriv grad`'s, bit for bit, over random programs and points, in
    /// both modes: the trace reads the numbers of the gradient graph itself (`SweepRecord`).
    func testTraceGradientIsGradsBitForBit() throws {
        let seed: UInt64 = 5
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<400 {
            let text = gen.expression(depth: Int.random(in: 1...6, using: &gen.rng))
            let point = gen.point()
            let p = try Program(parsing: text, wrt: gen.inputs)
            let wrt = Array(p.inputs.indices)
            for mode in Mode.allCases {
                let expected = Evaluator.evaluate(Derivatives.gradient(p.graph, wrt: wrt, mode: mode), inputs: point).outputs
                let trace = Trace(p.graph, at: point, mode: mode, wrt: wrt)
                let got = mode == .reverse ? trace.sweeps[0].results.map(\.value) : trace.sweeps.map { $0.results[0].value }
                XCTAssertEqual(got.map(\.bitPattern), expected.dropFirst().map(\.bitPattern),
                               "\(mode) \(got) vs \(expected.dropFirst()): seed \(seed), \(text) at \(point)")
            }
        }
    }

    /// Every row of a trace is a number of the gradient graph: each term is the value the sweep
    /// built for it and each derivative the sum it built, so adding a row's terms in order (as
    /// the graph adds them) gives the row's value, and the inputs' rows are the gradient.
    func testRowsAreTheGradientGraphsNumbers() throws {
        let seed: UInt64 = 9
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<200 {
            let text = gen.expression(depth: Int.random(in: 1...5, using: &gen.rng))
            let point = gen.point()
            let p = try Program(parsing: text, wrt: gen.inputs)
            let trace = Trace(p.graph, at: point, mode: .reverse, wrt: Array(p.inputs.indices))
            for row in trace.sweeps[0].rows where !row.terms.isEmpty {
                let sum = row.terms.dropFirst().reduce(row.terms[0].product) { $0 + $1.product }
                XCTAssert(sum == row.value || (sum.isNaN && row.value.isNaN),
                          "\(row.name): \(row.terms.map(\.product)) sum to \(sum), not \(row.value): \(text) at \(point)")
            }
        }
    }

    /// The partials on the edges of `graph --format dot --at` are the nodes the sweeps build,
    /// evaluated: the numbers of the trace's "local" column.
    func testLocalPartialsAreTheTracesLocals() throws {
        let p = try Program(parsing: "f = log(x)*y + x^3")
        let point = [0.7, 0.3]
        let partials = LocalPartials(p.graph, at: point)
        let trace = Trace(p.graph, at: point, mode: .reverse, wrt: [0, 1])
        let ids = Dictionary(uniqueKeysWithValues: trace.steps.map { ($0.name, $0.node) })
        for row in trace.sweeps[0].rows {
            for term in row.terms {
                let user = p.graph[ids[term.via]!]
                var local: Double?
                user.forEachArgument { k, a in if a == row.node { local = partials[ids[term.via]!, argument: k] } }
                XCTAssertEqual(local, term.local, "∂\(term.via)/∂\(row.name)")
            }
        }
        let log = NodeID(p.graph.nodes.firstIndex { $0.op == .log }!)
        XCTAssertEqual(partials[log, argument: 0], 1 / 0.7)
    }

    /// Issue 21's example: ∂(log(x)·y)/∂x is built as y/x (one rounding), not (1/x)·y; the trace
    /// printed 0.42857142857142855 where `grad` printed 0.4285714285714286. In forward mode the
    /// tangent 1/x is a factor on the right, y·(1/x), and both `grad --mode forward` and the
    /// trace give 0.42857142857142855.
    func testReciprocalPartialIsAQuotientAsInGrad() throws {
        let p = try Program(parsing: "log(x)*y")
        let point = [0.7, 0.3]
        // Both modes divide (y/x), whichever side of the product the reciprocal 1/x is on: the
        // correctly rounded quotient, not 0.3 * (1 / 0.7) = 0.42857142857142855.
        let expected: [Mode: Double] = [.reverse: 0.3 / 0.7, .forward: 0.3 / 0.7]
        XCTAssertEqual(expected[.reverse], 0.4285714285714286)
        for mode in Mode.allCases {
            let grad = Evaluator.evaluate(Derivatives.gradient(p.graph, wrt: [0, 1], mode: mode), inputs: point).outputs
            XCTAssertEqual(grad[1], expected[mode], "\(mode)")
            // Reverse: f's sweep, its entry for x; forward: x's sweep, its entry for f.
            XCTAssertEqual(Trace(p.graph, at: point, mode: mode, wrt: [0, 1]).sweeps[0].results[0].value, expected[mode], "\(mode)")
        }
        let x = Trace(p.graph, at: point, mode: .reverse, wrt: [0, 1]).sweeps[0].rows.first { $0.name == "x" }!
        XCTAssertEqual(x.terms.map(\.localFormula), ["1/x"])
        XCTAssertEqual(x.terms[0].local, 1 / 0.7)
        XCTAssertEqual(x.terms[0].product, 0.3 / 0.7)
        XCTAssertTrue(TraceReport(Trace(p.graph, at: point, mode: .reverse, wrt: [0, 1])).text
            .contains("∂f/∂x           0.4285714285714286\n"))
    }
}

import Foundation
