@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// Every emitted function and calling convention, compiled and called in each language:
/// `_jvp` (forward mode), several outputs with `f_jac` (reverse and forward), array inputs and
/// input groups (Swift and JavaScript: `fJVP`, `fJacobian`, docs/EMIT.md), with the errors of Swift
/// and JavaScript.
/// Each driver prints every number it gets back, flattened in the documented order, and they
/// must equal the interpreter's (1e-12; C, Swift and Python bit for bit).
final class EmitConventionTests: XCTestCase {
    /// One output (f) and two (u, w), both in x and y.
    static let single = "a = x*y; f = sin(a) + y^2"
    static let several = "u = x*y + exp(x); v = sin(x) - y^3; w = u*v"
    static let point = [0.7, -1.3]
    static let direction = [0.3, 0.9]

    /// One emitted file: its name, program, outputs, mode, array inputs, input groups and the
    /// groups differentiated.
    struct Variant {
        let name: String, text: String, outputs: [String]?, mode: Mode, array: Bool
        var groups: [InputGroup] = []
        var wrt: [String]? = nil
    }

    static let variants = [
        Variant(name: "v0", text: single, outputs: nil, mode: .forward, array: false),
        Variant(name: "v1", text: several, outputs: ["u", "w"], mode: .reverse, array: false),
        Variant(name: "v2", text: several, outputs: ["u", "w"], mode: .forward, array: false),
        Variant(name: "v3", text: single, outputs: nil, mode: .reverse, array: true),
        Variant(name: "v4", text: several, outputs: ["u", "w"], mode: .forward, array: true),
        // Groups: q = [y] before p = [x], a part of the gradient each; p = [x] with y in no group
        // (only read), a Jacobian and a direction for p; and only q of two groups differentiated.
        Variant(name: "v5", text: single, outputs: nil, mode: .reverse, array: false,
                groups: [InputGroup("q", ["y"]), InputGroup("p", ["x"])]),
        Variant(name: "v6", text: several, outputs: ["u", "w"], mode: .forward, array: false, groups: [InputGroup("p", ["x"])]),
        Variant(name: "v7", text: single, outputs: nil, mode: .reverse, array: false,
                groups: [InputGroup("p", ["x"]), InputGroup("q", ["y"])], wrt: ["q"]),
        // The Jacobian's columns split by group: jac_q = [du/dy, dw/dy], jac_p = [du/dx, dw/dx].
        Variant(name: "v8", text: several, outputs: ["u", "w"], mode: .reverse, array: false,
                groups: [InputGroup("q", ["y"]), InputGroup("p", ["x"])]),
    ]

    /// The numbers each driver prints, in order, as the interpreter computes them from the
    /// graphs the code is emitted from.
    static func expected() throws -> [Double] {
        let p1 = try Program(parsing: single)
        let p2 = try Program(parsing: several, outputs: ["u", "w"])
        func eval(_ g: Graph, _ x: [Double]) -> [Double] { Evaluator.evaluate(g.simplified(), inputs: x).outputs }
        func grad(_ mode: Mode) -> [Double] { eval(Derivatives.gradient(p1.graph, wrt: [0, 1], mode: mode), point) }
        func jac(_ mode: Mode) -> [Double] { eval(Derivatives.jacobian(p2.graph, wrt: [0, 1], mode: mode), point) }
        let f = eval(p1.graph, point)
        let jvp1 = eval(Derivatives.jvp(p1.graph, wrt: [0, 1]), point + direction)
        let values = eval(p2.graph, point)
        let jvp2 = eval(Derivatives.jvp(p2.graph, wrt: [0, 1]), point + direction)
        // With groups, deriv's own derivatives in the groups' order: v5's inputs are y, x.
        let yx = try Program(parsing: single, wrt: ["y", "x"])
        let swapped = [point[1], point[0]]
        let gradYX = eval(Derivatives.gradient(yx.graph, wrt: [0, 1], mode: .reverse), swapped)
        let severalYX = try Program(parsing: several, wrt: ["y", "x"], outputs: ["u", "w"])
        let jacYX = eval(Derivatives.jacobian(severalYX.graph, wrt: [0, 1], mode: .reverse), swapped)
        return f + grad(.forward) + jvp1             // v0: f, f_grad, f_jvp
            + values + jac(.reverse)                 // v1: f, f_jac
            + values + jac(.forward) + jvp2          // v2: f, f_jac, f_jvp
            + f + grad(.reverse)                     // v3: f, f_grad (arrays)
            + values + jac(.forward) + jvp2          // v4: f, f_jac, f_jvp (arrays)
            + f + gradYX                             // v5: f, f_grad (grad_q, grad_p)
            + values + eval(Derivatives.jacobian(p2.graph, wrt: [0], mode: .forward), point)
            + eval(Derivatives.jvp(p2.graph, wrt: [0]), point + [direction[0]])   // v6: f, f_jac (jac_p), f_jvp (d_p)
            + f + eval(Derivatives.gradient(p1.graph, wrt: [1], mode: .reverse), point)   // v7: f, f_grad (grad_q)
            + values + values + [jacYX[2], jacYX[4], jacYX[3], jacYX[5]]   // v8: f, f_jac (jac_q, jac_p)
    }

