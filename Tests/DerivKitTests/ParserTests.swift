@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// The grammar's precedence and associativity, and its error messages.
final class ParserTests: XCTestCase {
    private func value(_ text: String, _ point: [String: Double] = [:]) throws -> Double {
        let p = try Program(parsing: text)
        return try p.evaluate(at: p.inputs.map { point[$0]! }).outputs[0]
    }

    private func error(_ text: String) -> String {
        do {
            _ = try Program(parsing: text)
            return "no error"
        } catch let d as Diagnostic {
            return "\(d.range.map { "\($0.start): " } ?? "")\(d.message)"
        } catch {
            return "\(error)"
        }
    }

    func testNumbers() throws {
        XCTAssertEqual(try value("3"), 3)
        XCTAssertEqual(try value("0.5"), 0.5)
        XCTAssertEqual(try value(".5"), 0.5)
        XCTAssertEqual(try value("1e-3"), 1e-3)
        XCTAssertEqual(try value("6.02E23"), 6.02e23)
    }

    func testPrecedenceAndAssociativity() throws {
        XCTAssertEqual(try value("-x^2", ["x": 3]), -9)
        XCTAssertEqual(try value("2^3^2"), 512)
        XCTAssertEqual(try value("2**3**2"), 512)
        XCTAssertEqual(try value("2^-1"), 0.5)
        XCTAssertEqual(try value("8/4/2"), 1)
        XCTAssertEqual(try value("8-4-2"), 2)
        XCTAssertEqual(try value("1+2*3"), 7)
        XCTAssertEqual(try value("-2*3"), -6)
        XCTAssertEqual(try value("2^-1*4"), 2)
        XCTAssertEqual(try value("1 < 2 ? 10 : 20"), 10)
        XCTAssertEqual(try value("0 ? 1 : 0 ? 2 : 3"), 3)
        XCTAssertEqual(try value("1 ? 0 ? 2 : 3 : 4"), 3)          // a conditional as the then-branch
        XCTAssertEqual(try value("1 ? 1 ? 1 ? 5 : 6 : 7 : 8"), 5)
        XCTAssertEqual(try value("0 ? 1 ? 2 : 3 : 1 ? 4 : 5"), 4)
        XCTAssertEqual(try value("1 + 2 > 2"), 1)
    }

    func testProgramsAndConstants() throws {
        XCTAssertEqual(try value("a = 2; b = a*3\nb + 1"), 7)
        XCTAssertEqual(try value("e"), Foundation.exp(1))
        XCTAssertEqual(try value("pi"), Double.pi)
        XCTAssertEqual(try value("e = 3; e*2"), 6)
        XCTAssertEqual(try value("x = 1 +\n 2  # continued\nx"), 3)
        XCTAssertEqual(try value("(1 +\n2)"), 3)
        XCTAssertEqual(try value("max(1, 5, 3) + min(4, 2)"), 7)
        XCTAssertEqual(try value("ln(e) + pow(2, 3)"), 9)
    }

    func testErrors() {
        XCTAssertEqual(error("f = (x + 1"), "1:11: expected ')' to close '(' at 1:5")
        XCTAssertEqual(error("sin(x"), "1:6: expected ')' to close the call of 'sin' at 1:4")
        XCTAssertEqual(error("x + 1)"), "1:6: unmatched ')'")
        XCTAssertEqual(error("x +"), "1:4: expected an expression after '+'")
        XCTAssertEqual(error(""), "1:1: the program is empty: write an expression such as 'x^2'")
        XCTAssertEqual(error("2..3"), "1:1: malformed number '2..3'")
        XCTAssertEqual(error("1e"), "1:1: exponent of '1e' has no digits")
        XCTAssertEqual(error("1e400"), "1:1: number '1e400' overflows: the largest finite value is 1.7976931348623157e308")
        XCTAssertEqual(error("sinn(x)"), "1:1: unknown function 'sinn'; did you mean 'sin'?")
        XCTAssertEqual(error("sin(x, y)"), "1:1: 'sin' takes 1 argument, got 2")
        XCTAssertEqual(error("max(x)"), "1:1: 'max' takes at least 2 arguments, got 1")
        XCTAssertEqual(error("a = 1; a = 2"), "1:8: 'a' is assigned twice; it was first assigned at 1:1")
        XCTAssertEqual(error("b = a + 1; a = 2"), "1:5: 'a' is used before it is assigned at 1:12")
        XCTAssertEqual(error("x ="), "1:4: expected an expression after 'x ='")
        XCTAssertEqual(error("2 x"), "1:3: expected an operator between '2' and 'x'")
        XCTAssertEqual(error("3x"), "1:2: expected an operator between '3' and 'x'")
        XCTAssertEqual(error("a < b < c"), "1:7: comparisons cannot be chained: '<' is followed by '<'; combine them with '?:'")
        XCTAssertEqual(error("x é"), "1:3: unexpected character U+00E9 'é'; programs are written in ASCII")
        XCTAssertEqual(error("x + \u{0}"), "1:5: unexpected control character U+0000 (NUL)")
        XCTAssertEqual(error("sin + 1"), "1:1: 'sin' is a function; call it as 'sin(…)'")
    }

    func testDeepNestingNeverOverflowsTheStack() throws {
        let n = 100_000
        let deep = String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n)
        XCTAssertEqual(try value(deep, ["x": 2]), 2)
        XCTAssertEqual(error(String(repeating: "(", count: n) + "x"), "1:100002: expected ')' to close '(' at 1:100000")
        let calls = String(repeating: "sin(", count: 50_000) + "x" + String(repeating: ")", count: 50_000)
        let p = try Program(parsing: calls)
        XCTAssertEqual(p.graph.operationCount, 50_000)
        let g = try p.gradient(at: [0.5])
        XCTAssert(g.gradient[0].isFinite)
        let negations = String(repeating: "-", count: 100_000) + "x"
        XCTAssertEqual(try value(negations, ["x": 2]), 2)
    }

    func testSeedExamplesParse() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grammar/examples").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".deriv") }
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let source = SourceFile(text)
            let ast = try Parser.parse(source)
            if MatrixProgram.firstMatrixFeature(in: ast) != nil {
                XCTAssertNoThrow(try MatrixProgram(source: source, ast: ast), f)
            } else {
                XCTAssertNoThrow(try Program(parsing: text), f)
            }
        }
    }
}

import Foundation
