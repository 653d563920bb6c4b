@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// Emitted C as it ships in other people's projects (docs/EMIT.md, "Using the C file"): over a
/// broad set of programs (the emit corpus, several outputs, every emit option, a function of
/// more than a thousand operations, vector and matrix programs), every unit and its header
/// (`--header`) compile without a warning under `gcc -std=c99 -Wall -Wextra -Werror -pedantic
/// -Wmissing-prototypes` and `clang -Weverything -Wno-unsafe-buffer-usage` (when clang is
/// installed), all units link into one program, and all of them, with their headers, compile
/// pasted into one file, as C and as C++.
final class CShippingTests: XCTestCase {
    static let gcc = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wmissing-prototypes"]
    static let clang = ["-Weverything", "-Wno-unsafe-buffer-usage", "-Werror"]
    /// Compiled as C++, the C cast `(size_t)n` is C++'s "old-style cast": there is no other in C.
    static let clangCxx = ["-Wno-old-style-cast"]

    /// Programs of several outputs, for `--of` (the Jacobian functions).
    static let severalOutputs: [(String, [String])] = [
        ("u = x*sigmoid(y); w = softplus(x) + max(x, y)", ["u", "w"]),
        ("a = x^y + sign(x); b = min(a, 2); c = relu(b - y)", ["a", "c", "b"]),
    ]

    /// Programs whose names C or C++ reserve as they are spelled (`__x`, `_X1`, `a__b`) or would
    /// once a suffix is added (`sin_` and its adjoint `sin__bar`, `int_` when `int` is taken).
    static let reservedNames = [
        "__x = a*b; _X1 = __x*sin(a); a__b = _X1*_X1 + __x; a__b*a",
        "sin_ = a*b; c = sin(sin_)*sin_; c*c + sin_*a",
        "int = __y*_Z; int_ = __y + int; x = int*int_; x*sin(x) + _Z*__y",
        "n = g*g_; values = n*grads; i = values*g__; i*exp(n)",
    ]

    /// Vector and matrix programs whose inputs, dimensions or values have names C or C++ reserve
    /// (`__W`, `_X1`, `a__b`, `__m`), are C or C++ keywords (`int`, `double`, `class`, `new`), or
    /// are the names the code would give something else (`gW`, `i`, `work`, `acc`, `value`).
    static let matrixReservedNames: [(String, [String: Int])] = [
        ("__W: matrix(2,2); x: vector(2); sum(__W*x)", [:]),
        ("__W, W: matrix(n, n); _X1: vector(n); a__b: scalar; __h = __W*_X1 + W'*_X1; a__b*sum(__h .* __h)", [:]),
        ("A: matrix(__m, _N); v: vector(_N); __b: vector(__m); r = A*v - __b; dot(r, r)", [:]),
        ("A: matrix(__m, _N); v: vector(_N); sum(tanh(A*v))", ["_N": 3]),
        ("int: matrix(m, n); double: vector(n); class: vector(m); new = int*double; dot(class, new)", [:]),
        ("W: matrix(n, n); gW: vector(n); i: vector(n); work, acc, value: scalar; sum(W*gW) + dot(i, i)*work*acc + value", [:]),
    ]

    /// A sum of 1,200 terms: functions this long get GCC's pragma, pushed and popped.
    static let long = (1...400).map { "x\($0)*x\($0 % 400 + 1) + sigmoid(x\($0))" }.joined(separator: " + ")