    func testC() throws { try check(.c, main: Self.cMain, exact: true) }
    func testSwift() throws { try check(.swift, main: Self.swiftMain, exact: true) }
    func testPython() throws { try check(.python, main: Self.pythonMain, exact: true) }
    func testJavaScript() throws { try check(.javascript, main: Self.javascriptMain, exact: false) }
    func testNumPy() throws { try check(.numpy, main: Self.numpyMain, exact: false) }

    func check(_ language: CodeLanguage, main: String, exact: Bool) throws {
        let driver = Driver.of(language)
        try driver.skipUnlessInstalled()
        let dir = try Tool.temporaryDirectory("conventions-\(language.rawValue)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for v in Self.variants {
            let p = try Program(parsing: v.text, outputs: v.outputs)
            let code = try p.emit(EmitOptions(language: language, name: v.name, mode: v.mode, wrt: v.wrt, arrayInputs: v.array,
                                              groups: v.groups, toolVersion: "test"))
            files.append("\(v.name).\(driver.fileExtension)")
            try code.write(to: dir.appendingPathComponent(files.last!), atomically: true, encoding: .utf8)
        }
        try main.write(to: dir.appendingPathComponent(driver.mainFile), atomically: true, encoding: .utf8)
        for command in driver.build(files) {
            let r = try Tool.run(command[0], Array(command.dropFirst()), in: dir)
            XCTAssertEqual(r.status, 0, "\(command.joined(separator: " ")):\n\(r.errors)\(r.output)")
            XCTAssertEqual(r.errors, "")
            if r.status != 0 { return }
        }
        let run = try Tool.run(driver.run[0], Array(driver.run.dropFirst()), in: dir)
        XCTAssertEqual(run.status, 0, run.errors)
        let got = run.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap(parseNumber)
        let expected = try Self.expected()
        XCTAssertEqual(got.count, expected.count, run.output)
        for (i, (g, e)) in zip(got, expected).enumerated() {
            XCTAssert(exact ? g.bitPattern == e.bitPattern : close(g, e, 1e-12), "\(language) number \(i): \(g) vs \(e)")
        }
    }

