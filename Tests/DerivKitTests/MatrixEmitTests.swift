@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// `deriv emit` of vector and matrix programs (docs/MATRICES.md, "emit: code with loops"): the C
/// is compiled with `cc -std=c99 -Wall -Wextra -Werror -pedantic` and run, the Swift compiled with
/// `swiftc -warnings-as-errors` and run, the JavaScript run by node, the NumPy by python3, and
/// its value and gradient agree with the interpreter's reverse mode; the same code runs at two
/// sizes where the program's dimensions are names.
final class MatrixEmitTests: XCTestCase {
    /// The lecture notes' examples, each run at two sizes (m, n) of its dimensions.
    static let examples: [(name: String, text: String)] = [
        ("least_squares", "x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r"),
        ("logistic_regression", "X: matrix(m, n); w: vector(n); y: vector(m); sum(log(exp(-y.*(X*w)) + 1))"),
        ("cs231n_layer", "W: matrix(m, n); x: vector(n); b: vector(m); y = W*x + b; 0.5*sum(y .* y)"),
        ("square_matrix", "A: matrix(n, n); v: vector(n); s: scalar\ntr(A) + A[1, 2]*v[2] + sum(diag(v)*A) + s*sum(diag(A)) + norm2(A'*v)"),
    ]

    func testLectureExamplesAtTwoSizes() throws {
        for language in MatrixCode.languages {
            for (name, text) in Self.examples {
                for (m, n) in [(3, 2), (5, 4)] {
                    try check(text, language, sizes: ["m": m, "n": n], label: "\(name) at m=\(m), n=\(n)")
                }
            }
        }
    }

    func testNetworkOfTheLectureNotes() throws {
        for language in MatrixCode.languages {
            try check(try network(), language, sizes: [:], label: "matrix_network")
        }
    }

    /// `logsumexp`: softmax cross-entropy, and entries large enough that exp alone overflows.
    func testLogSumExp() throws {
        for language in MatrixCode.languages {
            try check("W: matrix(m, n); x: vector(n); y: vector(m); z = W*x; logsumexp(z) - dot(y, z)", language,
                      sizes: ["m": 4, "n": 3], label: "softmax cross-entropy")
            try check("x: vector(n); logsumexp(1000*x + 1000) + logsumexp(x[1])", language, sizes: ["n": 3], label: "large entries")
        }
    }

    /// Inputs named as keywords of a language (`in` in Swift and JavaScript, `int` in C) get a `_`.
    func testInputsNamedAsKeywords() throws {
        for language in MatrixCode.languages {
            try check("in: vector(n); int: scalar; sum(sin(in) .* in)*int", language, sizes: ["n": 3], label: "keywords")
        }
    }

    /// Inputs, dimensions and values named as keywords of each language (C and C++: `int`, `class`;
    /// JavaScript: `in`, `var`, `function`; Swift: `in`, `var`, `func`; Python: `def`, `lambda`,
    /// `in`), with names C reserves (`__W`, `_X1`, `a__b`) or the code's own (`gW`, `i`, `work`):
    /// the code renames what it must (docs/EMIT.md, "Names") and computes what the interpreter does.
    func testKeywordsAndReservedNames() throws {
        let programs = [
            "int: matrix(m, n); double: vector(n); class: vector(m); new = int*double; dot(class, new)",
            "in: vector(n); var: matrix(n, n); class: scalar; def: vector(n); lambda = var*in; function = sum(lambda .* def); "
                + "func = function*class; func + sum(in)",
            "__W, W: matrix(n, n); _X1: vector(n); a__b: scalar; __h = __W*_X1 + W'*_X1; a__b*sum(__h .* __h)",
            "A: matrix(__m, _N); v: vector(_N); __b: vector(__m); r = A*v - __b; dot(r, r)",
            "W: matrix(n, n); gW: vector(n); i: vector(n); work, acc, value: scalar; sum(W*gW) + dot(i, i)*work*acc + value",
        ]
        for language in MatrixCode.languages {
            for text in programs {
                try check(text, language, sizes: ["m": 3, "n": 2, "__m": 3, "_N": 2], label: text)
            }
        }
    }

