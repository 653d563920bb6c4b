@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

final class SparseJacobianTests: XCTestCase {
    /// The sparse Jacobian lists exactly the dense Jacobian's entries that are not +0, with the
    /// same values, in both modes.
    func testSparseMatchesDense() throws {
        let text = "y1 = sin(x1)*x2; y2 = x2 - x3; y3 = x1*x1*x4; y4 = 3; y5 = x4 - x4"
        let p = try Program(parsing: text, outputs: ["y1", "y2", "y3", "y4", "y5"])
        let point = [0.3, -1.2, 2.5, 0.7]
        let wrt = Array(p.inputs.indices)
        for mode in Mode.allCases {
            let dense = Evaluator.evaluate(Derivatives.jacobian(p.graph, wrt: wrt, mode: mode), inputs: point).outputs
            let sparse = Derivatives.sparseJacobian(p.graph, wrt: wrt, mode: mode)
            let values = Evaluator.evaluate(sparse.graph, inputs: point).outputs
            let (m, n) = (5, wrt.count)
            XCTAssertEqual(Array(values.prefix(m)), Array(dense.prefix(m)), "\(mode): function values")
            var expected = [Double](repeating: 0, count: m * n)
            for (k, e) in sparse.entries.enumerated() { expected[e.row * n + e.column] = values[m + k] }
            XCTAssertEqual(expected.map(\.bitPattern), dense.dropFirst(m).map(\.bitPattern), "\(mode)")
            // Structural zeros are left out: y1 has no x3, x4; y4 has none; y5 = x4 - x4 has a
            // derivative 1 - 1 that folds to 0.
            XCTAssertEqual(sparse.entries.map { "\($0.row)\($0.column)" }, ["00", "01", "11", "12", "20", "23"], "\(mode)")
        }
    }

    /// A sweep that reaches a small part of the graph names its adjoints by sorting what it
    /// reached; one that reaches much of it, by a pass over the ids. Both give the same names: the
    /// program's names with `_bar`, the highest-numbered node first to claim an adjoint.
    func testAdjointNamesDoNotDependOnHowMuchASweepReached() throws {
        var text = "a = x*y\nb = sin(a)\nf = b*x\nd0 = y\n"
        for k in 1...30 { text += "d\(k) = cos(d\(k - 1) + y)*x\n" }
        text += "g = d30*d29\n"
        let p = try Program(parsing: text, outputs: ["f", "g"])
        let jacobian = Derivatives.jacobian(p.graph, wrt: Array(p.inputs.indices), mode: .reverse)
        let names = Set(jacobian.names.map(\.1))
        // Row f reaches 5 of the graph's nodes; row g most of them.
        for name in ["a_bar", "d29_bar", "minus_d28_bar", "d27_bar", "d1_bar"] {
            XCTAssertTrue(names.contains(name), "\(name) in \(names.sorted())")
        }
    }
}