    static let cMain = """
        #include <stdio.h>
        double v0(double, double);
        double v0_grad(double, double, double *);
        double v0_jvp(double, double, double, double, double *);
        void v1(double, double, double *);
        void v1_jac(double, double, double *, double *);
        void v2(double, double, double *);
        void v2_jac(double, double, double *, double *);
        void v2_jvp(double, double, double, double, double *, double *);
        double v3(const double *);
        double v3_grad(const double *, double *);
        void v4(const double *, double *);
        void v4_jac(const double *, double *, double *);
        void v4_jvp(const double *, const double *, double *, double *);
        double v5(const double *, const double *);
        double v5_grad(const double *, const double *, double *, double *);
        void v6(const double *, double, double *);
        void v6_jac(const double *, double, double *, double *);
        void v6_jvp(const double *, double, const double *, double *, double *);
        double v7(const double *, const double *);
        double v7_grad(const double *, const double *, double *);
        void v8(const double *, const double *, double *);
        void v8_jac(const double *, const double *, double *, double *, double *);
        static void show(const double *v, int n) { for (int i = 0; i < n; i++) printf("%.17g ", v[i]); }
        int main(void)
        {
            const double x[2] = {0.7, -1.3}, d[2] = {0.3, 0.9};
            double a[2], b[2], j[4], g[2], s;
            s = v0(x[0], x[1]); show(&s, 1);
            s = v0_grad(x[0], x[1], g); show(&s, 1); show(g, 2);
            s = v0_jvp(x[0], x[1], d[0], d[1], &a[0]); show(&s, 1); show(a, 1);
            v1(x[0], x[1], a); show(a, 2);
            v1_jac(x[0], x[1], a, j); show(a, 2); show(j, 4);
            v2(x[0], x[1], a); show(a, 2);
            v2_jac(x[0], x[1], a, j); show(a, 2); show(j, 4);
            v2_jvp(x[0], x[1], d[0], d[1], a, b); show(a, 2); show(b, 2);
            s = v3(x); show(&s, 1);
            s = v3_grad(x, g); show(&s, 1); show(g, 2);
            v4(x, a); show(a, 2);
            v4_jac(x, a, j); show(a, 2); show(j, 4);
            v4_jvp(x, d, a, b); show(a, 2); show(b, 2);
            s = v5(&x[1], &x[0]); show(&s, 1);
            s = v5_grad(&x[1], &x[0], &g[0], &g[1]); show(&s, 1); show(g, 2);
            v6(&x[0], x[1], a); show(a, 2);
            v6_jac(&x[0], x[1], a, j); show(a, 2); show(j, 2);
            v6_jvp(&x[0], x[1], &d[0], a, b); show(a, 2); show(b, 2);
            s = v7(&x[0], &x[1]); show(&s, 1);
            s = v7_grad(&x[0], &x[1], g); show(&s, 1); show(g, 1);
            v8(&x[1], &x[0], a); show(a, 2);
            v8_jac(&x[1], &x[0], a, j, b); show(a, 2); show(j, 2); show(b, 2);
            printf("\\n");
            return 0;
        }

        """

    static let swiftMain = """
        func flat(_ v: Any) -> [Double] {
            if let d = v as? Double { return [d] }
            if let a = v as? [Double] { return a }
            return Mirror(reflecting: v).children.flatMap { flat($0.value) }
        }
        let x = [0.7, -1.3], d = [0.3, 0.9]
        var out: [Double] = []
        out += flat(v0(x[0], x[1])) + flat(v0Gradient(x[0], x[1])) + flat(v0JVP(x[0], x[1], d[0], d[1]))
        out += flat(v1(x[0], x[1])) + flat(v1Jacobian(x[0], x[1]))
        out += flat(v2(x[0], x[1])) + flat(v2Jacobian(x[0], x[1])) + flat(v2JVP(x[0], x[1], d[0], d[1]))
        out += try [v3(x)] + flat(v3Gradient(x))
        out += try v4(x) + flat(v4Jacobian(x)) + flat(v4JVP(x, d))
        out += try [v5([x[1]], [x[0]])] + flat(v5Gradient([x[1]], [x[0]]))
        out += try v6([x[0]], x[1]) + flat(v6Jacobian([x[0]], x[1])) + flat(v6JVP([x[0]], x[1], [d[0]]))
        out += try [v7([x[0]], [x[1]])] + flat(v7Gradient([x[0]], [x[1]]))
        out += try v8([x[1]], [x[0]]) + flat(v8Jacobian([x[1]], [x[0]]))
        do { _ = try v5Gradient([], [1.0]); fatalError("no error") } catch let e as V5SizeError {
            precondition(e.description == "v5Gradient: q has 0 entries, not 1", e.description)
        }
        // An array of the wrong length throws the file's error, with a message.
        do { _ = try v3Gradient([1.0]); fatalError("no error") } catch let e as V3SizeError {
            precondition(e.description == "v3Gradient: inputs has 1 entries, not 2", e.description)
        }
        do { _ = try v4JVP(x, [1.0, 2.0, 3.0]); fatalError("no error") } catch {
            precondition(error.localizedDescription == "v4JVP: directions has 3 entries, not 2", "\\(error)")
        }
        print(out.map { "\\($0)" }.joined(separator: " "))

        """

