@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// The emitted code, compiled and run: for a corpus of programs (every fixture of
/// Fixtures/programs at its points, larger programs, names that collide with each language's
/// words, random programs over every operation) and random points, `f` and `f_grad` in C, Swift,
/// Python, NumPy and JavaScript compute what the interpreter computes from the same (simplified)
/// graphs. C, Swift and Python call the same C library as the interpreter, so they must agree bit
/// for bit; JavaScript has its own Math library and NumPy its own vectorized functions, so they
/// must agree to 1e-12.
///
/// Each language compiles one file per program and one driver that reads `k x1 … xn` lines and
/// prints `f(x) f_grad(x)` for program k, so the slow compilers run once.
final class EmitRunTests: XCTestCase {

    func testCMatchesInterpreterBitForBit() throws { try checkEmittedCode(.c, exact: true) }
    func testSwiftMatchesInterpreterBitForBit() throws { try checkEmittedCode(.swift, exact: true) }
    func testPythonMatchesInterpreterBitForBit() throws { try checkEmittedCode(.python, exact: true) }
    func testJavaScriptMatchesInterpreter() throws { try checkEmittedCode(.javascript, exact: false) }
    /// NumPy's own vectorized exp, sin, … may differ from the C library by an ulp: to 1e-12.
    func testNumPyMatchesInterpreter() throws { try checkEmittedCode(.numpy, exact: false) }

    /// sigmoid, softplus and exp-heavy programs at |x| = 50, 500, 800: no emitted value or
    /// gradient is NaN or infinite where the mathematical one is finite, in any language.
    func testNoOverflowAtLargeArguments() throws {
        let programs = [
            "sigmoid(x)", "softplus(x)", "log(1 + exp(x))", "x*sigmoid(x)", "softplus(-x) + softplus(x)",
            "tanh(x) + sigmoid(-x)", "exp(-x^2) + exp(-abs(x))", "log1p(exp(-abs(x))) + relu(x)",
            "sigmoid(x)*(1 - sigmoid(x))", "log(sigmoid(x)*0.5 + 0.25)",
        ]
        var cases: [EmitCase] = []
        for (i, text) in programs.enumerated() {
            var c = EmitCase(name: "overflow\(i)", text: text)
            c.points = [50, 500, 800].flatMap { [[$0], [-$0]] }
            cases.append(c)
        }
        for c in cases {
            for point in c.points {
                let r = interpreterGradient(c, at: point)
                XCTAssert(r.allSatisfy(\.isFinite), "\(c.text) at \(point): \(r)")
            }
        }
        for language in CodeLanguage.allCases {
            try checkEmittedCode(language, exact: language.bitForBit, corpus: cases)
        }
    }

    /// Every operation at IEEE special values (±0, ±1, ±∞, NaN, the largest and smallest
    /// numbers, arguments where exp overflows): the emitted code gives the interpreter's value and
    /// gradient there too, NaN for NaN and ∞ for ∞ (Python without raising).
    func testSpecialValues() throws {
        let unary = [0, -0.0, 1, -1, 2, -2, 0.5, .infinity, -.infinity, .nan, 1e308, -1e308, Double.leastNonzeroMagnitude, 710, -710]
        let binary = [0, -0.0, 1, -1, 2, -0.5, .infinity, -.infinity, .nan]
        var cases: [EmitCase] = []
        for op in Op.allCases where !op.isLeaf {
            let text: String
            switch (op.info.notation, op.arity) {
            case (.function, 1): text = "\(op.info.name)(x)"
            case (.function, _): text = "\(op.info.name)(x, y)"
            case (.symbol(let s), 1): text = s + "x"
            case (.symbol, 3): text = "x ? y : -y"
            case (.symbol("^"), _): text = "x^y + x^2 + x^0.5 + x^-1 + x^3"
            case (.symbol(let s), _): text = "x \(s) y"
            case (.leaf, _): continue
            }
            var c = EmitCase(name: "special_\(op.info.name)", text: text)
            c.points = op.arity == 1 ? unary.map { [$0] } : binary.flatMap { x in binary.map { [x, $0] } }
            cases.append(c)
        }
        for language in CodeLanguage.allCases {
            try checkEmittedCode(language, exact: language.bitForBit, corpus: cases)
        }
    }