    /// The random programs of `MatrixPropertyTests`, at their own sizes (their literals fix them).
    func testRandomPrograms() throws {
        for language in MatrixCode.languages {
            for seed: UInt64 in 1...30 {
                var g = MatrixPropertyTests.Generator(seed: seed)
                let text = g.program()
                try check(text, language, sizes: g.sizes, fixed: g.sizes, label: "seed \(seed):\n\(text)")
            }
        }
    }

    /// The golden code of the examples (Golden/matrix_<name>/c.c, javascript.mjs, swift.swift).
    func testGoldenCode() throws {
        for (name, text) in Self.examples + [("network", try network())] {
            for (language, file) in [(CodeLanguage.c, "c.c"), (.javascript, "javascript.mjs"), (.swift, "swift.swift"),
                                     (.numpy, "numpy.py")] {
                let (code, _, _) = try emit(text, language, fixed: [:])
                assertGolden(code, "matrix_\(name)/\(file)")
            }
        }
    }

    private func network() throws -> String {
        try String(contentsOfFile: repositoryRoot + "/grammar/examples/matrix_network.deriv", encoding: .utf8)
    }

    private var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The C unit of `text` (dimensions in `fixed` written as numbers), its program and code.
    private func emit(_ text: String, _ language: CodeLanguage, fixed: [String: Int]) throws -> (String, MatrixProgram, MatrixCode) {
        let source = SourceFile(text)
        let p = try MatrixProgram(source: source, ast: try Parser.parse(source))
        let code = MatrixCode(p, fixed: fixed)
        let graph = try p.graph(shapes: try p.shapes(given: [:], dimensions: code.sizes))
        let wrt = Array(p.inputs.indices)
        return (try code.code(language, value: graph, gradient: MatrixDerivatives.gradient(graph, wrt: wrt), wrt: wrt, name: "f",
                       header: ["Generated by deriv: deriv emit --lang \(language.rawValue)"]), p, code)
    }

