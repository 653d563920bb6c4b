import XCTest
import Foundation
@testable import DerivCLI

/// `deriv ops` of vector and matrix programs (docs/MATRICES.md, "ops"): counts as polynomials
/// in the dimension names, checked against the same programs written out in scalars.
final class MatrixOpsTests: XCTestCase {
    private func json(_ args: [String]) throws -> [String: Any] {
        let run = deriv(["ops"] + args + ["--json"])
        XCTAssertEqual(run.status, 0, run.err)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    }

    /// The 2-2-2 network in matrix form counts what the same network written out in scalars does,
    /// kind by kind, when the scalar program sums the loss in the same order.
    func testNetworkCountsAsItsScalarUnrolling() throws {
        let matrix = try json(["-f", "grammar/examples/matrix_network.deriv"])
        let scalar = try json(["""
            w1, w2, w3, w4, w5, w6, w7, w8, b1, b2: scalar
            h1 = sigmoid(w1*0.05 + w2*0.10 + b1)
            h2 = sigmoid(w3*0.05 + w4*0.10 + b1)
            o1 = sigmoid(w5*h1 + w6*h2 + b2)
            o2 = sigmoid(w7*h1 + w8*h2 + b2)
            E = 0.5*((0.01 - o1)^2 + (0.99 - o2)^2)
            """])
        XCTAssertEqual(matrix["function"] as? NSDictionary, scalar["function"] as? NSDictionary)
        XCTAssertEqual(matrix["inputs"] as? Int, 10)
        XCTAssertEqual(matrix["outputs"] as? Int, 1)
    }

    /// One matmul of m×k by k×n is m·n·k products and m·n·(k−1) sums; the totals are the function
    /// once plus a sweep per entry of the inputs (forward) or of the output (reverse).
    func testCountsAsPolynomialsAndTheirTotals() throws {
        let layer = "W: matrix(m, k); X: matrix(k, n); Y = W*X"
        let c = try json([layer])
        let formulas = try XCTUnwrap(c["formulas"] as? [String: String])
        XCTAssertEqual(formulas["function"], "2*k*m*n - m*n")
        XCTAssertEqual(formulas["inputs"], "k*m + k*n")
        XCTAssertEqual(formulas["outputs"], "m*n")
        XCTAssertEqual(c["cheaper"] as? String, "depends")
        let at = try json([layer, "--dims", "m=2,k=3,n=4"])
        let (f, fw, rv) = (at["function"] as! [String: Any], at["forward"] as! [String: Any], at["reverse"] as! [String: Any])
        XCTAssertEqual(f["ops"] as? Int, 2 * 4 * 3 + 2 * 4 * 2)
        XCTAssertEqual(at["inputs"] as? Int, 2 * 3 + 3 * 4)
        XCTAssertEqual(fw["total"] as? Int, (f["ops"] as! Int) + (at["inputs"] as! Int) * (fw["opsPerSweep"] as! Int))
        XCTAssertEqual(rv["total"] as? Int, (f["ops"] as! Int) + (at["outputs"] as! Int) * (rv["opsPerSweep"] as! Int))
        XCTAssertEqual(at["dimensions"] as? [String: Int], ["k": 3, "m": 2, "n": 4])
    }

    func testTextNamesTheCheaperMode() {
        assertSucceeds(deriv(["ops", "W: matrix(m, n); x: vector(n); b: vector(m); sum(sigmoid(W*x + b))", "--dims", "m=3,n=1000"]), """
            f(W matrix(m, n), x vector(n), b vector(m)): inputs of m*n + m + n entries, an output of 1 entry; at m=3, n=1000

              operations               count            at these sizes
              function                 2*m*n + 2*m - 1            6005
              one forward sweep (J·ẋ)  4*m*n + 4*m - 1           12011
              one reverse sweep (ȳ·J)  3*m*n + 3*m - n            8009

            full Jacobian (1 × m*n + m + n): evaluate the function once, then one sweep per input entry (forward) or per output entry (reverse)
              mode     sweeps       total                                                      at these sizes
              forward  m*n + m + n  4*m^2*n^2 + 8*m^2*n + 4*m*n^2 + 4*m^2 + 5*m*n + m - n - 1        48086038
              reverse  1            5*m*n + 5*m - n - 1                                                 14014
              reverse mode is cheaper at these sizes, by a factor of 3.43e+03

            """)
    }
}

/// The cheapest order of multiplying the layer Jacobians of a chain of layers.
final class MatrixChainOpsTests: XCTestCase {
    let chain = "x: vector(n); A: matrix(m, n); B: matrix(p, m); C: matrix(q, p); D: matrix(r, q); "
        + "h1 = tanh(A*x); h2 = tanh(B*h1); h3 = tanh(C*h2); y = D*h3"

    /// Widths 100, 10, 1000, 10, 100: forward and reverse order both take 2.1·10⁶ multiplications,
    /// (J_y·(J_h3·J_h2))·J_h1 takes 10⁵ + 10⁴ + 10⁵.
    func testCheapestOrderBeatsBothModes() throws {
        let run = deriv(["ops", chain, "--wrt", "x", "--dims", "n=100,m=10,p=1000,q=10,r=100", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let c = try XCTUnwrap(object["chain"] as? [String: Any])
        XCTAssertEqual(c["layers"] as? [String], ["h1", "h2", "h3", "y"])
        XCTAssertEqual(c["widths"] as? [Int], [100, 10, 1000, 10, 100])
        XCTAssertEqual(c["forward"] as? Int, 10 * 100 * 1000 + 1000 * 10 * 100 + 10 * 100 * 100)
        XCTAssertEqual(c["reverse"] as? Int, 100 * 10 * 100 + 100 * 1000 * 10 + 100 * 10 * 1000)
        let cheapest = try XCTUnwrap(c["cheapest"] as? [String: Any])
        XCTAssertEqual(cheapest["order"] as? String, "(J_y·(J_h3·J_h2))·J_h1")
        XCTAssertEqual(cheapest["multiplications"] as? Int, 10 * 1000 * 10 + 100 * 10 * 10 + 100 * 10 * 100)
    }

    /// A layer that reads an input differentiated, or a statement other than the one before, breaks the chain.
    func testNoChainWhenLayersReadInputs() throws {
        for args in [[chain], ["-f", "grammar/examples/matrix_network.deriv"]] {
            let run = deriv(["ops"] + args + ["--json"])
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
            XCTAssertNil(object["chain"])
        }
    }
}