    /// JavaScript's `deriv_erf` (Math has no erf) against the C library's erf: within 1 ulp on
    /// 20,000 points over every branch, exact at the special values.
    func testJavaScriptErfIsWithinOneUlp() throws {
        guard Tool.find("node") != nil else { throw XCTSkip("node is not installed") }
        let dir = try Tool.temporaryDirectory("erf")
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 5)
        var xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1, 6, -6, 1e-300, Double.leastNonzeroMagnitude, 0.999999, 5.99999]
        xs += (0..<10_000).map { _ in Double.random(in: -7...7, using: &rng) }
        xs += (0..<5_000).map { _ in Double.random(in: 0.9...1.1, using: &rng) }
        xs += (0..<5_000).map { _ in Foundation.pow(10, Double.random(in: -310...0, using: &rng)) }
        let helper = CodeTemplate.javascript.helpers.first { $0.name == "deriv_erf" }!
        let script = helper.text + """
            import { readFileSync } from "node:fs";
            const show = (v) => (Object.is(v, -0) ? "-0" : String(v));
            console.log(readFileSync(0, "utf8").trim().split(" ").map(Number).map(deriv_erf).map(show).join(" "));

            """
        try script.write(to: dir.appendingPathComponent("erf.mjs"), atomically: true, encoding: .utf8)
        let r = try Tool.run("node", ["erf.mjs"], in: dir, input: xs.map { $0.isNaN ? "NaN" : $0.isInfinite ? ($0 > 0 ? "Infinity" : "-Infinity") : "\($0)" }.joined(separator: " "))
        let got = r.output.split(whereSeparator: \.isWhitespace).compactMap(parseNumber)
        XCTAssertEqual(got.count, xs.count, r.errors)
        for (x, g) in zip(xs, got) {
            let e = Foundation.erf(x)
            if e.isNaN { XCTAssert(g.isNaN); continue }
            XCTAssertEqual(g.sign, e.sign, "erf(\(x))")
            let ulps = g.bitPattern > e.bitPattern ? g.bitPattern - e.bitPattern : e.bitPattern - g.bitPattern
            XCTAssertLessThanOrEqual(ulps, 1, "deriv_erf(\(x)) = \(g), C's erf gives \(e)")
        }
    }
}

extension XCTestCase {
    /// Compiles the emitted code of every case of `corpus` (default: `EmitCorpus.cases()`) in
    /// `language`, runs it at the cases' points and compares its values and gradients with the
    /// interpreter's (bit for bit when `exact`); skips when the language's tool is not installed.
    func checkEmittedCode(_ language: CodeLanguage, exact: Bool, corpus: [EmitCase]? = nil,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let corpus = try corpus ?? EmitCorpus.cases()
        let driver = Driver.of(language)
        try driver.skipUnlessInstalled()
        let dir = try Tool.temporaryDirectory(language.rawValue)
        defer { try? FileManager.default.removeItem(at: dir) }

        var input = ""
        for (k, c) in corpus.enumerated() {
            let code = try c.program.emit(EmitOptions(language: language, name: "p\(k)", toolVersion: "test"))
            try code.write(to: dir.appendingPathComponent("p\(k).\(driver.fileExtension)"), atomically: true, encoding: .utf8)
            for point in c.points { input += "\(k)" + point.map { " \($0)" }.joined() + "\n" }
        }
        let arities = corpus.map { $0.program.inputs.count }
        try driver.main(arities).write(to: dir.appendingPathComponent(driver.mainFile), atomically: true, encoding: .utf8)
        for command in driver.build(corpus.indices.map { "p\($0).\(driver.fileExtension)" }) {
            let r = try Tool.run(command[0], Array(command.dropFirst()), in: dir)
            XCTAssertEqual(r.status, 0, "\(command.joined(separator: " ")) failed:\n\(r.errors)\(r.output)", file: file, line: line)
            XCTAssertEqual(r.errors, "", "warnings from \(command[0]):\n\(r.errors)", file: file, line: line)
            if r.status != 0 { return }
        }
        let run = try Tool.run(driver.run[0], Array(driver.run.dropFirst()), in: dir, input: input)
        XCTAssertEqual(run.status, 0, run.errors, file: file, line: line)
        let outputs = run.output.split(separator: "\n")

        // The reference: the interpreter evaluating the graphs the code is emitted from (the
        // function and the gradient, simplified), so the emitted code is compared with exactly
        // the operations it performs.
        var row = 0
        for c in corpus {
            let p = c.program
            let function = p.graph.simplified()
            let gradient = Derivatives.gradient(p.graph, wrt: Array(p.inputs.indices), mode: .reverse).simplified()
            for point in c.points {
                defer { row += 1 }
                guard row < outputs.count else {
                    XCTFail("\(language): no output for \(c.name)", file: file, line: line)
                    return
                }
                let got = outputs[row].split(separator: " ").compactMap(parseNumber)
                let expected = Evaluator.evaluate(function, inputs: point).outputs + Evaluator.evaluate(gradient, inputs: point).outputs
                guard got.count == expected.count else {
                    XCTFail("\(language) \(c.name): \(got.count) numbers, expected \(expected.count)", file: file, line: line)
                    continue
                }
                // JavaScript's Math may round differently by an ulp, which can flip a comparison
                // right at a kink; such points are skipped, never the tolerance loosened.
                if !exact, p.graph.nearKink(try p.evaluate(at: point).values) { continue }
                for (i, (g, e)) in zip(got, expected).enumerated() {
                    let what = i == 0 ? "f" : i == 1 ? "f_grad value" : "d/d\(p.inputs[i - 2])"
                    let same = exact ? g.bitPattern == e.bitPattern || (g.isNaN && e.isNaN) : close(g, e, 1e-12)
                    XCTAssert(same, "\(language) \(c.name) \(what) at \(point): \(g), the interpreter gives \(e)\n\(c.text)",
                              file: file, line: line)
                }
            }
        }
    }
}