    /// Emits `text`, runs the code at dimensions `sizes` on random values, and compares with the interpreter.
    func check(_ text: String, _ language: CodeLanguage, sizes: [String: Int], fixed: [String: Int] = [:], label: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let c = language == .c
        let swift = language == .swift
        let numpy = language == .numpy
        try Driver.of(language).skipUnlessInstalled()
        let label = language.rawValue + ", " + label
        let (code, p, matrixCode) = try emit(text, language, fixed: fixed)
        let shapes = try p.shapes(given: [:], dimensions: sizes)
        let graph = try p.graph(shapes: shapes)
        var rng = SplitMix64(seed: UInt64(text.utf8.count))
        let point = shapes.map { s in Matrix(s, (0..<s.count).map { _ in Double.random(in: -1...1, using: &rng) }) }
        let expected = MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: Array(p.inputs.indices)), inputs: point)

        func literal(_ v: Double) -> String { v.description }
        // A program that calls f and f_grad on the point and prints the value twice, then the gradient.
        var main = c ? "\n#include <stdio.h>\nint main(void)\n{\n" : "\n"
        var swiftArguments: [String] = []
        var arguments = numpy ? [] : matrixCode.dimensions.map { String(sizes[$0.name]!) }  // NumPy reads the sizes from the arrays
        var gradients: [String] = []
        for (k, name) in p.inputs.enumerated() {
            let s = shapes[k]
            let entries = point[k].entries.map(literal).joined(separator: ", ")
            if s.isScalar && p.declaredShapes[k] == .scalar {
                arguments.append(literal(point[k].entries[0]))
            } else if numpy {
                // A vector as a 1-D array, a matrix as a 2-D one.
                let shape = { if case .vector = p.declaredShapes[k] { return "(\(s.rows),)" } else { return "(\(s.rows), \(s.columns))" } }()
                main += "in_\(name) = np.array([\(entries)]).reshape(\(shape))\n"
                arguments.append("in_" + name)
            } else if swift {
                main += "let in_\(name): [Double] = [\(entries)]\n"
                arguments.append("in_" + name)
            } else {
                main += c ? "    static const double in_\(name)[\(s.count)] = {\(entries)};\n" : "const in_\(name) = [\(entries)];\n"
                arguments.append("in_" + name)
            }
            // Swift returns the gradients: one, or a tuple (read by position: its labels are the code's names).
            let returned = p.inputs.count == 1 ? "r.gradient" : "r.gradient.\(k)"
            swiftArguments.append(p.declaredShapes[k] == .scalar ? "[\(returned)]" : returned)
            main += c ? "    double g_\(name)[\(s.count)];\n" : swift || numpy ? "" : "const g_\(name) = new Float64Array(\(s.count));\n"
            gradients.append("g_" + name)
        }
        let gradientFunction = FunctionNames("f", language).gradient
        let calls = ["f(\(arguments.joined(separator: ", ")))", "\(gradientFunction)(\((arguments + gradients).joined(separator: ", ")))"]
        if numpy {
            // The value a float, each gradient a new array of its input's shape (1-D for a vector).
            let args = arguments.joined(separator: ", ")
            main += "v, g = f_grad(\(args))\nassert isinstance(v, float) and isinstance(f(\(args)), float)\n"
            main += "print(repr(float(f(\(args)))))\nprint(repr(float(v)))\n"
            for (k, a) in arguments.suffix(p.inputs.count).enumerated() {
                main += "assert np.shape(g[\(k)]) == np.shape(\(a)) and not np.shares_memory(g[\(k)], \(a))\n"
                main += "for t in np.ravel(g[\(k)]): print(repr(float(t)))\n"
            }
        } else if c {
            for call in calls { main += "    printf(\"%.17g\\n\", \(call));\n" }
            for (k, g) in gradients.enumerated() {
                main += "    for (int e = 0; e < \(shapes[k].count); e++) printf(\"%.17g\\n\", \(g)[e]);\n"
            }
            main += "    return 0;\n}\n"
        } else if swift {
            main += "let r = try fGradient(\(arguments.joined(separator: ", ")))\n"
            main += "print(try \(calls[0]))\nprint(r.value)\n"
            for g in swiftArguments { main += "for v in \(g) { print(v) }\n" }
        } else {
            for call in calls { main += "console.log(\(call));\n" }
            for g in gradients { main += "for (const v of \(g)) console.log(v);\n" }
        }

        let dir = try Tool.temporaryDirectory("matrix-emit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run: Tool.Result
        if c {
            try (code + main).write(to: dir.appendingPathComponent("f.c"), atomically: true, encoding: .utf8)
            let compiled = try Tool.run("cc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", "f", "f.c", "-lm"], in: dir)
            guard compiled.status == 0 else {
                return XCTFail("\(label): cc failed:\n\(compiled.errors)\n\(code)", file: file, line: line)
            }
            run = try Tool.run("./f", [], in: dir)
        } else if numpy {
            try (code + "\n" + main).write(to: dir.appendingPathComponent("f.py"), atomically: true, encoding: .utf8)
            run = try Tool.run("python3", ["-W", "error", "f.py"], in: dir)
            guard run.status == 0 else { return XCTFail("\(label): python3 failed:\n\(run.errors)\n\(code)", file: file, line: line) }
        } else if swift {
            try (code + main).write(to: dir.appendingPathComponent("f.swift"), atomically: true, encoding: .utf8)
            let compiled = try Tool.run("swiftc", ["-warnings-as-errors", "-o", "f", "f.swift"], in: dir)
            guard compiled.status == 0 else {
                return XCTFail("\(label): swiftc failed:\n\(compiled.errors)\n\(code)", file: file, line: line)
            }
            run = try Tool.run("./f", [], in: dir)
        } else {
            try (code + main).write(to: dir.appendingPathComponent("f.mjs"), atomically: true, encoding: .utf8)
            run = try Tool.run("node", ["f.mjs"], in: dir)
            guard run.status == 0 else { return XCTFail("\(label): node failed:\n\(run.errors)\n\(code)", file: file, line: line) }
        }
        let numbers = run.output.split(separator: "\n").compactMap { Double($0) }
        let want = [expected[0].entries[0], expected[0].entries[0]] + expected.dropFirst().flatMap(\.entries)
        guard numbers.count == want.count else {
            return XCTFail("\(label): \(numbers.count) numbers printed, \(want.count) expected:\n\(run.output)", file: file, line: line)
        }
        for (got, w) in zip(numbers, want) where Swift.abs(got - w) > 1e-12 * Swift.max(1, Swift.abs(w)) {
            return XCTFail("\(label): \(got) from the code, \(w) from the interpreter\n\(code)", file: file, line: line)
        }
    }
}
