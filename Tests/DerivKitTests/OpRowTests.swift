@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivCore
@testable import DerivSyntax
@testable import DerivMatrix

/// Each row of the operation table (Sources/DerivCore/Ops), column by column: every language's
/// code, LaTeX and value range agree with the row's evaluation. (Partials against central
/// differences: OpTableTests.) The emitted code of every row runs in every language that is
/// installed; the checks before that need no tool and never skip.
final class OpRowTests: XCTestCase {
    static let rows = Op.allCases.filter { !$0.isLeaf }

    /// A program applying `op` to its inputs, spelt by deriv's own syntax (`sin(x)`, `x < y`).
    static func program(_ op: Op) -> String {
        let names = ["x", "y", "z"].prefix(op.arity).map { Printed($0, .atom) }
        return "f = " + LanguageSyntax.deriv.spell(op, Array(names)).text
    }

    func testEveryRowParsesBackAsItself() throws {
        for op in OpRowTests.rows {
            let g = try Program(parsing: OpRowTests.program(op)).graph
            XCTAssertTrue(g.nodes.contains { $0.op == op }, "\(op): \(OpRowTests.program(op))")
        }
        for op in OpRowTests.rows {
            for name in op.info.callNames { XCTAssertEqual(Op.function(named: name)?.op, op, name) }
        }
    }

    /// The grammar's list of built-in functions (grammar/deriv.ebnf) is the table's.
    func testTheGrammarListsEveryFunction() throws {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grammar/deriv.ebnf")
        let text = try String(contentsOf: grammar, encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "(* Built-in functions"))
        let end = try XCTUnwrap(text.range(of: "Calling anything else", range: start.upperBound..<text.endIndex))
        let words = text[start.upperBound..<end.lowerBound].split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let listed = Set(words.map(String.init)).intersection(Set(Op.allCases.map(\.info.name) + ["ln", "pow"]))
        XCTAssertEqual(listed, Set(Op.functionNames))
    }

    func testEveryLanguageCallsWhatItsRowSays() throws {
        let tables: [(CodeLanguage, OpCodeTable)] = [(.c, .c), (.swift, .swift), (.python, .python), (.javascript, .javascript),
                                                      (.numpy, .numpy)]
        for (language, table) in tables {
            var names = Set<String>()
            for helper in table.helpers {
                XCTAssertTrue(names.insert(helper.name).inserted, "\(language): two helpers \(helper.name)")
                XCTAssertTrue(helper.text.contains(helper.name), "\(language): \(helper.name)'s text")
            }
            for op in OpRowTests.rows {
                let code = table[op]
                // A function called by name is a library call or a helper, never the operator rules.
                if case .function = op.info.notation, case .builtIn = code { XCTFail("\(language) \(op): no code") }
                let name: String
                switch code {
                case .builtIn: continue
                case .library(let library): name = library
                case .helper(let helper), .power(_, let helper), .division(let helper): name = helper.name
                }
                let emitted = try Program(parsing: OpRowTests.program(op)).emit(language)
                XCTAssertTrue(emitted.contains(name + "("), "\(language) \(op): \(name) not called\n\(emitted)")
                if let helper = code.helper, emitted.contains(helper.name + "(") {
                    XCTAssertTrue(emitted.contains(helper.text), "\(language) \(op): \(helper.name) not written")
                }
            }
        }
    }

    func testEveryRowPrintsItsLaTeX() throws {
        let label = DerivativeLabel(function: "f", namesFunction: false, variables: [], partial: false)
        for op in OpRowTests.rows {
            let g = try Program(parsing: OpRowTests.program(op)).graph
            let latex = try FormulaPrinter(g, format: .latex, inline: true).program(label)
            switch op.latex {
            case .builtIn: if case .function = op.info.notation { XCTFail("\(op): no LaTeX") }
            case .function(let name): XCTAssertTrue(latex.contains(name + "\\left(x"), "\(op): \(latex)")
            case .around(let before, _, _): XCTAssertTrue(latex.contains(before + "x"), "\(op): \(latex)")
            case .iverson(let relation): XCTAssertTrue(latex.contains("x " + relation + " y"), "\(op): \(latex)")
            }
        }
    }

    /// At points of each row's domain (and a few edges), the value lies in the range the row
    /// claims for arguments known exactly.
    func testValueRangesHoldTheValues() {
        var rng = SplitMix64(seed: 21)
        let edges: [Double] = [0, -0.0, 1, -1, 1e308, -1e308, .infinity, -.infinity]
        for op in OpRowTests.rows {
            for k in 0..<60 {
                let args = (0..<3).map { i in
                    k < 20 ? edges[(k + i) % edges.count] : Double.random(in: op.info.domain, using: &rng)
                }
                let point = args.map { ValueRange(low: $0, high: $0) }
                let r = op.range(point[0], point[1], point[2], exponent: op == .pow ? args[1] : nil)
                let v = op.evaluate(args[0], args[1], args[2])
                XCTAssert(v.isNaN || r.contains(v == 0 ? 0 : v), "\(op)\(args) = \(v), outside \(r)")
            }
        }
    }

    func testDomainWarningsNameTheCause() throws {
        let cases: [(String, Double, String)] = [
            ("1/x", 0, "division by zero"), ("x^(0-1)", 0, "division by zero"), ("exp(x)", 1000, "overflow"),
            ("x*x", 1e300, "overflow"), ("log(x)", -1, "outside the domain"), ("atanh(x)", 1, "a pole"),
        ]
        for (text, x, why) in cases {
            let warnings = try Program(parsing: text).evaluate(at: [x]).warnings
            XCTAssertEqual(warnings.first?.message.hasSuffix("(\(why))"), true, "\(text): \(warnings)")
        }
    }

    // Every row's value and gradient in the emitted code of each language, against the interpreter.
    func testEmittedCMatchesEveryRow() throws { try checkEmittedCode(.c, exact: true, corpus: OpRowTests.corpus) }
    func testEmittedSwiftMatchesEveryRow() throws { try checkEmittedCode(.swift, exact: true, corpus: OpRowTests.corpus) }
    func testEmittedPythonMatchesEveryRow() throws { try checkEmittedCode(.python, exact: true, corpus: OpRowTests.corpus) }
    func testEmittedNumPyMatchesEveryRow() throws { try checkEmittedCode(.numpy, exact: false, corpus: OpRowTests.corpus) }
    func testEmittedJavaScriptMatchesEveryRow() throws {
        try checkEmittedCode(.javascript, exact: false, corpus: OpRowTests.corpus)
    }

    /// One program per row, at points of its domain.
    static let corpus: [EmitCase] = {
        var rng = SplitMix64(seed: 22)
        return rows.map { op in
            var c = EmitCase(name: "\(op)", text: program(op))
            c.points = (0..<5).map { _ in (0..<op.arity).map { _ in Double.random(in: op.info.domain, using: &rng) } }
            return c
        }
    }()
}
