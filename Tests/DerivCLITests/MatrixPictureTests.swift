import Foundation
import XCTest

/// `deriv graph --format svg|dot` and `graph --json` of vector and matrix programs
/// (docs/PICTURES.md, "Vector and matrix programs"): golden files for the notes' network in
/// matrix form and CS231n's matrix-product gate, and every SVG (these and the scalar examples')
/// drawn in headless Chromium and measured: no two boxes overlap, every edge starts at a box's
/// right side and ends at a box's left side, every line of text fits its box.
final class MatrixPictureTests: XCTestCase {
    /// (name, program arguments, point).
    static let examples: [(name: String, program: [String], at: String)] = [
        ("matrix-network", ["-f", "grammar/examples/matrix_network.deriv"],
         "W1=[[0.15,0.20],[0.25,0.30]],W2=[[0.40,0.45],[0.50,0.55]],b1=0.35,b2=0.60"),
        ("matmul-gate", ["W: matrix(2, 2); x: vector(2); y = W*x; L = 0.5*sum(y.^2)"], "W=[[1,2],[3,4]],x=[1,-1]"),
    ]

    private func run(_ arguments: [String]) -> CapturedRun {
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(PictureTests.root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return CapturedRun(arguments)
    }

    /// Each example's SVG, DOT and JSON, of the function and of the gradient graph.
    static let variants: [(suffix: String, options: @Sendable (String) -> [String])] = [
        (".svg", { _ in ["--format", "svg"] }),
        ("-at.svg", { ["--format", "svg", "--at", $0] }),
        ("-grad.svg", { ["--format", "svg", "--at", $0, "--grad"] }),
        (".dot", { _ in ["--format", "dot"] }),
        ("-grad.dot", { ["--format", "dot", "--at", $0, "--grad"] }),
        (".json", { ["--json", "--at", $0] }),
        ("-grad.json", { ["--json", "--at", $0, "--grad"] }),
    ]

    func testGoldens() {
        for (name, program, at) in MatrixPictureTests.examples {
            for (suffix, options) in MatrixPictureTests.variants {
                let r = run(["graph"] + program + options(at))
                XCTAssertEqual(r.status, 0, "\(name)\(suffix): \(r.err)")
                XCTAssertEqual(r.err, "", "\(name)\(suffix)")
                assertGolden(r.out, "pictures/\(name)\(suffix)")
            }
        }
    }

    func testBoxesShowOperationShapeAndValue() {
        let (_, program, at) = MatrixPictureTests.examples[1]
        let svg = run(["graph"] + program + ["--format", "svg", "--at", at]).out
        for text in [">W  2×2</text>", ">y = W*x  2×1</text>", ">L = 0.5 * t2  1×1</text>", ">value [-1, -1]</text>",
                     ">value 1</text>", "<title>L(W 2×2, x 2×1)</title>"] {
            XCTAssertTrue(svg.contains(text), text)
        }
        // A matrix a row a line, its columns aligned with non-breaking spaces.
        XCTAssertTrue(svg.contains(">value [[1, 2],</text>") && svg.contains(">\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}[3, 4]]</text>"), svg)
        XCTAssertFalse(run(["graph"] + program + ["--format", "svg"]).out.contains("class=\"value\""), "numbers only with --at")
    }

    /// The gradient graph shows the matrix rules: W̄ = ȳ·xᵀ and x̄ = Wᵀ·ȳ, the reverse sweep's
    /// boxes in the derivative colour, its adjoints equal to `grad`'s.
    func testGradientGraphIsTheMatrixRules() throws {
        let (_, program, at) = MatrixPictureTests.examples[1]
        let svg = run(["graph"] + program + ["--format", "svg", "--grad"]).out
        for text in ["class=\"derivative\"", ">t4 = x'  1×2</text>", ">W̄ = ȳ*t4  2×2  (output dL/dW)</text>",
                     ">t5 = W'  2×2</text>", ">x̄ = t5*ȳ  2×1  (output dL/dx)</text>"] {
            XCTAssertTrue(svg.contains(text), text)
        }
        let json = try JSONSerialization.jsonObject(with: Data(run(["graph"] + program + ["--json", "--at", at, "--grad"]).out.utf8))
        let nodes = try XCTUnwrap((json as? [String: Any])?["nodes"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: nodes.map { ($0["name"] as! String, $0) })
        // y = W*x = [-1, -1], ȳ = y; W̄ = ȳ·xᵀ, x̄ = Wᵀ·ȳ.
        XCTAssertEqual(byName["W̄"]?["value"] as? [[Double]], [[-1, 1], [-1, 1]])
        XCTAssertEqual(byName["x̄"]?["value"] as? [Double], [-4, -6])
        XCTAssertEqual(byName["W̄"]?["shape"] as? [Int], [2, 2])
        XCTAssertEqual(byName["W̄"]?["sweep"] as? Bool, true)
        XCTAssertEqual(byName["y"]?["sweep"] as? Bool, false)
        let grad = run(["grad"] + program + ["--at", at, "--json"]).out
        XCTAssertEqual(grad, "{\"value\": 1, \"gradient\": {\"W\": [[-1, 1], [-1, 1]], \"x\": [-4, -6]}}\n")
    }

    /// `graph --json` keeps the keys of a program of scalars and adds each node's shape; at a
    /// point each node's adjoint, in its shape.
    func testJSONKeysExtendTheScalarOnes() throws {
        let (_, program, at) = MatrixPictureTests.examples[1]
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run(["graph"] + program + ["--json", "--at", at]).out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["inputs", "outputs", "nodes", "outputNodes"])
        let nodes = try XCTUnwrap(json["nodes"] as? [[String: Any]])
        XCTAssertEqual(Set(nodes[0].keys), ["name", "op", "args", "formula", "shape", "value", "adjoint"])
        let w = try XCTUnwrap(nodes.first { $0["name"] as? String == "W" })
        XCTAssertEqual((w["adjoint"] as? [String: Any])?["L"] as? [[Double]], [[-1, 1], [-1, 1]])
        let y = try XCTUnwrap(nodes.first { $0["name"] as? String == "y" })
        XCTAssertEqual(y["op"] as? String, "matmul")
        XCTAssertEqual(y["args"] as? [String], ["W", "x"])
        XCTAssertEqual(y["formula"] as? String, "W*x")
    }

    func testLargeValuesAreSummarized() {
        let r = run(["graph", "x: vector(n); A: matrix(m, n); sum(tanh(A*x))", "--format", "svg",
                     "--at", "x=[1,2,3,4,5,6,7],A=" + largeMatrix(2, 7)])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(">value [1, 2, 3, …] (7×1, norm 11.8322)</text>"), r.out)
        XCTAssertTrue(r.out.contains(">value [[1, 2, 3, …], …] (2×7, norm "), r.out)
    }

