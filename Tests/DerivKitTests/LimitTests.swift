@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// The shapes that break recursive code, through every stage: parsing, lowering, both modes of
/// differentiation, the Hessian (forward over reverse), evaluation, and freeing it all. Sizes
/// are the limits of docs/PERFORMANCE.md where a debug build does them in about a second,
/// smaller otherwise (the full sizes are measured in release).
final class LimitTests: XCTestCase {
    /// Parses `text`, differentiates it in both modes (and the Hessian when `hessian`), evaluates
    /// at `point`, and returns value and gradient after checking that the modes agree.
    @discardableResult
    private func pipeline(_ text: String, at point: [Double], hessian: Bool = false,
                          file: StaticString = #filePath, line: UInt = #line) throws -> (value: Double, gradient: [Double]) {
        let p = try Program(parsing: text)
        let reverse = try p.gradient(at: point, mode: .reverse)
        let forward = try p.gradient(at: point, mode: .forward)
        assertClose(reverse.value, forward.value, 0, "value", file: file, line: line)
        for (r, f) in zip(reverse.gradient, forward.gradient) { assertClose(r, f, 1e-12, "gradient", file: file, line: line) }
        if hessian {
            let h = Derivatives.hessian(p.graph, wrt: Array(p.inputs.indices))
            let outputs = Evaluator.evaluate(h, inputs: point).outputs
            XCTAssertEqual(outputs.count, 1 + p.inputs.count + p.inputs.count * p.inputs.count, file: file, line: line)
        }
        return reverse
    }

    func testHundredThousandNestedParentheses() throws {
        let n = 100_000
        let r = try pipeline(String(repeating: "(", count: n) + "x*x" + String(repeating: ")", count: n), at: [3], hessian: true)
        XCTAssertEqual(r.value, 9)
        XCTAssertEqual(r.gradient, [6])
    }

    func testFiftyThousandNestedCalls() throws {
        let n = 50_000
        let text = String(repeating: "sin(", count: n) + "x" + String(repeating: ")", count: n)
        let r = try pipeline(text, at: [0.5], hessian: true)
        // sin∘…∘sin has derivative ∏ cos(sᵢ); compare with the same product computed directly.
        var s = 0.5, d = 1.0
        for _ in 0..<n { d *= Foundation.cos(s); s = Foundation.sin(s) }
        assertClose(r.value, s, 0)
        assertClose(r.gradient[0], d, 1e-12)
    }

    func testDeepRightAssociativeAndUnaryChains() throws {
        let tower = Array(repeating: "x", count: 20_000).joined(separator: "^")
        let r = try pipeline(tower, at: [1])
        XCTAssertEqual(r.value, 1)
        XCTAssertEqual(r.gradient, [1])
        XCTAssertEqual(try pipeline(String(repeating: "-+", count: 50_000) + "x", at: [2]).gradient, [1])
        let conditionals = String(repeating: "x > 0 ? ", count: 20_000) + "x" + String(repeating: " : 0", count: 20_000)
        XCTAssertEqual(try pipeline(conditionals, at: [2]).gradient, [1])
    }

    /// A flat sum (the 1,000,000-term case of docs/PERFORMANCE.md at a twentieth of the size), a sum over
    /// many inputs (reverse mode: one sweep for all of them), and a call with many arguments.
    func testLongSums() throws {
        let n = 50_000
        let r = try pipeline((1...n).map { "\($0)*x" }.joined(separator: " + "), at: [0.5])
        XCTAssertEqual(r.gradient, [Double(n * (n + 1) / 2)])
        let inputs = 20_000
        let p = try Program(parsing: (1...inputs).map { "x\($0)" }.joined(separator: "+"))
        let g = try p.gradient(at: Array(repeating: 1, count: inputs))
        XCTAssertEqual(g.value, Double(inputs))
        XCTAssertEqual(g.gradient, Array(repeating: 1, count: inputs))
        let widest = try pipeline("max(" + (1...20_000).map { "\($0 % 1000)*x" }.joined(separator: ", ") + ")", at: [2])
        XCTAssertEqual(widest.gradient, [999])
    }

    /// A program of many statements, each using the one before: a megabyte of text.
    func testMegabyteProgramOfChainedStatements() throws {
        var text = "a0 = x\n"
        var i = 0
        while text.utf8.count < 1 << 20 {
            i += 1
            text += "a\(i) = a\(i - 1)*0.999 + y/\(i % 7 + 1)\n"
        }
        let r = try pipeline(text, at: [1, 1])
        assertClose(r.gradient[0], Foundation.pow(0.999, Double(i)), 1e-9)
    }

    /// Past `Graph.simplificationLimit` the derivative is emitted as built, and the header quotes
    /// the start of a long program only.
    func testEmitOfAProgramPastTheSimplificationLimit() throws {
        let lines = 20_000
        var text = "a0 = x\n"
        for i in 1..<lines { text += "a\(i) = sin(a\(i - 1))*y + \(i % 7 + 1)\n" }
        let p = try Program(parsing: text)
        let gradient = Derivatives.gradient(p.graph, wrt: [0, 1])
        XCTAssertGreaterThan(gradient.operationCount, Graph.simplificationLimit)
        XCTAssertEqual(gradient.simplified().operationCount, gradient.pruned().operationCount)
        let code = try p.emit(.c)
        XCTAssertTrue(code.contains("//     a199 = sin(a198)*y + 4\n//     ... (quoted in part: the program has \(lines) lines)\n"))
        XCTAssertFalse(code.contains("//     a200 = "))
        XCTAssertTrue(code.contains("// line 20000: a19999 = sin(a19998)*y + 1\n"))
        XCTAssertTrue(code.contains("double f_grad(double x, double y, double grad[2])"))
    }

    /// A source line far longer than the header's width, with and without spaces to break at:
    /// wrapped into short lines that hold all of it (this once looped forever without spaces).
    func testHeaderWrapsLongSourceLines() throws {
        let product = (1...400).map { "x\($0)" }.joined(separator: "*")
        for line in [product, product.replacingOccurrences(of: "*", with: " * "), String(repeating: "a ", count: 300)] {
            let wrapped = CodeLayout.wrap(line, width: 92)
            XCTAssertTrue(wrapped.allSatisfy { $0.count <= 92 })
            XCTAssertEqual(wrapped.joined().filter { $0 != " " }, line.filter { $0 != " " })
        }
        let code: String = try Program(parsing: product).emit(.c)
        XCTAssertTrue(code.contains("//     x1*x2*x3*"))
        let header: [String] = Array(code.components(separatedBy: "\n").prefix(40))
        XCTAssertTrue(header.allSatisfy { $0.count <= 100 })

        // A line of a megabyte: quoted in part, in the header and above its statements.
        let sum = "a = " + (1...100_000).map { "\($0 % 9 + 1)*x" }.joined(separator: " + ") + "\nb = a*y\n"
        let long: String = try Program(parsing: sum).emit(.c)
        XCTAssertTrue(long.contains("//     ... (quoted in part: the program has 2 lines)\n"))
        let comment = try XCTUnwrap(long.components(separatedBy: "\n").first { $0.contains("// line 1: a = ") })
        XCTAssertTrue(comment.hasSuffix(" ..."))
        XCTAssertLessThan(comment.count, 240)
    }
}
