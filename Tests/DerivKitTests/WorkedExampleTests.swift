@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// The worked examples of docs/MATRICES.md ("Worked examples"), written as a student writes
/// them: each gradient by reverse mode equals forward mode's and central differences, equals the
/// closed form the textbooks give, and the formulas `deriv diff` prints read back with the
/// program's declarations give it; `MatrixEmitTests.testWorkedExamples` compiles and runs the
/// emitted code of each.
final class WorkedExampleTests: XCTestCase {
    /// The programs, by name: the two of grammar/examples/ and four written here.
    static let programs: [(name: String, text: String)] = [
        ("matrix_481", example("matrix_481.deriv")),
        ("cs231n_layer", "W: matrix(m, n); x: vector(n); b: vector(m)\ny = W*x + b\nL = sum(sigmoid(y))"),
        ("logistic_regression", "X: matrix(m, n); w: vector(n); y: vector(m)\np = sigmoid(X*w)\nL = -sum(y .* log(p) + (1 - y) .* log(1 - p))"),
        ("least_squares", "A: matrix(m, n); x: vector(n); b: vector(m)\nr = A*x - b\nL = r'*r"),
        ("rnn3", example("rnn3.deriv")),
        ("rnn3_each_step", """
            Wh: matrix(n, n); Wx: matrix(n, d); b: vector(n)
            h0: vector(n); x1, x2, x3: vector(d); t1, t2, t3: vector(n)
            h1 = tanh(Wh*h0 + Wx*x1 + b)
            h2 = tanh(Wh*h1 + Wx*x2 + b)
            h3 = tanh(Wh*h2 + Wx*x3 + b)
            L = 0.5*(sum((h1 - t1).^2) + sum((h2 - t2).^2) + sum((h3 - t3).^2))
            """),
    ]