extension CodeLanguage {
    /// Whether the emitted code calls the interpreter's C library for every operation, and so must
    /// agree with it bit for bit (JavaScript has its own Math, NumPy its own vectorized functions).
    var bitForBit: Bool { self != .javascript && self != .numpy }
}

/// How to build and run the emitted code of one language: a driver program calling `pK` and
/// `pK_grad` for each line `k x1 … xn` of its input and printing the results.
struct Driver: Sendable {
    let tool: String
    let fileExtension: String
    let mainFile: String
    /// The driver's source, given the number of inputs of each program.
    let main: @Sendable ([Int]) -> String
    /// The build commands, given the emitted files.
    let build: @Sendable ([String]) -> [[String]]
    let run: [String]
    /// A command that must succeed for the language to be there (`python3 -c 'import numpy'`).
    var probe: [String]? = nil

    /// Skips the test when the tool, or what `probe` checks, is missing.
    func skipUnlessInstalled() throws {
        guard Tool.find(tool) != nil else { throw XCTSkip("\(tool) is not installed") }
        if let probe, try Tool.run(probe[0], Array(probe.dropFirst()), in: FileManager.default.temporaryDirectory).status != 0 {
            throw XCTSkip("'\(probe.joined(separator: " "))' fails")
        }
    }

    static func of(_ language: CodeLanguage) -> Driver {
        switch language {
        case .c: return c
        case .swift: return swift
        case .python: return python
        case .javascript: return javascript
        case .numpy: return numpy
        }
    }

    static let c = Driver(
        tool: "cc", fileExtension: "c", mainFile: "main.c",
        main: { arities in
            var s = "#include <stdio.h>\n"
            for (k, n) in arities.enumerated() {
                let xs = Array(repeating: "double", count: n)
                s += "double p\(k)(\(n == 0 ? "void" : xs.joined(separator: ", ")));\n"
                s += "double p\(k)_grad(\(n == 0 ? "void" : (xs + ["double *"]).joined(separator: ", ")));\n"
            }
            s += """
                static const int arity[] = {\(arities.map(String.init).joined(separator: ", "))};
                int main(void)
                {
                    int k, i;
                    double x[64], g[64], f, v;
                    while (scanf("%d", &k) == 1) {
                        for (i = 0; i < arity[k]; i++) if (scanf("%lf", &x[i]) != 1) return 1;
                        switch (k) {

                """
            for (k, n) in arities.enumerated() {
                let args = (0..<n).map { "x[\($0)]" }
                s += "        case \(k): f = p\(k)(\(args.joined(separator: ", "))); v = p\(k)_grad(\((args + (n > 0 ? ["g"] : [])).joined(separator: ", "))); break;\n"
            }
            s += """
                        default: return 1;
                        }
                        printf("%.17g %.17g", f, v);
                        for (i = 0; i < arity[k]; i++) printf(" %.17g", g[i]);
                        printf("\\n");
                    }
                    return 0;
                }

                """
            return s
        },
        build: { files in [["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2", "-o", "run"] + files + ["main.c", "-lm"]] },
        run: ["./run"])

    static let swift = Driver(
        tool: "swiftc", fileExtension: "swift", mainFile: "main.swift",
        main: { arities in
            var s = """
                while let line = readLine() {
                    let parts = line.split(separator: " ")
                    let x = parts.dropFirst().map { Double($0)! }
                    var out: [Double] = []
                    switch Int(parts[0])! {

                """
            for (k, n) in arities.enumerated() {
                let args = (0..<n).map { "x[\($0)]" }.joined(separator: ", ")
                s += "    case \(k): let r = p\(k)Gradient(\(args)); out = [p\(k)(\(args)), r.value] + r.gradient\n"
            }
            s += """
                    default: fatalError()
                    }
                    print(out.map { "\\($0)" }.joined(separator: " "))
                }

                """
            return s
        },
        build: { files in [["swiftc", "-O", "-warnings-as-errors", "-o", "run"] + files + ["main.swift"]] },
        run: ["./run"])