    static let pythonMain = """
        from v0 import v0, v0_grad, v0_jvp
        from v1 import v1, v1_jac
        from v2 import v2, v2_jac, v2_jvp
        from v3 import v3, v3_grad
        from v4 import v4, v4_jac, v4_jvp
        from v5 import v5, v5_grad
        from v6 import v6, v6_jac, v6_jvp
        from v7 import v7, v7_grad
        from v8 import v8, v8_jac

        def flat(v):
            return [t for item in v for t in flat(item)] if isinstance(v, tuple) else [v]

        x, d = [0.7, -1.3], [0.3, 0.9]
        out = flat((v0(*x), v0_grad(*x), v0_jvp(*x, *d), v1(*x), v1_jac(*x), v2(*x), v2_jac(*x),
                    v2_jvp(*x, *d), v3(x), v3_grad(x), v4(x), v4_jac(x), v4_jvp(x, d),
                    v5(x[1:], x[:1]), v5_grad(x[1:], x[:1]), v6(x[:1], x[1]), v6_jac(x[:1], x[1]),
                    v6_jvp(x[:1], x[1], d[:1]), v7(x[:1], x[1:]), v7_grad(x[:1], x[1:]),
                    v8(x[1:], x[:1]), v8_jac(x[1:], x[:1])))
        print(" ".join(repr(t) for t in out))

        """

    /// The Python driver's calls, at a point of floats (each result a float) and over arrays of
    /// three copies of the point (each number an array of three equal entries; `--array`: one
    /// array whose first axis runs over the inputs). The floats' numbers are printed.
    static let numpyMain = """
        import numpy as np
        from v0 import v0, v0_grad, v0_jvp
        from v1 import v1, v1_jac
        from v2 import v2, v2_jac, v2_jvp
        from v3 import v3, v3_grad
        from v4 import v4, v4_jac, v4_jvp
        from v5 import v5, v5_grad
        from v6 import v6, v6_jac, v6_jvp
        from v7 import v7, v7_grad
        from v8 import v8, v8_jac

        def flat(v):
            return [t for item in v for t in flat(item)] if isinstance(v, tuple) else list(np.ravel(v))

        def results(x, d, a, e):
            return (v0(*x), v0_grad(*x), v0_jvp(*x, *d), v1(*x), v1_jac(*x), v2(*x), v2_jac(*x),
                    v2_jvp(*x, *d), v3(a), v3_grad(a), v4(a), v4_jac(a), v4_jvp(a, e),
                    v5(a[1:], a[:1]), v5_grad(a[1:], a[:1]), v6(a[:1], x[1]), v6_jac(a[:1], x[1]),
                    v6_jvp(a[:1], x[1], e[:1]), v7(a[:1], a[1:]), v7_grad(a[:1], a[1:]),
                    v8(a[1:], a[:1]), v8_jac(a[1:], a[:1]))

        x, d = [0.7, -1.3], [0.3, 0.9]
        one = flat(results(x, d, x, d))
        x3, d3 = [np.full(3, t) for t in x], [np.full(3, t) for t in d]
        three = flat(results(x3, d3, np.array(x3), np.array(d3)))
        assert three == [t for t in one for _ in range(3)], (one, three)
        assert v3_grad(x)[1].shape == (2,) and v3_grad(np.array(x3))[1].shape == (2, 3)
        print(" ".join(repr(float(t)) for t in one))

        """