    /// Each scalar unit: its function name and its code and header under some emit options.
    private func scalarUnits() throws -> [(name: String, code: String, header: String)] {
        var units: [(String, String, String)] = []
        func add(_ program: Program, _ options: EmitOptions) throws {
            var header = options
            header.header = true
            units.append((options.name, try program.emit(options), try program.emit(header)))
        }
        for (k, c) in try EmitCorpus.cases(randomPrograms: 12).enumerated() {
            let p = c.program
            var batch = EmitOptions(language: .c, name: "p\(k)")
            batch.batch = true
            try add(p, batch)
            try add(p, EmitOptions(language: .c, name: "p\(k)_fwd", mode: .forward))
            batch = EmitOptions(language: .c, name: "p\(k)_arr", arrayInputs: true)
            batch.batch = true
            try add(p, batch)
            if p.inputs.count > 1 {
                try add(p, EmitOptions(language: .c, name: "p\(k)_wrt", mode: .forward, wrt: [p.inputs.last!, p.inputs[0]],
                                       arrayInputs: true))
            }
            // Input groups: one array argument, the other inputs one parameter each (some cases).
            if p.inputs.count > 1 && k % 4 == 0 {
                try add(p, EmitOptions(language: .c, name: "p\(k)_grp", mode: .forward, groups: [InputGroup("g", [p.inputs.last!])]))
            }
        }
        for (k, (text, outputs)) in Self.severalOutputs.enumerated() {
            let p = try Program(parsing: text, outputs: outputs)
            try add(p, EmitOptions(language: .c, name: "jac\(k)"))
            try add(p, EmitOptions(language: .c, name: "jac\(k)_fwd", mode: .forward, wrt: [p.inputs[1]]))
            try add(p, EmitOptions(language: .c, name: "jac\(k)_grp", mode: .forward,
                                   groups: [InputGroup("q", [p.inputs[1]]), InputGroup("p", [p.inputs[0]])]))
            try add(p, EmitOptions(language: .c, name: "jac\(k)_arr", mode: .forward, arrayInputs: true))
        }
        try add(try Program(parsing: Self.long), EmitOptions(language: .c, name: "long_sum"))
        for (k, text) in Self.reservedNames.enumerated() {
            let p = try Program(parsing: text)
            var batch = EmitOptions(language: .c, name: "r\(k)")
            batch.batch = true
            try add(p, batch)
            try add(p, EmitOptions(language: .c, name: "r\(k)_fwd", mode: .forward))
        }
        return units
    }

    /// Each vector and matrix unit: the lecture notes' examples and random programs.
    private func matrixUnits() throws -> [(name: String, code: String, header: String)] {
        var programs: [(String, [String: Int])] = MatrixEmitTests.examples.map { ($0.text, [:]) } + Self.matrixReservedNames
        for seed: UInt64 in 1...12 {
            var g = MatrixPropertyTests.Generator(seed: seed)
            programs.append((g.program(), g.sizes))
        }
        return try programs.enumerated().map { k, program in
            let source = SourceFile(program.0)
            let p = try MatrixProgram(source: source, ast: try Parser.parse(source))
            let code = MatrixCode(p, fixed: program.1)
            let graph = try p.graph(shapes: try p.shapes(given: [:], dimensions: code.sizes))
            let wrt = Array(p.inputs.indices)
            let gradient = MatrixDerivatives.gradient(graph, wrt: wrt)
            func emit(_ header: Bool) throws -> String {
                try code.code(.c, value: graph, gradient: gradient, wrt: wrt, name: "m\(k)", header: ["m\(k)"], declarationsOnly: header)
            }
            return ("m\(k)", try emit(false), try emit(true))
        }
    }

    func testScalarUnitsShip() throws { try checkShipping(try scalarUnits(), label: "scalar") }

    func testMatrixUnitsShip() throws { try checkShipping(try matrixUnits(), label: "matrix") }