    static let python = Driver(
        tool: "python3", fileExtension: "py", mainFile: "main.py",
        main: { arities in
            var s = "import sys\n"
            for k in arities.indices { s += "import p\(k)\n" }
            s += "functions = [" + arities.indices.map { "(p\($0).p\($0), p\($0).p\($0)_grad)" }.joined(separator: ", ") + "]\n"
            s += """
                for line in sys.stdin:
                    k, *xs = line.split()
                    f, grad = functions[int(k)]
                    xs = [float(s) for s in xs]
                    v, g = grad(*xs)
                    print(" ".join(repr(t) for t in (f(*xs), v, *g)))

                """
            return s
        },
        build: { files in [["python3", "-W", "error", "-m", "py_compile"] + files + ["main.py"]] },
        run: ["python3", "-W", "error", "main.py"])

    /// NumPy: each program called once over the arrays of all its points (one array per input),
    /// and once per point with floats; the two must agree bit for bit (NaN with NaN), and the
    /// array call's numbers are printed, a line per point. Warnings are errors: the code runs
    /// under np.errstate, so 1/0 is inf without one.
    static let numpy = Driver(
        tool: "python3", fileExtension: "py", mainFile: "main.py",
        main: { arities in
            var s = "import sys\nimport numpy as np\n"
            for k in arities.indices { s += "import p\(k)\n" }
            s += "functions = [" + arities.indices.map { "(p\($0).p\($0), p\($0).p\($0)_grad)" }.joined(separator: ", ") + "]\n"
            s += """
                rows = [(int(k), [float(t) for t in xs]) for k, *xs in (line.split() for line in sys.stdin)]


                def numbers(f, grad, xs):
                    v, g = grad(*xs)
                    return np.array([np.broadcast_to(t, np.shape(v)) for t in (f(*xs), v, *g)])


                def same(a, b):
                    return a.shape == b.shape and bool(np.all((a == b) & (np.signbit(a) == np.signbit(b)) | (np.isnan(a) & np.isnan(b))))


                out = [None] * len(rows)
                for k, (f, grad) in enumerate(functions):
                    lines = [i for i, (j, _) in enumerate(rows) if j == k]
                    if not lines:
                        continue
                    points = np.array([rows[i][1] for i in lines]).reshape(len(lines), -1)
                    together = numbers(f, grad, list(points.T))
                    for n, i in enumerate(lines):
                        xs = rows[i][1]
                        v, g = grad(*xs)
                        if not all(isinstance(t, float) for t in (f(*xs), v, *g)):
                            sys.exit("p%d: a point of floats gave %r" % (k, (f(*xs), v, g)))
                        alone = numbers(f, grad, xs)
                        column = together if together.ndim == 1 else together[:, n]
                        if not same(alone, column):
                            sys.exit("p%d at %r: %r one by one, %r over arrays" % (k, rows[i][1], alone, column))
                        out[i] = " ".join(repr(float(t)) for t in column)
                print("\\n".join(out))

                """
            return s
        },
        build: { files in [["python3", "-W", "error", "-m", "py_compile"] + files + ["main.py"]] },
        run: ["python3", "-W", "error", "main.py"],
        probe: ["python3", "-c", "import numpy"])

    static let javascript = Driver(
        tool: "node", fileExtension: "mjs", mainFile: "main.mjs",
        main: { arities in
            var s = "import { readFileSync } from \"node:fs\";\n"
            for k in arities.indices { s += "import { p\(k), p\(k)Gradient } from \"./p\(k).mjs\";\n" }
            s += "const functions = [" + arities.indices.map { "[p\($0), p\($0)Gradient]" }.joined(separator: ", ") + "];\n"
            s += """
                const out = [];
                for (const line of readFileSync(0, "utf8").split("\\n")) {
                  if (line === "") continue;
                  const [k, ...rest] = line.split(" ");
                  const xs = rest.map((s) => (s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s)));
                  const [f, grad] = functions[Number(k)];
                  const g = new Float64Array(xs.length);
                  const v = grad(...xs, g);
                  out.push([f(...xs), v, ...g].map(String).join(" "));
                }
                console.log(out.join("\\n"));

                """
            return s
        },
        build: { _ in [] },  // node parses every module when it runs the driver
        run: ["node", "main.mjs"])
}
