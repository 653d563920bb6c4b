@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// A vector or matrix program at a point: its value and gradient by reverse mode, by forward
/// mode and by central differences.
struct MatrixCase {
    let program: MatrixProgram
    let graph: MatrixGraph
    let point: [Matrix]

    init(_ text: String, _ values: [String: Matrix], output: String? = nil) throws {
        let source = SourceFile(text)
        program = try MatrixProgram(source: source, ast: try Parser.parse(source))
        let shapes = try program.shapes(given: values.mapValues(\.shape), dimensions: [:])
        graph = try program.graph(shapes: shapes, output: output)
        point = program.inputs.map { values[$0]! }
    }

    var all: [Int] { Array(program.inputs.indices) }

    func value(at point: [Matrix]) -> Double { MatrixEvaluator.evaluate(graph, inputs: point)[0].entries[0] }

    func reverse() -> (value: Double, gradient: [Matrix]) {
        let r = MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: all), inputs: point)
        return (r[0].entries[0], Array(r.dropFirst()))
    }

    func forward() -> (value: Double, gradient: [Matrix]) {
        let (value, rows) = MatrixDerivatives.jacobian(graph, at: point, wrt: all, mode: .forward)
        return (value.entries[0], zip(rows, point).map { Matrix($1.shape, $0.entries) })
    }

    /// Central differences, entry by entry.
    func differences() -> [Matrix] {
        all.map { k in
            var entries: [Double] = []
            for e in point[k].entries.indices {
                var p = point
                let h = 1e-6 * max(1, abs(p[k].entries[e]))
                p[k].entries[e] += h
                let up = value(at: p)
                p[k].entries[e] -= 2 * h
                let down = value(at: p)
                entries.append((up - down) / (2 * h))
            }
            return Matrix(point[k].shape, entries)
        }
    }

    /// H·v by forward mode over the reverse-mode gradient graph, against central differences of
    /// the gradient along v.
    func checkHessianVectorProduct(_ context: String = "", file: StaticString = #filePath, line: UInt = #line) {
        var rng = SplitMix64(seed: 7)
        let v = point.map { Matrix($0.shape, $0.entries.map { _ in Double.random(in: -1...1, using: &rng) }) }
        let h = MatrixDerivatives.jvp(MatrixDerivatives.gradient(graph, wrt: all))
        let r = MatrixEvaluator.evaluate(h, inputs: point + v)
        let n = all.count
        func gradient(_ t: Double) -> [Matrix] {
            let p = zip(point, v).map { Matrix($0.shape, zip($0.entries, $1.entries).map { $0 + t * $1 }) }
            return Array(MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: all), inputs: p).dropFirst())
        }
        let step = 1e-5
        let (up, down) = (gradient(step), gradient(-step))
        for k in all {
            for e in point[k].entries.indices {
                let d = (up[k].entries[e] - down[k].entries[e]) / (2 * step)
                let a = r[n + 2 + k].entries[e]
                assertClose(a, d, 1e-5, "\(context) (H*v)[\(program.inputs[k])][\(e)]", file: file, line: line)
            }
        }
    }

    /// The derivatives printed in matrix notation (`deriv diff`) read back with the program's
    /// declarations and give the reverse-mode gradient.
    func checkPrintedDerivatives(_ context: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let formulas = MatrixFormulas(gradient: MatrixDerivatives.gradient(graph, wrt: all), taken: Set(program.inputs + program.assignedNames))
        let (_, gradient) = reverse()
        let declarations = zip(graph.inputNames, graph.inputShapes).map { name, s in
            "\(name): " + (s.isScalar ? "scalar" : s.columns == 1 ? "vector(\(s.rows))" : "matrix(\(s.rows), \(s.columns))")
        }.joined(separator: "\n")
        for k in all {
            let text = declarations + "\n" + formulas.shared.map { "\($0.name) = \($0.text)\n" }.joined() + formulas.derivatives[k]
            do {
                let source = SourceFile(text)
                let back = try MatrixProgram(source: source, ast: try Parser.parse(source))
                let g = try back.graph(shapes: back.inputs.map { name in point[program.inputs.firstIndex(of: name)!].shape })
                let values = MatrixEvaluator.evaluate(g, inputs: back.inputs.map { name in point[program.inputs.firstIndex(of: name)!] })[0]
                XCTAssertEqual(values.shape, gradient[k].shape, "\(context)\n\(text)", file: file, line: line)
                for (a, b) in zip(values.entries, gradient[k].entries) {
                    assertClose(a, b, 1e-12, "\(context)\n\(text)", file: file, line: line)
                }
            } catch {
                XCTFail("\(context)\n\(text)\n\(error)", file: file, line: line)
            }
        }
    }

    /// Reverse = forward to rounding, and both = central differences.
    func checkGradient(_ context: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let (r, f, d) = (reverse(), forward(), differences())
        XCTAssertEqual(r.value, f.value, file: file, line: line)
        for k in all {
            for e in r.gradient[k].entries.indices {
                let (a, b, c) = (r.gradient[k].entries[e], f.gradient[k].entries[e], d[k].entries[e])
                let name = "\(context) d/d\(program.inputs[k])[\(e)]"
                if a.isNaN && b.isNaN { continue }  // no derivative by deriv's rules (norm2 of a zero vector: sqrt at 0, docs/MATRICES.md), both modes agreeing
                assertClose(a, b, 1e-12, "\(name): reverse against forward", file: file, line: line)
                XCTAssertEqual(a, c, accuracy: 1e-6 * max(1, abs(a)), "\(name): reverse against differences", file: file, line: line)
            }
        }
    }
}