    private func largeMatrix(_ m: Int, _ n: Int) -> String {
        "[" + (0..<m).map { i in "[" + (0..<n).map { String(i * n + $0 + 1) }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    // MARK: The page of trace

    func testTracePageGolden() {
        let (_, program, at) = MatrixPictureTests.examples[1]
        let page = run(["trace"] + program + ["--at", at, "--format", "html"])
        XCTAssertEqual(page.status, 0, page.err)
        XCTAssertTrue(page.out.contains("\"say\":\"reverse sweep for L: W̄ += ȳ·xᵀ = [[-1, 1], [-1, 1]]\""), page.out)
        assertGolden(page.out, "pictures/matmul-gate.html")
    }

    /// Steps through each example's page with the arrow keys (`#autotest`): every step highlights
    /// its row, and at the end each input's box shows its adjoint as `grad` gives it.
    func testStepThroughTheReverseSweepInChromium() throws {
        guard let chromium = PictureTests.chromium() else {
            throw XCTSkip("chromium is not installed: the browser tests need Debian's chromium package (CI installs it)")
        }
        let ends = [
            "matrix-network": ["W̄1 = [[0.000438568, 0.000877135],", "W̄2 = [[&nbsp;&nbsp;0.082167, &nbsp;0.0826676],", "b̄1 = 0.0187256", "b̄2 = 0.1004"],
            "matmul-gate": ["W̄ = [[-1, 1],", "x̄ = [-4, -6]"],
        ]
        for (name, program, at) in MatrixPictureTests.examples {
            let page = run(["trace"] + program + ["--at", at, "--format", "html"])
            XCTAssertEqual(page.status, 0, page.err)
            let file = try temporaryFile(page.out, name: "\(name).html")
            let dom = try PictureTests.dumpDOM(chromium, "file://" + file + "#autotest")
            let log = try XCTUnwrap(PictureTests.testLog(dom), "\(name): no test log")
            var steps = 0
            for line in log where Int(line[1]) != nil {
                XCTAssertEqual(Int(line[1]), steps, "\(name): → goes forward one step")
                XCTAssertEqual(line[2], "row", "\(name): the step's row is highlighted")
                steps += 1
            }
            XCTAssertGreaterThan(steps, 5, name)
            let shown = log.filter { $0[1] == "end" && $0.count > 3 }.map { $0[3] }
            for text in ends[name]! { XCTAssertTrue(shown.contains(text), "\(name): \(text) in \(shown)") }
        }
    }

    // MARK: In Chromium

    /// Every picture of both suites, drawn by Chromium and measured (see the class comment).
    func testPicturesDrawCleanlyInChromium() throws {
        guard let chromium = PictureTests.chromium() else {
            throw XCTSkip("chromium is not installed: the browser tests need Debian's chromium package (CI installs it)")
        }
        var pictures: [(String, String)] = []
        for (name, program, at) in MatrixPictureTests.examples + PictureTests.examples {
            pictures.append((name, run(["graph"] + program + ["--format", "svg"]).out))
            pictures.append((name + " --grad", run(["graph"] + program + ["--format", "svg", "--at", at, "--grad"]).out))
        }
        for (name, svg) in pictures {
            XCTAssertTrue(svg.hasPrefix("<svg"), name)
            let page = "<!DOCTYPE html><html><body>" + svg + "<pre id=\"result\"></pre><script>" + MatrixPictureTests.measure
                + "</script></body></html>"
            let file = try temporaryFile(page, name: "picture.html")
            let dom = try PictureTests.dumpDOM(chromium, "file://" + file)
            let result = try XCTUnwrap(dom.range(of: "<pre id=\"result\">").flatMap { start in
                dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex).map { String(dom[start.upperBound..<$0.lowerBound]) }
            }, "\(name): no result")
            XCTAssertTrue(result.hasPrefix("ok "), "\(name): \(result)")
        }
    }

    /// The measuring script: writes `ok <boxes> <edges>` or the first problems found into `#result`,
    /// once the fonts are loaded (measured before, text on a loaded machine came out in a fallback
    /// font's widths and overflowed).
    static let measure = """
        document.fonts.ready.then(() => {
        const problems = [];
        const boxes = [...document.querySelectorAll('g.node')].map(g => {
          const r = g.querySelector('rect').getBBox();
          for (const t of g.querySelectorAll('text')) {
            const b = t.getBBox();
            if (b.x < r.x + 1 || b.x + b.width > r.x + r.width - 1) problems.push('text overflows: ' + t.textContent);
          }
          return r;
        });
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i], b = boxes[j];
          if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) problems.push('boxes overlap: ' + i + ' ' + j);
        }
        const near = (p, side) => boxes.some(r => Math.abs(p.x - (side === 'right' ? r.x + r.width : r.x)) < 0.6 && p.y >= r.y && p.y <= r.y + r.height);
        const edges = [...document.querySelectorAll('path.edge')];
        for (const e of edges) {
          const p = e.getPointAtLength(0), q = e.getPointAtLength(e.getTotalLength());
          if (!near(p, 'right')) problems.push('an edge starts at no box: ' + e.getAttribute('d'));
          if (!near(q, 'left')) problems.push('an edge ends at no box: ' + e.getAttribute('d'));
        }
        document.getElementById('result').textContent = problems.length ? problems.slice(0, 5).join('\\n') : 'ok ' + boxes.length + ' ' + edges.length;
        });
        """
}
