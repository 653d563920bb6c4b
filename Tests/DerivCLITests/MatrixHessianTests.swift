@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivCLI

/// `deriv hessian --at` of vector and matrix programs (docs/MATRICES.md): the Hessian with
/// respect to the entries of the inputs, by forward mode over the reverse-mode gradient graph.
final class MatrixHessianTests: XCTestCase {
    let network = "grammar/examples/matrix_network.deriv"
    let networkPoint = "W1=[[.15,.2],[.25,.3]],W2=[[.4,.45],[.5,.55]],b1=.35,b2=.6"

    /// The JSON of a run: the entry labels, the gradient by input and the Hessian's rows.
    private func hessian(_ args: [String]) throws -> (inputs: [String], gradient: [String: Any], rows: [[Double]]) {
        let run = deriv(["hessian"] + args + ["--json"])
        XCTAssertEqual(run.status, 0, run.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        return (try XCTUnwrap(object["inputs"] as? [String]), try XCTUnwrap(object["gradient"] as? [String: Any]),
                try XCTUnwrap(object["hessian"] as? [[Double]]))
    }

    func testTextAndJSONOfAQuadraticForm() {
        // x'*A*x has the Hessian A + A'.
        let program = "x: vector(n); A: matrix(n, n); x'*A*x"
        assertSucceeds(deriv(["hessian", program, "--at", "x=[1,2],A=[[1,2],[3,4]]", "--wrt", "x"]), """
            value = 27
            d/dx = [12, 21]
            d^2/dx[1]^2 = 2
            d^2/dx[1]dx[2] = 5
            d^2/dx[2]^2 = 8

            """)
        assertSucceeds(deriv(["hessian", program, "--at", "x=[1,2],A=[[1,2],[3,4]]", "--wrt", "x", "--json"]),
                       "{\"inputs\": [\"x[1]\", \"x[2]\"], \"value\": 27, \"gradient\": {\"x\": [12, 21]}, \"hessian\": [[2, 5], [5, 8]]}\n")
    }

    /// The 2-2-2 network with matrices has the Hessian of the same network written with scalars:
    /// W1's entries by rows are w1..w4, W2's w5..w8, then b1 and b2.
    func testNetworkEqualsTheScalarProgram() throws {
        let matrix = try hessian(["-f", network, "--at", networkPoint])
        XCTAssertEqual(matrix.inputs, ["W1[1, 1]", "W1[1, 2]", "W1[2, 1]", "W1[2, 2]",
                                       "W2[1, 1]", "W2[1, 2]", "W2[2, 1]", "W2[2, 2]", "b1", "b2"])
        let scalar = try hessian(["-f", "docs/examples/network.deriv", "--at",
                                  "w1=.15,w2=.2,w3=.25,w4=.3,w5=.4,w6=.45,w7=.5,w8=.55,b1=.35,b2=.6"])
        XCTAssertEqual(scalar.rows.count, 10)
        for (r, row) in matrix.rows.enumerated() {
            for (c, v) in row.enumerated() {
                XCTAssertEqual(v, scalar.rows[r][c], accuracy: 1e-12, "\(matrix.inputs[r]), \(matrix.inputs[c])")
                XCTAssertEqual(v, matrix.rows[c][r], accuracy: 1e-15, "symmetric up to rounding at \(matrix.inputs[r]), \(matrix.inputs[c])")
            }
        }
    }

    /// Each row of the Hessian is the change of the gradient along its entry: central differences
    /// of `deriv grad` agree.
    func testRowsAreDifferencesOfTheGradient() throws {
        let program = "x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; sum(exp(r)) + norm2(x)*sum(A .* A)"
        let values: [(String, [Double])] = [("x", [0.3, -0.2]), ("A", [0.5, 0.1, -0.4, 0.2, 0.3, 0.7]), ("b", [0.1, 0.2, -0.1])]
        func at(_ v: [(String, [Double])]) -> String {
            let x = v[0].1, a = v[1].1, b = v[2].1
            return "x=\(x),A=[[\(a[0]),\(a[1])],[\(a[2]),\(a[3])],[\(a[4]),\(a[5])]],b=\(b)"
        }
        let h = try hessian([program, "--at", at(values)])
        XCTAssertEqual(h.inputs.count, 11)
        func gradient(_ v: [(String, [Double])]) throws -> [Double] {
            let g = try hessian([program, "--at", at(v)]).gradient
            return ["x", "A", "b"].flatMap { name -> [Double] in
                if let m = g[name] as? [[Double]] { return m.flatMap { $0 } }
                return g[name] as? [Double] ?? []
            }
        }
        var entry = 0
        for (k, (_, entries)) in values.enumerated() {
            for e in entries.indices {
                let step = 1e-5
                var plus = values, minus = values
                plus[k].1[e] += step
                minus[k].1[e] -= step
                let (gp, gm) = (try gradient(plus), try gradient(minus))
                for c in gp.indices {
                    XCTAssertEqual(h.rows[entry][c], (gp[c] - gm[c]) / (2 * step), accuracy: 1e-5, "\(h.inputs[entry]), \(h.inputs[c])")
                    XCTAssertEqual(h.rows[entry][c], h.rows[c][entry], accuracy: 1e-12)
                }
                entry += 1
            }
        }
    }

    func testRefusals() {
        assertFails(deriv(["hessian", "x: vector(n); sum(x .* x)"]), 2,
                    "error: the Hessian of a vector or matrix program is given at a point only, for now: add --at with a value for each input\n"
                    + usage("hessian"))
        assertFails(deriv(["hessian", "x: vector(n); sum(x .* x)", "--at", "x=[1,2]", "--format", "latex"]), 2,
                    "error: the Hessian of a vector or matrix program is numbers at a point: give neither --format nor --inline\n"
                    + usage("hessian"))
    }
}