    /// Writes each unit and header, then compiles each unit alone under the strict flags, links
    /// them all into one program with a `main` that includes every header, and compiles one file
    /// that pastes every header and unit, as C and as C++.
    private func checkShipping(_ units: [(name: String, code: String, header: String)], label: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        guard Tool.find("cc") != nil else { throw XCTSkip("cc is not installed") }
        let dir = try Tool.temporaryDirectory("c-ship-" + label)
        defer { try? FileManager.default.removeItem(at: dir) }
        for u in units {
            try u.code.write(to: dir.appendingPathComponent(u.name + ".c"), atomically: true, encoding: .utf8)
            try u.header.write(to: dir.appendingPathComponent(u.name + ".h"), atomically: true, encoding: .utf8)
        }
        let includes = units.map { "#include \"\($0.name).h\"\n" }.joined()
        try (includes + "int main(void)\n{\n    return 0;\n}\n").write(to: dir.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        let pasted = includes + units.map { "#include \"\($0.name).c\"\n" }.joined()
        try pasted.write(to: dir.appendingPathComponent("pasted.c"), atomically: true, encoding: .utf8)

        let sources = units.map { $0.name + ".c" }
        var commands = [["cc"] + Self.gcc + ["-c"] + sources,
                        ["cc"] + Self.gcc + ["-o", "linked", "main.c"] + sources + ["-lm"],
                        ["cc"] + Self.gcc + ["-c", "pasted.c"]]
        if Tool.find("c++") != nil {
            commands.append(["c++", "-Wall", "-Wextra", "-Werror", "-pedantic", "-x", "c++", "-c", "pasted.c", "-o", "pasted-cxx.o"])
        }
        if Tool.find("clang") != nil {
            commands += [["clang"] + Self.clang + ["-c"] + sources,
                         ["clang", "-std=c99"] + Self.clang + ["-c"] + sources,
                         ["clang"] + Self.clang + ["-c", "main.c", "-o", "main-clang.o"],
                         ["clang"] + Self.clang + ["-c", "pasted.c"]]
        }
        if Tool.find("clang++") != nil {
            // As C++: C++ reserves `__` anywhere in a name, which C allows inside one.
            commands += [["clang++", "-x", "c++"] + Self.clang + Self.clangCxx + ["-c", "pasted.c", "-o", "pasted-clangxx.o"]]
        }
        for command in commands {
            let r = try Tool.run(command[0], Array(command.dropFirst()), in: dir)
            XCTAssertEqual(r.status, 0, "\(label): \(command.prefix(8).joined(separator: " ")) … failed:\n\(r.errors.prefix(3000))",
                           file: file, line: line)
            XCTAssertEqual(r.errors, "", "\(label): warnings from \(command.prefix(8).joined(separator: " ")) …", file: file, line: line)
        }
    }

    /// Names C or C++ reserve become names they do not, in C only, and the header comment gives
    /// the code's names beside the program's; a function name that would be one is refused.
    func testReservedNamesAvoided() throws {
        for (name, expected) in [("__x", "x"), ("_X1", "X1"), ("a__b", "a_b"), ("sin__bar", "sin_bar"), ("___", "v"),
                                 ("__1", "v1"), ("_x", "_x"), ("x_", "x_"), ("_", "_")] {
            XCTAssertEqual(Naming.cUnreserved(name), expected, name)
        }
        let p = try Program(parsing: "__x = a*_Y; __x*__x + a__b")
        let c = try p.emit(.c)
        XCTAssert(c.contains("double f_grad(double Y, double a, double a_b, double grad[3])"), c)
        XCTAssert(c.contains("const double x = a * Y;"), c)
        XCTAssert(c.contains("// Inputs, in order: Y (the program's _Y), a, a_b (the program's a__b). Output: f."), c)
        XCTAssert(try p.emit(.python).contains("def f_grad(_Y, a, a__b):"))
        for name in ["_F", "_f", "a_", "a__b"] {
            XCTAssertThrowsError(try p.emit(.c, name: name)) { error in
                XCTAssertEqual((error as? InvalidFunctionName)?.name, name)
            }
        }
        XCTAssertNoThrow(try p.emit(.python, name: "a_"))
    }

    /// `f_grad_batch` (`--batch`) gives, at every point, what `f_grad` gives there, bit for bit,
    /// with inputs one array each (gradients `grads[j*n + i]`) and with `--array` (the points and
    /// their gradients one after another): a program with helpers and library calls (a scalar
    /// loop), and one of arithmetic only over eight inputs, whose loop GCC -O3 vectorizes under
    /// `#pragma GCC ivdep`. (Not `-march=native`: where the target has FMA, GCC 12's vectorizer
    /// fuses a multiply with an alternating add and subtract even under `-ffp-contract=off`,
    /// docs/PERFORMANCE.md, "Many points in C".)
    /// A vector or matrix program's names C or C++ reserve become names they do not, as the scalar
    /// code's do; the header comment gives the code's names beside the program's.
    func testMatrixReservedNamesAvoided() throws {
        func emit(_ text: String, _ language: CodeLanguage = .c, header: Bool = false) throws -> String {
            let source = SourceFile(text)
            let p = try MatrixProgram(source: source, ast: try Parser.parse(source))
            let code = MatrixCode(p, fixed: [:])
            let graph = try p.graph(shapes: try p.shapes(given: [:], dimensions: code.sizes))
            let wrt = Array(p.inputs.indices)
            return try code.code(language, value: graph, gradient: MatrixDerivatives.gradient(graph, wrt: wrt), wrt: wrt,
                                 name: "f", header: ["f"], declarationsOnly: header)
        }
        let text = "__W, W: matrix(__n, __n); a__b: vector(__n); __h = __W*a__b + W*a__b; sum(__h .* __h)"
        for header in [false, true] {
            let c = try emit(text, header: header)
            XCTAssert(c.contains("double f_grad(int n, const double *W_, const double *W, const double *a_b, double *gW_, double *gW,\n"
                                 + "    double *ga_b);"), c)
            XCTAssert(c.contains("// Inputs, in order: W_ (the program's __W), W, a_b (the program's a__b).\n"
                                 + "// Dimensions, in order: n (the program's __n).\n"), c)
            for line in c.split(separator: "\n") where !line.hasPrefix("//") && !line.hasPrefix("#") {
                XCTAssertNil(line.range(of: "__|\\b_[A-Z]", options: .regularExpression), String(line))
            }
        }
        XCTAssert(try emit(text, header: false).contains("    double *h;\n"), "a value's name loses its reserved form too")
        // Other languages keep such names; a program without renamed names has no such line.
        XCTAssert(try emit(text, .javascript).contains("export function fGradient(__n, __W, W, a__b, g__W, gW, ga__b) {"))
        XCTAssertFalse(try emit("W: matrix(n, n); x: vector(n); sum(W*x)").contains("Inputs, in order"))
    }

    func testBatchMatchesPointByPoint() throws {
        guard Tool.find("cc") != nil else { throw XCTSkip("cc is not installed") }
        try checkBatch("a = x*y + sigmoid(x - n); max(a, 0.5)*g + (1 - x)^2 + 100*(y - x^2)^2")
        try checkBatch("p = a*b + c*d + f*g + h*k; q = a - b + c*k; p*q/(1 + (f - g)^2*h)")
    }

    private func checkBatch(_ text: String) throws {
        let dir = try Tool.temporaryDirectory("c-batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Program(parsing: text)
        let k = p.inputs.count
        var main = "#include <stdio.h>\n"
        for array in [false, true] {
            var options = EmitOptions(language: .c, name: array ? "b" : "a", arrayInputs: array)
            options.batch = true
            main += try p.emit(options)
        }
        let n = 37
        var rows: [String] = []
        for i in 0..<n {
            let row: [String] = (0..<k).map { (j: Int) -> String in String(Double((i * 7 + j * 13) % 23) / 7 - 1.5) }
            rows.append("{" + row.joined(separator: ", ") + "}")
        }
        main += "int main(void)\n{\n"
        main += "    static const double points[\(n)][\(k)] = {" + rows.joined(separator: ", ") + "};\n"
        main += "    static double columns[\(k)][\(n)], values[\(n)], grads[\(n * k)], arrayValues[\(n)], arrayGrads[\(n * k)], g[\(k)];\n"
        main += "    int i, j, bad = 0;\n"
        main += "    for (i = 0; i < \(n); i++) for (j = 0; j < \(k); j++) columns[j][i] = points[i][j];\n"
        main += "    a_grad_batch(\(n), " + (0..<k).map { "columns[\($0)]" }.joined(separator: ", ") + ", values, grads);\n"
        main += "    b_grad_batch(\(n), &points[0][0], arrayValues, arrayGrads);\n"
        main += "    for (i = 0; i < \(n); i++) {\n"
        main += "        const double v = a_grad(" + (0..<k).map { "points[i][\($0)]" }.joined(separator: ", ") + ", g);\n"
        main += "        bad += v != values[i] || v != arrayValues[i];\n"
        main += "        for (j = 0; j < \(k); j++) bad += g[j] != grads[j*\(n) + i] || g[j] != arrayGrads[i*\(k) + j];\n"
        main += "    }\n    printf(\"%d\\n\", bad);\n    return 0;\n}\n"
        try main.write(to: dir.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        let built = try Tool.run("cc", Self.gcc + ["-O3", "-o", "run", "main.c", "-lm"], in: dir)
        XCTAssertEqual(built.status, 0, built.errors)
        XCTAssertEqual(built.errors, "")
        XCTAssertEqual(try Tool.run("./run", [], in: dir).output, "0\n")
    }

    /// The pragma a long or deep function needs is pushed before the code and popped after it, and
    /// only for GCC; a unit without one has neither. A gradient whose stored entries are deep (the
    /// product of n inputs, n - 2 operations) turns off the SLP vectorizer, one of 1,000
    /// operations or more temporary expression replacement: long sums of shallow entries (a sum of
    /// 400 terms, Rosenbrock of 100 inputs) the second only.
    func testPragmaIsPushedAndPopped() throws {
        let long = try Program(parsing: Self.long).emit(.c, name: "long_sum")
        let lines = long.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let push = try XCTUnwrap(lines.firstIndex(of: "#pragma GCC push_options"))
        // Its gradient's entries are a few operations deep: the SLP vectorizer stays on.
        XCTAssertEqual(lines[push + 1], "#pragma GCC optimize (\"no-tree-ter\")")
        XCTAssertEqual(lines[push - 1], "#if defined(__GNUC__) && !defined(__clang__)")
        XCTAssertEqual(Array(lines.suffix(4)), ["#if defined(__GNUC__) && !defined(__clang__)", "#pragma GCC pop_options", "#endif", ""])
        XCTAssertLessThan(push, try XCTUnwrap(lines.firstIndex { $0.hasPrefix("double long_sum(") }))
        let product = try Program(parsing: (1...100).map { "x\($0)" }.joined(separator: "*")).emit(.c)
        XCTAssert(product.contains("#pragma GCC push_options\n#pragma GCC optimize (\"no-tree-slp-vectorize\")\n"), product)
        XCTAssert(product.hasSuffix("#pragma GCC pop_options\n#endif\n"))
        // Rosenbrock of 100 inputs (1,384 operations, 6 deep) likewise; the product of 1,000 inputs has both.
        let rosenbrock = try Program(parsing: (1..<100).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }
            .joined(separator: " + ")).emit(.c)
        XCTAssert(rosenbrock.contains("#pragma GCC push_options\n#pragma GCC optimize (\"no-tree-ter\")\n"), rosenbrock)
        let longProduct = try Program(parsing: (1...1_000).map { "x\($0)" }.joined(separator: "*")).emit(.c)
        XCTAssert(longProduct.contains("#pragma GCC optimize (\"no-tree-ter\", \"no-tree-slp-vectorize\")\n"))
        let short = try Program(parsing: "x*y + sigmoid(x)").emit(.c)
        XCTAssertFalse(short.contains("#pragma GCC"))
    }

    /// The header comment names deriv's version and, for a program whose output has no name,
    /// the function's own name.
    func testHeaderCommentNamesVersionAndFunction() throws {
        let p = try Program(parsing: "x*y + sin(x)")
        for header in [false, true] {
            let text = try p.emit(EmitOptions(language: .c, name: "area", header: header))
            XCTAssert(text.hasPrefix("// Generated by deriv \(derivVersion): deriv emit"), text)
            XCTAssert(text.contains("// Inputs, in order: x, y. Output: area.\n"), text)
            XCTAssert(text.contains("grad[0] = darea/dx"), text)
            XCTAssertFalse(text.contains("Output: f"), text)
        }
        // A named output keeps its name.
        let named = try Program(parsing: "loss = x*y").emit(.c, name: "area")
        XCTAssert(named.contains("Output: loss."), named)
    }

    /// `--header` of every fixture (Golden/<case>/c.h): the include guard, C linkage for C++,
    /// and each function's prototype under its comment.
    func testHeaderGolden() throws {
        for fixture in try Fixture.programs() {
            let program = try Program(parsing: fixture.text, outputs: fixture.outputs)
            var command = "deriv emit --lang c --name f"
            if fixture.emitMode == .forward { command += " --mode forward" }
            if let outputs = fixture.outputs { command += " --of " + outputs.joined(separator: ",") }
            if fixture.emitArray { command += " --array" }
            let header = try program.emit(EmitOptions(language: .c, mode: fixture.emitMode, arrayInputs: fixture.emitArray,
                                                      header: true, toolVersion: "X.Y.Z", command: command + " --header"))
            assertGolden(header, "\(fixture.name)/c.h")
        }
    }

    /// Only C and JavaScript (TypeScript's declarations) have a header.
    func testNoHeaderInOtherLanguages() throws {
        let p = try Program(parsing: "x*y")
        for language in CodeLanguage.allCases where language != .c && language != .javascript {
            XCTAssertThrowsError(try p.emit(EmitOptions(language: language, header: true))) { error in
                XCTAssertEqual(error as? NoHeaderFile, NoHeaderFile(language: language))
            }
        }
    }
}