    static func example(_ file: String) -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../grammar/examples/" + file)
        return (try? String(contentsOf: url.standardized, encoding: .utf8)) ?? "missing \(file)"
    }

    static func program(_ name: String) -> String { programs.first { $0.name == name }!.text }

    /// The point of docs/MATRICES.md for the 4-8-1 network: two hidden units off (W1*x + b1 < 0), the label 0.
    static let point481: [String: Matrix] = [
        "W1": matrix([[0.2, -0.1, 0.4, 0.1], [-0.3, 0.2, 0.1, -0.2], [0.1, 0.1, -0.1, 0.3], [0.5, -0.4, 0.2, 0],
                      [-0.1, -0.2, 0.3, 0.2], [0.3, 0.1, 0, -0.3], [0, 0.2, 0.2, 0.1], [-0.2, 0.3, -0.1, 0.4]]),
        "b1": vector([0.1, 0, -0.1, 0.2, 0, 0.1, -0.2, 0]),
        "W2": matrix([[0.3, 0.2, 0.5, 0.1, -0.4, 0.2, 0.3, -0.1]]),
        "b2": Matrix(scalar: 0.1), "x": vector([0.5, 1.2, 0.3, 2]), "y": Matrix(scalar: 0),
    ]

    /// Random values in -1...1 for the inputs of `text` at the dimensions `sizes`.
    static func randomPoint(_ text: String, _ sizes: [String: Int], seed: UInt64) throws -> [String: Matrix] {
        let source = SourceFile(text)
        let p = try MatrixProgram(source: source, ast: try Parser.parse(source))
        var rng = SplitMix64(seed: seed)
        let shapes = try p.shapes(given: [:], dimensions: sizes)
        return Dictionary(uniqueKeysWithValues: zip(p.inputs, shapes).map { name, s in
            (name, Matrix(s, (0..<s.count).map { _ in Double.random(in: -1...1, using: &rng) }))
        })
    }

    // MARK: - Closed forms

    /// ∂L/∂b2 = p − y, ∂L/∂W2 = (p − y)·hᵀ, ∂L/∂b1 = (p − y)·W2ᵀ ⊙ [W1·x + b1 > 0], ∂L/∂W1 = ∂L/∂b1·xᵀ.
    func testNetwork481() throws {
        let v = Self.point481
        let c = try MatrixCase(Self.program("matrix_481"), v)
        c.checkGradient("4-8-1")
        c.checkPrintedDerivatives("4-8-1")
        try checkDiffReadsBack(Self.program("matrix_481"), v)

        let (x, W1, b1, W2) = (v["x"]!.entries, v["W1"]!, v["b1"]!.entries, v["W2"]!.entries)
        let a = (0..<8).map { i in (0..<4).reduce(0.0) { $0 + W1[i, $1] * x[$1] } + b1[i] }
        let h = a.map { max($0, 0) }
        let z = zip(W2, h).reduce(0.0) { $0 + $1.0 * $1.1 } + v["b2"]!.entries[0]
        let p = 1 / (1 + exp(-z)), y = v["y"]!.entries[0]
        let gb1 = (0..<8).map { (p - y) * W2[$0] * (a[$0] > 0 ? 1 : 0) }
        let (value, g) = c.reverse()
        XCTAssertEqual(value, -(y * log(p) + (1 - y) * log(1 - p)), accuracy: 1e-15)
        assertClose(g[0].entries, (0..<8).flatMap { i in x.map { gb1[i] * $0 } }, "dL/dW1")
        assertClose(g[1].entries, gb1, "dL/db1")
        assertClose(g[2].entries, h.map { (p - y) * $0 }, "dL/dW2")
        assertClose(g[3].entries, [p - y], "dL/db2")
        XCTAssertEqual(a.filter { $0 < 0 }.count, 2, "two hidden units off")
    }

    /// CS231n's layer y = W·x + b under an upstream loss L = sum(sigmoid(y)), dL/dy = σ(y) ⊙ (1 − σ(y)):
    /// dL/dW = dL/dy·xᵀ, dL/dx = Wᵀ·dL/dy, dL/db = dL/dy.
    func testLayerAndItsCS231nGradients() throws {
        let text = Self.program("cs231n_layer")
        for (m, n) in [(3, 4), (5, 2)] {
            let v = try Self.randomPoint(text, ["m": m, "n": n], seed: UInt64(10 * m + n))
            let c = try MatrixCase(text, v)
            c.checkGradient("layer \(m)x\(n)")
            c.checkPrintedDerivatives("layer \(m)x\(n)")
            try checkDiffReadsBack(text, v)
            let (W, x, b) = (v["W"]!, v["x"]!.entries, v["b"]!.entries)
            let dy = (0..<m).map { i -> Double in
                let s = Op.sigmoid.evaluate((0..<n).reduce(0.0) { $0 + W[i, $1] * x[$1] } + b[i])
                return s * (1 - s)
            }
            let g = c.reverse().gradient
            assertClose(g[0].entries, (0..<m).flatMap { i in x.map { dy[i] * $0 } }, "dL/dW = dL/dy·xᵀ")
            assertClose(g[1].entries, (0..<n).map { j in (0..<m).reduce(0.0) { $0 + W[$1, j] * dy[$1] } }, "dL/dx = Wᵀ·dL/dy")
            assertClose(g[2].entries, dy, "dL/db = dL/dy")
        }
    }

    /// Logistic regression with labels 0 and 1: dL/dw = Xᵀ(σ(Xw) − y), dL/dX = (σ(Xw) − y)·wᵀ.
    func testLogisticRegression() throws {
        let text = Self.program("logistic_regression")
        for (m, n) in [(4, 3), (6, 2)] {
            var v = try Self.randomPoint(text, ["m": m, "n": n], seed: UInt64(100 + m))
            v["y"] = Matrix(.vector(m), (0..<m).map { Double($0 % 2) })
            let c = try MatrixCase(text, v)
            c.checkGradient("logistic \(m)x\(n)")
            c.checkPrintedDerivatives("logistic \(m)x\(n)")
            try checkDiffReadsBack(text, v)
            let (X, w, y) = (v["X"]!, v["w"]!.entries, v["y"]!.entries)
            let e = (0..<m).map { i in Op.sigmoid.evaluate((0..<n).reduce(0.0) { $0 + X[i, $1] * w[$1] }) - y[i] }
            let g = c.reverse().gradient
            assertClose(g[1].entries, (0..<n).map { j in (0..<m).reduce(0.0) { $0 + X[$1, j] * e[$1] } }, "Xᵀ(σ(Xw) − y)")
            assertClose(g[0].entries, (0..<m).flatMap { i in w.map { e[i] * $0 } }, "(σ(Xw) − y)·wᵀ")
        }
    }

    /// Least squares: dL/dx = 2Aᵀ(Ax − b), dL/dA = 2(Ax − b)·xᵀ, dL/db = −2(Ax − b).
    func testLeastSquares() throws {
        let text = Self.program("least_squares")
        for (m, n) in [(3, 2), (7, 5)] {
            let v = try Self.randomPoint(text, ["m": m, "n": n], seed: UInt64(200 + m))
            let c = try MatrixCase(text, v)
            c.checkGradient("least squares \(m)x\(n)")
            c.checkPrintedDerivatives("least squares \(m)x\(n)")
            try checkDiffReadsBack(text, v)
            let (A, x, b) = (v["A"]!, v["x"]!.entries, v["b"]!.entries)
            let r = (0..<m).map { i in (0..<n).reduce(0.0) { $0 + A[i, $1] * x[$1] } - b[i] }
            let g = c.reverse().gradient
            assertClose(g[0].entries, (0..<m).flatMap { i in x.map { 2 * r[i] * $0 } }, "2(Ax − b)·xᵀ")
            assertClose(g[1].entries, (0..<n).map { j in (0..<m).reduce(0.0) { $0 + 2 * A[$1, j] * r[$1] } }, "2Aᵀ(Ax − b)")
            assertClose(g[2].entries, r.map { -2 * $0 }, "−2(Ax − b)")
        }
    }

    /// The 3-step RNN against backpropagation through time written out: δ3 = (1 − h3²) ⊙ (h3 − t),
    /// δ2 = (1 − h2²) ⊙ Whᵀδ3, δ1 = (1 − h1²) ⊙ Whᵀδ2; dL/dWh = Σ δs·h(s−1)ᵀ, dL/dWx = Σ δs·xsᵀ,
    /// dL/db = Σ δs, dL/dh0 = Whᵀδ1.
    func testRNNThreeStepsAgainstBackpropagationThroughTime() throws {
        let text = Self.program("rnn3")
        for (n, d) in [(3, 2), (4, 5)] {
            let v = try Self.randomPoint(text, ["n": n, "d": d], seed: UInt64(300 + n))
            let c = try MatrixCase(text, v)
            c.checkGradient("rnn n=\(n), d=\(d)")
            c.checkPrintedDerivatives("rnn n=\(n), d=\(d)")
            try checkDiffReadsBack(text, v)
            let (Wh, Wx, b) = (v["Wh"]!, v["Wx"]!, v["b"]!.entries)
            let xs = ["x1", "x2", "x3"].map { v[$0]!.entries }
            var h = [v["h0"]!.entries]
            for s in 0..<3 {
                h.append((0..<n).map { i in
                    tanh((0..<n).reduce(0.0) { $0 + Wh[i, $1] * h[s][$1] } + (0..<d).reduce(0.0) { $0 + Wx[i, $1] * xs[s][$1] } + b[i])
                })
            }
            var delta = [[Double]](repeating: [], count: 4)
            var upstream = zip(h[3], v["t"]!.entries).map { $0 - $1 }
            for s in stride(from: 3, through: 1, by: -1) {
                delta[s] = (0..<n).map { (1 - h[s][$0] * h[s][$0]) * upstream[$0] }
                upstream = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + Wh[$1, j] * delta[s][$1] } }
            }
            let g = c.reverse().gradient
            let names = c.program.inputs
            func gradient(_ name: String) -> [Double] { g[names.firstIndex(of: name)!].entries }
            assertClose(gradient("Wh"), (0..<n).flatMap { i in (0..<n).map { j in (1...3).reduce(0.0) { $0 + delta[$1][i] * h[$1 - 1][j] } } }, "BPTT dL/dWh")
            assertClose(gradient("Wx"), (0..<n).flatMap { i in (0..<d).map { j in (1...3).reduce(0.0) { $0 + delta[$1][i] * xs[$1 - 1][j] } } }, "BPTT dL/dWx")
            assertClose(gradient("b"), (0..<n).map { i in (1...3).reduce(0.0) { $0 + delta[$1][i] } }, "BPTT dL/db")
            assertClose(gradient("h0"), upstream, "BPTT dL/dh0")
        }
    }

    /// The RNN with a loss at each step: each step's error is its own loss's plus the one passed
    /// back from the next step (`t6 = (1 - h2.^2) .* (h2 - t2 + t5*t4)`).
    func testRNNWithALossAtEachStep() throws {
        let text = Self.program("rnn3_each_step")
        for (n, d) in [(3, 2), (2, 4)] {
            let v = try Self.randomPoint(text, ["n": n, "d": d], seed: UInt64(400 + n))
            let c = try MatrixCase(text, v)
            c.checkGradient("rnn, a loss at each step, n=\(n), d=\(d)")
            c.checkPrintedDerivatives("rnn, a loss at each step, n=\(n), d=\(d)")
            try checkDiffReadsBack(text, v)
        }
    }

    // MARK: - Helpers

    private func assertClose(_ got: [Double], _ expected: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, what, file: file, line: line)
        for (k, (a, b)) in zip(got, expected).enumerated() {
            XCTAssertEqual(a, b, accuracy: 1e-13 * max(1, abs(b)), "\(what) [\(k)]", file: file, line: line)
        }
    }

    /// The formulas `deriv diff` prints for `text` (simplified, made with each dimension name a
    /// size of its own from 2, as docs/MATRICES.md says), read back with the program's own
    /// declarations and evaluated at `values` (other sizes), equal the reverse-mode gradient.
    private func checkDiffReadsBack(_ text: String, _ values: [String: Matrix], file: StaticString = #filePath, line: UInt = #line) throws {
        let source = SourceFile(text)
        let p = try MatrixProgram(source: source, ast: try Parser.parse(source))
        var dimensions: [String: Int] = [:]
        for d in p.ast.declarations {
            for case .name(let symbol) in d.shape.dimensions where dimensions[p.ast.spelling(symbol)] == nil {
                dimensions[p.ast.spelling(symbol)] = 2 + dimensions.count
            }
        }
        let graph = try p.graph(shapes: try p.shapes(given: [:], dimensions: dimensions))
        let wrt = Array(p.inputs.indices)
        let formulas = MatrixFormulas(gradient: MatrixSimplifier.simplified(MatrixDerivatives.gradient(graph, wrt: wrt)),
                                      taken: Set(p.inputs + p.assignedNames))
        let declarations = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(":") && !$0.contains("=") }
            .joined(separator: "\n")
        let expected = try MatrixCase(text, values).reverse().gradient
        for (k, name) in p.inputs.enumerated() {
            let back = declarations + "\n" + formulas.shared.map { "\($0.name) = \($0.text)\n" }.joined() + formulas.derivatives[k]
            let read = try MatrixCase(back, values)
            let got = MatrixEvaluator.evaluate(read.graph, inputs: read.point)[0]
            XCTAssertEqual(got.shape, expected[k].shape, "d/d\(name)\n\(back)", file: file, line: line)
            for (a, b) in zip(got.entries, expected[k].entries) {
                XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), "d/d\(name)\n\(back)", file: file, line: line)
            }
        }
    }
}

extension MatrixEmitTests {
    /// The worked examples' emitted code in every language, compiled and run against the
    /// interpreter (the 4-8-1 network at its sizes, the others at two sizes each).
    func testWorkedExamples() throws {
        for language in MatrixCode.languages {
            for (name, text) in WorkedExampleTests.programs {
                let sizes: [[String: Int]] = name == "matrix_481" ? [[:]] : name.hasPrefix("rnn3") ? [["n": 3, "d": 2], ["n": 5, "d": 4]]
                    : [["m": 3, "n": 2], ["m": 4, "n": 6]]
                for s in sizes { try check(text, language, sizes: s, label: "\(name) at \(s)") }
            }
        }
    }
}