    static let javascriptMain = """
        import { v0, v0Gradient, v0JVP } from "./v0.mjs";
        import { v1, v1Jacobian } from "./v1.mjs";
        import { v2, v2Jacobian, v2JVP } from "./v2.mjs";
        import { v3, v3Gradient } from "./v3.mjs";
        import { v4, v4Jacobian, v4JVP } from "./v4.mjs";
        import { v5, v5Gradient } from "./v5.mjs";
        import { v6, v6Jacobian, v6JVP } from "./v6.mjs";
        import { v7, v7Gradient } from "./v7.mjs";
        import { v8, v8Jacobian } from "./v8.mjs";
        const x = [0.7, -1.3], d = [0.3, 0.9];
        const a = new Float64Array(2), b = new Float64Array(2), j = new Float64Array(4), g = new Float64Array(2);
        const out = [v0(...x)];
        out.push(v0Gradient(...x, g), ...g);
        out.push(v0JVP(...x, ...d, a), a[0]);
        v1(...x, a); out.push(...a);
        v1Jacobian(...x, a, j); out.push(...a, ...j);
        v2(...x, a); out.push(...a);
        v2Jacobian(...x, a, j); out.push(...a, ...j);
        v2JVP(...x, ...d, a, b); out.push(...a, ...b);
        out.push(v3(x), v3Gradient(x, g), ...g);
        v4(x, a); out.push(...a);
        v4Jacobian(x, a, j); out.push(...a, ...j);
        v4JVP(x, d, a, b); out.push(...a, ...b);
        const g1 = new Float64Array(1), g2 = new Float64Array(1), j2 = new Float64Array(2);
        out.push(v5([x[1]], [x[0]]), v5Gradient([x[1]], [x[0]], g1, g2), g1[0], g2[0]);
        v6([x[0]], x[1], a); out.push(...a);
        v6Jacobian([x[0]], x[1], a, j2); out.push(...a, ...j2);
        v6JVP([x[0]], x[1], [d[0]], a, b); out.push(...a, ...b);
        out.push(v7([x[0]], [x[1]]), v7Gradient([x[0]], [x[1]], g1), g1[0]);
        v8([x[1]], [x[0]], a); out.push(...a);
        const j3 = new Float64Array(2);
        v8Jacobian([x[1]], [x[0]], a, j2, j3); out.push(...a, ...j2, ...j3);
        // What is not a number, and an array of the wrong length, throw (never a NaN).
        const throws = (f, kind, message) => {
          try { f(); } catch (e) { if (e instanceof kind && (message === null || e.message === message)) return; throw e; }
          throw new Error("no error: " + message);
        };
        throws(() => v0("1", 2), TypeError, "v0: x must be a number, not string");
        throws(() => v0Gradient(1, undefined, g), TypeError, "v0Gradient: y must be a number, not undefined");
        throws(() => v0Gradient(1, 2, new Float64Array(1)), RangeError, "v0Gradient: grad has 1 entries, fewer than 2");
        throws(() => v3Gradient([1], g), RangeError, "v3Gradient: inputs has 1 entries, not 2");
        throws(() => v3([1, null]), TypeError, "v3: inputs[1] must be a number, not null");
        throws(() => v4(x, 5), TypeError, "v4: values must be an array (an Array or a Float64Array)");
        throws(() => v4(x, null), TypeError, null);
        throws(() => v4Jacobian(x, a, [1, 2, 3]), RangeError, "v4Jacobian: jac has 3 entries, fewer than 4");
        throws(() => v5Gradient([1, 2], [x[0]], g1, g2), RangeError, "v5Gradient: q has 2 entries, not 1");
        throws(() => v7Gradient([x[0]], [x[1]], []), RangeError, "v7Gradient: grad_q has 0 entries, fewer than 1");
        console.log(out.map(String).join(" "));

        """
}
