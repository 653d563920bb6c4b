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

    /// Programs of several outputs, for `--of` (the Jacobian functions).
    static let severalOutputs: [(String, [String])] = [
        ("u = x*sigmoid(y); w = softplus(x) + max(x, y)", ["u", "w"]),
        ("a = x^y + sign(x); b = min(a, 2); c = relu(b - y)", ["a", "c", "b"]),
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
                try add(p, EmitOptions(language: .c, name: "p\(k)_wrt", mode: .forward, wrt: [p.inputs.count - 1, 0],
                                       arrayInputs: true))
            }
        }
        for (k, (text, outputs)) in Self.severalOutputs.enumerated() {
            let p = try Program(parsing: text, outputs: outputs)
            try add(p, EmitOptions(language: .c, name: "jac\(k)"))
            try add(p, EmitOptions(language: .c, name: "jac\(k)_fwd", mode: .forward, wrt: [1]))
            try add(p, EmitOptions(language: .c, name: "jac\(k)_arr", mode: .forward, arrayInputs: true))
        }
        try add(try Program(parsing: Self.long), EmitOptions(language: .c, name: "long_sum"))
        return units
    }

    /// Each vector and matrix unit: the lecture notes' examples and random programs.
    private func matrixUnits() throws -> [(name: String, code: String, header: String)] {
        var programs: [(String, [String: Int])] = MatrixEmitTests.examples.map { ($0.text, [:]) }
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
        // Names the program spells with a leading `__` or `_X` are kept, and C reserves them
        // (Clang's -Wreserved-identifier): such units are left out of the Clang runs.
        let unreserved = units.filter { !Self.hasReservedName($0.code) }
        let clangSources = unreserved.map { $0.name + ".c" }
        let clangPasted = units.map { "#include \"\($0.name).h\"\n" }.joined() + unreserved.map { "#include \"\($0.name).c\"\n" }.joined()
        try clangPasted.write(to: dir.appendingPathComponent("pasted-clang.c"), atomically: true, encoding: .utf8)
        var commands = [["cc"] + Self.gcc + ["-c"] + sources,
                        ["cc"] + Self.gcc + ["-o", "linked", "main.c"] + sources + ["-lm"],
                        ["cc"] + Self.gcc + ["-c", "pasted.c"]]
        if Tool.find("c++") != nil {
            commands.append(["c++", "-Wall", "-Wextra", "-Werror", "-pedantic", "-x", "c++", "-c", "pasted.c", "-o", "pasted-cxx.o"])
        }
        if Tool.find("clang") != nil {
            commands += [["clang"] + Self.clang + ["-c"] + clangSources,
                         ["clang", "-std=c99"] + Self.clang + ["-c"] + clangSources,
                         ["clang"] + Self.clang + ["-c", "main.c", "-o", "main-clang.o"],
                         ["clang"] + Self.clang + ["-c", "pasted-clang.c"]]
        }
        for command in commands {
            let r = try Tool.run(command[0], Array(command.dropFirst()), in: dir)
            XCTAssertEqual(r.status, 0, "\(label): \(command.prefix(8).joined(separator: " ")) … failed:\n\(r.errors.prefix(3000))",
                           file: file, line: line)
            XCTAssertEqual(r.errors, "", "\(label): warnings from \(command.prefix(8).joined(separator: " ")) …", file: file, line: line)
        }
    }

    /// Whether `code`, outside its preprocessor lines, has an identifier that starts with `__` or
    /// `_` and a capital letter.
    static func hasReservedName(_ code: String) -> Bool {
        let bytes = Array(code.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n").utf8)
        return bytes.indices.dropLast().contains { i in
            bytes[i] == UInt8(ascii: "_") && (i == 0 || !Naming.isIdentifierByte(bytes[i - 1]))
                && (bytes[i + 1] == UInt8(ascii: "_") || (bytes[i + 1] >= UInt8(ascii: "A") && bytes[i + 1] <= UInt8(ascii: "Z")))
        }
    }

    /// `f_grad_batch` (`--batch`) gives, at every point, what `f_grad` gives there, bit for bit,
    /// with inputs one array each (gradients `grads[j*n + i]`) and with `--array` (the points and
    /// their gradients one after another).
    func testBatchMatchesPointByPoint() throws {
        guard Tool.find("cc") != nil else { throw XCTSkip("cc is not installed") }
        let dir = try Tool.temporaryDirectory("c-batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "a = x*y + sigmoid(x - n); max(a, 0.5)*g + (1 - x)^2 + 100*(y - x^2)^2"
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

    /// The pragma a long function needs is pushed before the code and popped after it, and only
    /// for GCC; a unit without one has neither.
    func testPragmaIsPushedAndPopped() throws {
        let long = try Program(parsing: Self.long).emit(.c, name: "long_sum")
        let lines = long.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let push = try XCTUnwrap(lines.firstIndex(of: "#pragma GCC push_options"))
        XCTAssertEqual(lines[push + 1], "#pragma GCC optimize (\"no-tree-ter\", \"no-tree-slp-vectorize\")")
        XCTAssertEqual(lines[push - 1], "#if defined(__GNUC__) && !defined(__clang__)")
        XCTAssertEqual(Array(lines.suffix(4)), ["#if defined(__GNUC__) && !defined(__clang__)", "#pragma GCC pop_options", "#endif", ""])
        XCTAssertLessThan(push, try XCTUnwrap(lines.firstIndex { $0.hasPrefix("double long_sum(") }))
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
