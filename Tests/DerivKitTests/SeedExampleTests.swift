import XCTest
@testable import DerivKit

/// The worked examples of the reference texts (../shared/seeds), with their published numbers.
final class SeedExampleTests: XCTestCase {
    /// Seed 000: f(x; w, b) = 1/(exp(−(wx+b)) + 1) at (x, w, b) = (1, 0, 0).
    func testLogisticNeuron() throws {
        let r = try gradientBothModes("1/(exp(-(w*x+b))+1)", ["x": 1, "w": 0, "b": 0])
        assertClose(r.value, 0.5)
        assertClose(r.gradient["w"]!, 0.25)
        assertClose(r.gradient["b"]!, 0.25)
        assertClose(r.gradient["x"]!, 0)
    }

    /// Seed 001, equations 5.123–5.128 and 5.139–5.142: the graph has exactly the six operations
    /// a…f, and each intermediate and adjoint has the value the equations give.
    func testSeed001IntermediatesAndAdjoints() throws {
        let p = try Program(parsing: "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))")
        XCTAssertEqual(p.graph.operationCount, 6)
        XCTAssertEqual(p.graph.nodes.filter { !$0.op.isLeaf }.map(\.op), [.pow, .exp, .add, .sqrt, .cos, .add])

        let x = 1.5
        let a = x * x, b = Foundation.exp(a), c = a + b, d = c.squareRoot(), e = Foundation.cos(c), f = d + e
        let values = p.evaluate(at: [x]).values
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

    /// Seed 003: f = x + y·z at (−2, 5, −4).
    func testSeed003Sum() throws {
        let r = try gradientBothModes("q = y*z; f = x + q", ["x": -2, "y": 5, "z": -4])
        XCTAssertEqual(r.value, -22)
        XCTAssertEqual(r.gradient, ["x": 1, "y": -4, "z": 5])
    }

    /// Seed 003's flat backprop code: a chain ending in a sigmoid, at x = 3.
    func testSeed003SigmoidChain() throws {
        let program = "a = x + 1; b = a * 2; c = -b; d = c + 1; e = d * 2; f = sigmoid(e)"
        let r = try gradientBothModes(program, ["x": 3])
        let e = (-(3.0 + 1) * 2 + 1) * 2
        let f = 1 / (1 + Foundation.exp(-e))
        assertClose(r.value, f)
        assertClose(r.gradient["x"]!, f * (1 - f) * 2 * -1 * 2)
    }

    /// Seed 004: e = (a+b)(b+1) at a = 2, b = 1; the seed names its intermediates c, d, e
    /// (so `e` is a variable here, not the constant).
    func testSeed004ProductOfSums() throws {
        let r = try gradientBothModes("c = a + b\nd = b + 1\ne = c * d", ["a": 2, "b": 1])
        XCTAssertEqual(r.value, 6)
        XCTAssertEqual(r.gradient, ["a": 2, "b": 5])
    }

    /// Seed 004's 2-2-2 sigmoid network, all eight weights and both biases as inputs.
    static let network = """
        # inputs i1, i2 = 0.05, 0.10; targets 0.01, 0.99
        net_h1 = w1*0.05 + w2*0.10 + b1
        net_h2 = w3*0.05 + w4*0.10 + b1
        out_h1 = sigmoid(net_h1)
        out_h2 = sigmoid(net_h2)
        net_o1 = w5*out_h1 + w6*out_h2 + b2
        net_o2 = w7*out_h1 + w8*out_h2 + b2
        out_o1 = sigmoid(net_o1)
        out_o2 = sigmoid(net_o2)
        E_total = 0.5*(0.01 - out_o1)^2 + 0.5*(0.99 - out_o2)^2
        """
    static let networkPoint: [String: Double] = ["w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30, "w5": 0.40,
                                                 "w6": 0.45, "w7": 0.50, "w8": 0.55, "b1": 0.35, "b2": 0.60]

    func testSeed004Network() throws {
        let r = try gradientBothModes(Self.network, Self.networkPoint)
        assertClose(r.value, 0.298371109, 1e-9)
        assertClose(r.gradient["w5"]!, 0.082167041, 1e-8)
        // The other partials, from the same back-propagation by hand (Mazur's worked example).
        let g = r.gradient
        assertClose(g["w6"]!, 0.082667628, 1e-8)
        assertClose(g["w7"]!, -0.022602540, 1e-8)
        assertClose(g["w8"]!, -0.022740242, 1e-8)
        assertClose(g["w1"]!, 0.000438568, 1e-8)
        assertClose(g["w2"]!, 0.000877135, 1e-8)
        assertClose(g["w3"]!, 0.000497713, 1e-8)
        assertClose(g["w4"]!, 0.000995425, 1e-8)
        // Biases: the sums of their neurons' deltas.
        let h = 1e-6
        for name in ["b1", "b2"] {
            var plus = Self.networkPoint, minus = Self.networkPoint
            plus[name]! += h; minus[name]! -= h
            let p = try Program(parsing: Self.network)
            let fp = p.evaluate(at: p.inputs.map { plus[$0]! }).outputs[0]
            let fm = p.evaluate(at: p.inputs.map { minus[$0]! }).outputs[0]
            assertClose(g[name]!, (fp - fm) / (2 * h), 1e-7)
        }
    }
}

import Foundation
