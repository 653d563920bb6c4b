@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// `deriv graph`: the SSA listing and the DOT drawing, as golden files, and DOT that Graphviz
/// accepts (checked by `dot` when it is installed, and by a small syntax check always).
final class GraphListingTests: XCTestCase {
    /// Seed 000: f(x; w, b) = 1/(exp(−(wx+b)) + 1) at (x, w, b) = (1, 0, 0), the figure whose
    /// edges carry the forward values and the local partials.
    func testSeed000DOTGolden() throws {
        let p = try Program(parsing: "1/(exp(-(w*x+b))+1)")
        let listing = GraphListing(p.graph)
        let values = Evaluator.evaluate(listing.graph, inputs: p.inputs.map { ["x": 1.0, "w": 0, "b": 0][$0]! }).values
        let dot = DOTWriter(listing, values: values).text
        assertGolden(dot, "logistic/graph.dot")
        // The figure's partials: ∂f/∂h5 = −0.25 and ∂h3/∂h2 = −1 (seed 000's h5, h3, h2 are t5, t3, t2).
        XCTAssertTrue(dot.contains("∂f/∂t5 = -0.25"))
        XCTAssertTrue(dot.contains("∂t3/∂t2 = -1"))
        try checkDOT(dot)
    }

    func testSeed001SSAGolden() throws {
        let p = try Program(parsing: TraceTests.seed001)
        let listing = GraphListing(p.graph)
        let values = Evaluator.evaluate(listing.graph, inputs: [1.5]).values
        assertGolden(listing.ssa() + "\n" + listing.ssa(values: values), "sqrt_cos_named/graph.ssa")
    }

    /// The gradient graph: the function's six operations, then the reverse sweep's.
    func testGradientGraphGolden() throws {
        let p = try Program(parsing: TraceTests.seed001)
        let grad = GraphListing(Derivatives.gradient(p.graph, wrt: [0]).simplified())
        let sweep = grad.needed(byFirstOutputs: 1).map { !$0 }
        let values = Evaluator.evaluate(grad.graph, inputs: [1.5]).values
        let ssa = grad.ssa(values: values, sweepNodes: sweep)
        let dot = DOTWriter(grad, values: values, sweepNodes: sweep).text
        assertGolden(ssa + "\n" + dot, "sqrt_cos_named/graph-gradient.txt")
        let sweepOperations = zip(sweep, grad.graph.nodes).filter { $0 && !$1.op.isLeaf }.count
        XCTAssertEqual(sweepOperations, grad.graph.operationCount - p.graph.operationCount)
        try checkDOT(dot)
    }

    /// Awkward graphs still give valid DOT: an output that is an input, a constant output,
    /// an edge used twice, comparisons (`<` inside HTML labels).
    func testDOTOfAwkwardGraphs() throws {
        for (text, outputs) in [("f = x; g = 3", ["f", "g"]), ("a = x + x; b = (a < y) ? a : y", ["b"]),
                                ("sin(x)", nil)] as [(String, [String]?)] {
            let p = try Program(parsing: text, outputs: outputs)
            let listing = GraphListing(p.graph)
            let values = Evaluator.evaluate(listing.graph, inputs: p.inputs.map { _ in 0.5 }).values
            try checkDOT(DOTWriter(listing).text)
            try checkDOT(DOTWriter(listing, values: values).text)
            XCTAssertFalse(listing.ssa(values: values).isEmpty)
        }
    }

    // MARK: DOT checks

    /// Runs Graphviz on `dot` when it is installed; always checks the statement forms deriv
    /// writes: a `digraph "…" {` header, `key=value;` graph attributes, `node`/`edge` defaults,
    /// node statements `nK [attributes];`, edge statements between declared nodes, a closing
    /// `}`; quotes and HTML-label angle brackets balanced.
    func checkDOT(_ dot: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let lines = dot.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("digraph \"") == true && lines.first?.hasSuffix("\" {") == true,
                      "header: \(lines.first ?? "")", file: file, line: line)
        XCTAssertEqual(lines.suffix(2), ["}", ""], "closing brace", file: file, line: line)
        var declared = Set<String>()
        let node = try NSRegularExpression(pattern: #"^  (n[0-9]+) \[(.*)\];$"#)
        let edge = try NSRegularExpression(pattern: ##"^  (n[0-9]+) -> (n[0-9]+)( \[label=<(.*)>(, color="#[0-9a-f]{6}")?\]| \[color="#[0-9a-f]{6}"\])?;$"##)
        let setting = try NSRegularExpression(pattern: #"^  ([a-z]+=[A-Za-z]+|node \[.*\]|edge \[.*\]);$"#)
        for l in lines.dropFirst().dropLast(2) {
            let range = NSRange(l.startIndex..., in: l)
            if let m = node.firstMatch(in: l, range: range) {
                declared.insert(String(l[Range(m.range(at: 1), in: l)!]))
                let attributes = String(l[Range(m.range(at: 2), in: l)!])
                XCTAssertEqual(quotesBalanced(attributes), true, "quotes in \(l)", file: file, line: line)
            } else if let m = edge.firstMatch(in: l, range: range) {
                for k in 1...2 {
                    let id = String(l[Range(m.range(at: k), in: l)!])
                    XCTAssertTrue(declared.contains(id), "edge before its node \(id): \(l)", file: file, line: line)
                }
                if let r = Range(m.range(at: 4), in: l) {
                    let html = l[r]
                    XCTAssertEqual(html.filter { $0 == "<" }.count, html.filter { $0 == ">" }.count, "HTML label \(l)",
                                   file: file, line: line)
                }
            } else {
                XCTAssertNotNil(setting.firstMatch(in: l, range: range), "unexpected DOT line: \(l)", file: file, line: line)
            }
        }
        if let graphviz = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: graphviz)
            process.arguments = ["-Tsvg"]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(dot.utf8))
            try input.fileHandleForWriting.close()
            _ = output.fileHandleForReading.readDataToEndOfFile()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "dot -Tsvg: \(message)", file: file, line: line)
        }
    }

    /// Double quotes pair up, escaped quotes aside.
    private func quotesBalanced(_ s: String) -> Bool {
        var open = false, escaped = false
        for ch in s {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true } else if ch == "\"" { open.toggle() }
        }
        return !open
    }
}