func vector(_ v: [Double]) -> Matrix { Matrix(.vector(v.count), v) }
func matrix(_ rows: [[Double]]) -> Matrix { Matrix(MatrixShape(rows.count, rows[0].count), rows.flatMap { $0 }) }

final class MatrixTests: XCTestCase {
    /// Forward mode follows one input per sweep: the other inputs' tangents are structural zeros,
    /// so an input that does not reach a part with no derivative (norm2 of a zero vector) gets
    /// its own derivative, as in reverse mode, not 0·∞ = NaN.
    func testForwardModeFollowsOneInputAtATime() throws {
        let c = try MatrixCase("x: vector(2); s: scalar; norm2(s*[1, 1] - s*[1, 1]) + sum(x)",
                               ["x": vector([1, 2]), "s": Matrix(scalar: 1)])
        for gradient in [c.reverse().gradient, c.forward().gradient] {
            XCTAssertEqual(gradient[0].entries, [1, 1])
            XCTAssert(gradient[1].entries[0].isNaN)
        }
    }

    /// The lecture notes' 2-2-2 sigmoid network written with matrices gives the scalar program's
    /// numbers, bit for bit: E_total = 0.298371109, ∂E/∂w5 = ∂E/∂W2[1,1] = 0.082167041.
    func testLectureNetworkInMatrixForm() throws {
        let c = try MatrixCase("""
            W1, W2: matrix(2, 2)
            b1, b2: scalar
            x = [0.05, 0.10]
            t = [0.01, 0.99]
            h = sigmoid(W1*x + b1)
            o = sigmoid(W2*h + b2)
            E = 0.5*sum((t - o).^2)
            """, ["W1": matrix([[0.15, 0.20], [0.25, 0.30]]), "W2": matrix([[0.40, 0.45], [0.50, 0.55]]),
                  "b1": Matrix(scalar: 0.35), "b2": Matrix(scalar: 0.60)])
        let (value, gradient) = c.reverse()
        XCTAssertEqual(value, 0.298371109, accuracy: 5e-10)
        XCTAssertEqual(gradient[1][0, 0], 0.082167041, accuracy: 5e-10)

        let text = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grammar/examples/seed004_network.deriv").standardized, encoding: .utf8)
        let scalar = try Program(parsing: text, wrt: ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"])
        let s = try scalar.gradient(at: [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60])
        XCTAssertEqual(value, s.value)
        XCTAssertEqual(gradient[0].entries + gradient[1].entries + gradient[2].entries + gradient[3].entries, s.gradient)
        c.checkGradient()
        c.checkPrintedDerivatives()
    }

    /// CS231n's matrix-product gate y = W*x: dL/dW = dL/dy·xᵀ and dL/dx = Wᵀ·dL/dy (here
    /// L = dot(W*x, g), so dL/dy = g).
    func testMatrixProductGate() throws {
        let c = try MatrixCase("W: matrix(2, 3); x: vector(3); y = W*x; dot(y, [1, -2])",
                               ["W": matrix([[1, 2, 3], [4, 5, 6]]), "x": vector([0.5, -1, 2])])
        let (_, g) = c.reverse()
        XCTAssertEqual(g[0], matrix([[0.5, -1, 2], [-1, 2, -4]]))   // g·xᵀ
        XCTAssertEqual(g[1], vector([1 - 8, 2 - 10, 3 - 12]))       // Wᵀ·g
        c.checkGradient()
    }

    /// Least squares: d/dx ||Ax − b||² = 2Aᵀ(Ax − b), d/dA = 2(Ax − b)xᵀ.
    func testLeastSquares() throws {
        let c = try MatrixCase("x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r",
                               ["x": vector([1, 2]), "A": matrix([[1, 2], [3, 4], [5, 6]]), "b": vector([1, 1, 1])])
        let (value, g) = c.reverse()
        XCTAssertEqual(value, 16 + 100 + 256)           // r = [4, 10, 16]
        XCTAssertEqual(g[0], vector([2 * (4 + 30 + 80), 2 * (8 + 40 + 96)]))
        XCTAssertEqual(g[1], matrix([[8, 16], [20, 40], [32, 64]]))
        c.checkGradient()
        try MatrixCase("x: vector(n); A: matrix(m, n); b: vector(m); norm2(A*x - b)^2",
                       ["x": vector([1, 2]), "A": matrix([[1, 2], [3, 4]]), "b": vector([1, 1])]).checkGradient()
    }

    /// `logsumexp`, the operation added as one row of the table: its gradient is softmax (reverse
    /// = forward = central differences, with the printed formulas read back and H·v), its value
    /// does not overflow, and infinite entries give what log(sum(exp(x))) gives.
    func testLogSumExp() throws {
        let values = ["W": matrix([[1, -2, 0.5], [0.3, 0.7, -1.1]]), "x": vector([0.2, -0.4, 1.5]), "y": vector([0, 1])]
        for body in ["z = W*x; logsumexp(z) - dot(y, z)", "logsumexp(W) * logsumexp(x)", "sum(logsumexp(W .* W) * y)",
                     "logsumexp(W'*y + x)^2"] {
            let c = try MatrixCase("W: matrix(2, 3); x: vector(3); y: vector(2)\n" + body, values)
            c.checkGradient(body)
            c.checkPrintedDerivatives(body)
            c.checkHessianVectorProduct(body)
        }
        let c = try MatrixCase("x: vector(3); logsumexp(x)", ["x": vector([0.2, -0.4, 1.5])])
        let p = [0.2, -0.4, 1.5].map { exp($0) / (exp(0.2) + exp(-0.4) + exp(1.5)) }
        for (a, b) in zip(c.reverse().gradient[0].entries, p) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        for (x, value) in [([1000.0, 1000], 1000 + log(2.0)), ([-1000.0, -1000], -1000 + log(2.0)),
                           ([-.infinity, 0], 0), ([-.infinity, -.infinity], -.infinity), ([.infinity, 0], .infinity)] {
            XCTAssertEqual(try MatrixCase("x: vector(2); logsumexp(x)", ["x": vector(x)]).value(at: [vector(x)]), value, "\(x)")
        }
        XCTAssertEqual(MatrixOperation.logSumExp.label, "logsumexp")
    }

    /// Logistic regression as matrixcalculus.org writes it.
    func testLogisticRegression() throws {
        let c = try MatrixCase("X: matrix(m, n); w: vector(n); y: vector(m); sum(log(exp(-y.*(X*w)) + 1))",
                               ["X": matrix([[1, 2], [0.5, -1], [-2, 0.3]]), "w": vector([0.2, -0.4]), "y": vector([1, -1, 1])])
        c.checkGradient()
        // The gradient with respect to w is −Xᵀ(y .* sigmoid(−y .* Xw)).
        let (_, g) = c.reverse()
        let z = [1 * 0.2 + 2 * -0.4, 0.5 * 0.2 - 1 * -0.4, -2 * 0.2 + 0.3 * -0.4]
        let y = [1.0, -1, 1]
        let s = (0..<3).map { -y[$0] * Op.sigmoid.evaluate(-y[$0] * z[$0]) }
        XCTAssertEqual(g[1].entries[0], s[0] * 1 + s[1] * 0.5 + s[2] * -2, accuracy: 1e-15)
        XCTAssertEqual(g[1].entries[1], s[0] * 2 + s[1] * -1 + s[2] * 0.3, accuracy: 1e-15)
    }

    /// Every operation of the table in one place each: transposes, outer products, broadcasts,
    /// reductions, diagonals, indexing and literals with entries that are not constants.
    func testEveryOperation() throws {
        let values = ["A": matrix([[1, 2], [3, 4.5]]), "u": vector([0.3, -0.7]), "v": vector([1.5, 0.25]), "s": Matrix(scalar: 0.8)]
        let header = "A: matrix(2, 2); u, v: vector(2); s: scalar\n"
        for body in ["u'*A*v", "sum(u*v')", "tr(A*A') + tr(A)", "norm1(A*u) + norm2(A)", "dot(u, v) * s",
                     "sum(diag(u) * A) + sum(diag(A) .* v)", "A[2, 1]*u[2] + v[1]^2", "sum([u[1], s*v[2], 3] .^ 2)",
                     "sum(max(A*u, 0) + min(u, v))", "sum(s ./ (1 + (A*u).^2))", "sum(sigmoid(A'*u + s) .* tanh(v))",
                     "sum([[s, u[1]], [2, A[1, 2]]] * v)", "sum(u' * A)", "sum((u > 0) ? u : -v)"] {
            let c = try MatrixCase(header + body, values)
            c.checkGradient(body)
            c.checkPrintedDerivatives(body)
        }
    }

    /// Jacobians of vector and matrix outputs: reverse mode (a sweep per entry of the output) =
    /// forward mode (a sweep per entry of the inputs) = central differences.
    func testJacobiansBothModes() throws {
        let values = ["A": matrix([[1, 2], [3, 4.5], [-1, 0.5]]), "x": vector([0.3, -0.7]), "s": Matrix(scalar: 0.8)]
        for body in ["sigmoid(A*x + s)", "A'*A*s", "x*x'", "tanh(A .* A) * x", "s * x'"] {
            let c = try MatrixCase("A: matrix(3, 2); x: vector(2); s: scalar\n" + body, values)
            let r = MatrixDerivatives.jacobian(c.graph, at: c.point, wrt: c.all, mode: .reverse)
            let f = MatrixDerivatives.jacobian(c.graph, at: c.point, wrt: c.all, mode: .forward)
            for k in c.all {
                XCTAssertEqual(r.jacobian[k].shape, MatrixShape(r.value.shape.count, c.point[k].shape.count), body)
                for e in r.jacobian[k].entries.indices {
                    XCTAssertEqual(r.jacobian[k].entries[e], f.jacobian[k].entries[e], accuracy: 1e-13, body)
                }
                // Column c of the block: the central difference of the output along entry c of the input.
                for col in c.point[k].entries.indices {
                    var up = c.point, down = c.point
                    up[k].entries[col] += 1e-6
                    down[k].entries[col] -= 1e-6
                    let (u, d) = (MatrixEvaluator.evaluate(c.graph, inputs: up)[0], MatrixEvaluator.evaluate(c.graph, inputs: down)[0])
                    for row in 0..<r.value.shape.count {
                        XCTAssertEqual(r.jacobian[k][row, col], (u.entries[row] - d.entries[row]) / 2e-6, accuracy: 1e-6, body)
                    }
                }
            }
        }
    }

    func testShapeErrors() throws {
        func error(_ text: String, _ values: [String: Matrix]) -> String {
            do {
                _ = try MatrixCase(text, values)
                return "no error"
            } catch let d as Diagnostic {
                return "\(d.range!.start): \(d.message)"
            } catch {
                return "\(error)"
            }
        }
        let A = matrix([[1, 2, 3], [4, 5, 6]]), x = vector([1, 2])
        XCTAssertEqual(error("A: matrix(m, n); x: vector(k)\n\ny = A*x", ["A": A, "x": x]),
                       "3:5: cannot multiply matrix(2, 3) by vector(2): inner dimensions 3 and 2 differ")
        XCTAssertEqual(error("x: vector(k); x + [1, 2, 3]", ["x": x]), "1:15: cannot add vector(2) and vector(3): their shapes differ")
        XCTAssertEqual(error("x: vector(k); x / x", ["x": x]),
                       "1:15: cannot divide by vector(2): '/' divides by a scalar; './' divides entry by entry")
        XCTAssertEqual(error("x: vector(k); x^2", ["x": x]),
                       "1:15: cannot raise vector(2) to scalar with '^', which takes scalars; '.^' raises entry by entry")
        XCTAssertEqual(error("A: matrix(m, n); tr(A)", ["A": A]), "1:18: cannot take the trace of matrix(2, 3): it is not square")
        XCTAssertEqual(error("x: vector(k); x[3]", ["x": x]),
                       "1:15: an index of vector(2) is a whole number from 1 to 2 known when the program is read")
        XCTAssertEqual(error("[[1, 2], [3]]", [:]), "1:10: the rows of a matrix have one length: row 1 has 2 entries, row 2 has 1 entry")
        XCTAssertEqual(error("x: vector(k); [x, 1]", ["x": x]), "1:16: an entry of a literal is a scalar; this one is vector(2)")
        XCTAssertEqual(error("x: vector(k); summ(x)", ["x": x]), "1:15: unknown function 'summ'; did you mean 'sum'?")
        XCTAssertEqual(error("x: vector(n); y: vector(n); x + y", ["x": x, "y": vector([1, 2, 3])]),
                       "dimensionDisagrees(\"n\", 2, firstBy: Optional(\"x\"), 3, secondBy: \"y\")")
    }

    /// The lexer's new tokens leave scalar programs alone: `2.*x` is `2. * x`, `.5` a number.
    func testElementwiseOperatorsOnScalars() throws {
        let p = try Program(parsing: "x .* y ./ 2 + x .^ 2 + 2.*x + .5")
        let expected: Double = 3 * 4 / 2 + 9 + 6 + 0.5
        XCTAssertEqual(try p.evaluate(at: [3, 4]).outputs, [expected])
    }
}
