@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
import XCTest
@testable import DerivKit
@testable import DerivSyntax

/// Parsing in two halves side by side (`Parser.parseInTwo`) gives exactly the serial parse, or
/// declines: the split AST equals the serial one wherever it is accepted, it is accepted at
/// every line break between statements, and errors are always the serial parser's.
final class ParallelParseTests: XCTestCase {
    private func serial(_ text: String) throws -> AST {
        try Parser.parse(SourceFile(text), inTwoFrom: .max)
    }

    /// The offsets of the line breaks of `text`.
    private func lineBreaks(_ text: String) -> [Int] {
        text.utf8.enumerated().filter { $0.element == UInt8(ascii: "\n") }.map(\.offset)
    }

    /// Splits `text` at each of its line breaks: where the split is accepted it equals the
    /// serial parse; it is accepted at least at the offsets in `boundaries`. Returns the offsets
    /// where it was accepted.
    @discardableResult
    private func checkEverySplit(_ text: String, acceptedAt boundaries: Set<Int>, _ what: String,
                                 file: StaticString = #filePath, line: UInt = #line) throws -> Set<Int> {
        let whole = try serial(text)
        let source = SourceFile(text)
        var accepted = Set<Int>()
        for k in lineBreaks(text) {
            guard let split = Parser.parseInTwo(source, at: k) else { continue }
            accepted.insert(k)
            XCTAssertEqual(split, whole, "\(what): split at offset \(k)", file: file, line: line)
        }
        XCTAssert(boundaries.isSubset(of: accepted), "\(what): declined at \(boundaries.subtracting(accepted).sorted())",
                  file: file, line: line)
        return accepted
    }

    /// A program of `count` statements built from random expressions, some spread over several
    /// lines (inside parentheses, after a trailing operator), with comments, blank lines and
    /// `;`; names are reused across the program and new inputs keep appearing to its end.
    /// Returns the text and the offsets of the line breaks between statements.
    private func randomProgram(seed: UInt64, count: Int) -> (text: String, boundaries: Set<Int>) {
        var gen = RandomPrograms(seed: seed)
        var text = ""
        var boundaries = Set<Int>()
        func lineBreak(between: Bool) {
            if between { boundaries.insert(text.utf8.count) }
            text += "\n"
        }
        for k in 0..<count {
            var expression = gen.expression(depth: Int.random(in: 1...4, using: &gen.rng))
            // Every space the generator writes is inside parentheses, where a line break is blank.
            expression = String(expression.map { $0 == " " && Int.random(in: 0..<4, using: &gen.rng) == 0 ? "\n" : $0 })
            if k > 0, Bool.random(using: &gen.rng) {
                let earlier = "t\(Int.random(in: 0..<k, using: &gen.rng))"
                expression = Bool.random(using: &gen.rng) ? "\(expression) *\n  \(earlier)" : "(\(earlier)\n - \(expression))"
            }
            if Int.random(in: 0..<3, using: &gen.rng) == 0 { expression += " + w\(k)" }   // a new input
            text += "t\(k) = \(expression)"
            switch Int.random(in: 0..<6, using: &gen.rng) {
            case 0: text += "  # comment (with an open parenthesis"; lineBreak(between: true)
            case 1: text += "; "
            case 2: text += ";"; lineBreak(between: true); lineBreak(between: true)
            case 3: lineBreak(between: true); text += "# a comment line +"; lineBreak(between: true)
            default: lineBreak(between: true)
            }
        }
        return (text, boundaries)
    }

    func testRandomProgramsSplitAtEveryLineBreak() throws {
        for seed: UInt64 in 1...6 {
            let (text, boundaries) = randomProgram(seed: seed, count: 40)
            let accepted = try checkEverySplit(text, acceptedAt: boundaries, "seed \(seed)")
            // Inside a statement the first half does not parse on its own: the split is declined.
            XCTAssertEqual(accepted, boundaries, "seed \(seed)")
        }
    }

    func testGrammarExamplesSplitAtEveryLineBreak() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grammar/examples").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".deriv") }
        XCTAssertFalse(files.isEmpty)
        for f in files {
            try checkEverySplit(try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8), acceptedAt: [], f)
        }
    }

    func testSplitsInsideAStatementAreDeclined() throws {
        // Statements, some over several lines; the program is them on lines of their own.
        let programs = [
            ["a = 1", "b = (a +\n 2)", "c = b"],          // parentheses over lines
            ["a = 1", "b = a +\n 2", "c = b"],            // a trailing operator
            ["a = 1", "b = max(a,\n 2, 3)", "b"],         // a call's arguments
            ["a = 1", "b = a > 0 ?\n a :\n 2", "b"],      // a conditional
            ["a = 1", "b = (a\n + 2)", "b"],              // a leading operator inside parentheses
            ["a = 1", "b =\n a", "b"],                    // after '='
            ["a = (1 + # (\n 2)", "a"],                   // a comment inside parentheses
            ["a = (1 +\n\n\n 2) # )", "b = sin(\n# x\n a)", "b"],
        ]
        for statements in programs {
            var text = ""
            var boundaries = Set<Int>()
            for s in statements {
                if !text.isEmpty {
                    boundaries.insert(text.utf8.count)
                    text += "\n"
                }
                text += s
            }
            let accepted = try checkEverySplit(text, acceptedAt: boundaries, text)
            XCTAssertEqual(accepted, boundaries, text)
            XCTAssertEqual(try Parser.parse(SourceFile(text), inTwoFrom: 0), try serial(text), text)
        }
    }

    func testNamesFirstUsedInTheSecondHalfAndReused() throws {
        let text = "a = x + y\nb = a * x\n\nc = z + a + x\nd = w * z + b\nd + q"
        let whole = try serial(text)
        XCTAssertEqual(whole.spellings, ["a", "x", "y", "b", "c", "z", "d", "w", "q"])
        try checkEverySplit(text, acceptedAt: Set(lineBreaks(text)), text)
        // Function names are symbols too, numbered with the others.
        let calls = "s = sin(x)\nt = cos(s) + sin(y)\nu = cos(t) + exp(x)\nu"
        try checkEverySplit(calls, acceptedAt: Set(lineBreaks(calls)), calls)
    }

    func testEdgesOfTheText() throws {
        // An empty second half (the text ends with its line break), or one of blanks and comments.
        try checkEverySplit("x = 1\ny = x + 2\n", acceptedAt: [5, 15], "final line break")
        try checkEverySplit("x = 1\ny = x + 2\n\n# the end\n   \n", acceptedAt: [5, 15, 16, 26, 30], "trailing comments")
        // An empty first half.
        try checkEverySplit("\nx = 1\ny = x", acceptedAt: [0, 6], "leading line break")
        try checkEverySplit("# note\n\nx = 1; y = x;\ny", acceptedAt: [6, 7, 21], "leading comment")
        // Windows line ends.
        try checkEverySplit("x = 1\r\ny = x +\r\n 2\r\ny", acceptedAt: [6, 19], "CRLF")
        // No line break: nothing to split at.
        let one = "a = 1; b = a + x; b * 2"
        XCTAssertNil(Parser.splitPoint(Array(one.utf8)))
        XCTAssertNil(Parser.parseInTwo(SourceFile(one), at: 3))
        XCTAssertEqual(try Parser.parse(SourceFile(one), inTwoFrom: 0), try serial(one))
        XCTAssertNil(Parser.parseInTwo(SourceFile("x\ny"), at: 7))
    }

    /// Programs with errors: the split is declined wherever it is cut, and `parse` throws the
    /// serial parser's diagnostic (message, location, fix-its).
    func testErrorsAreTheSerialOnes() throws {
        let programs = [
            "a = (x + 1\nb = a\nc = b * 2\nc",          // in the first half
            "a = x + 1\nb = a\nc = b 2\nc",             // in the second half
            "a = x +\nb = a\nc = b * 2\nc = )",         // in both
            "a = x é 1\nb = a\nc = b\nc",               // a lexical error
            "a = x\nb = a\nc = 1e400\nc",
            "a = x\nb = a < a < x\nc = b\nc",
            "a = x\nb = a\nc = b +\n",                  // the input ends in a statement
            "a = x\nb = a\nc = sin(b\n",
            "a = x\n= 2\nc = a\nc",
            "a = x\nb + 1 = 2\nc",
            "# nothing\n\n  \n# but comments\n",        // empty
            "\n\n\n",
            "",
        ]
        for text in programs {
            let source = SourceFile(text)
            var expected: Diagnostic?
            do { _ = try serial(text) } catch let d as Diagnostic { expected = d }
            XCTAssertNotNil(expected, text)
            for k in lineBreaks(text) { XCTAssertNil(Parser.parseInTwo(source, at: k), "\(text) split at \(k)") }
            for threshold in [0, 1, 8] {
                XCTAssertThrowsError(try Parser.parse(source, inTwoFrom: threshold), text) { error in
                    XCTAssertEqual(error as? Diagnostic, expected, text)
                }
            }
        }
    }

    func testTheSizeLimitComesFirst() {
        let source = SourceFile(String(repeating: "x\n", count: Parser.maximumProgramSize / 2 + 1))
        var expected: Diagnostic?
        XCTAssertThrowsError(try Parser.parse(source, inTwoFrom: .max)) { expected = $0 as? Diagnostic }
        XCTAssertEqual(expected?.message, "the program is longer than 32 MiB, the most deriv reads")
        XCTAssertThrowsError(try Parser.parse(source, inTwoFrom: 0)) { XCTAssertEqual($0 as? Diagnostic, expected) }
    }

    func testSplitPoint() {
        func point(_ text: String) -> Int? { Parser.splitPoint(Array(text.utf8)) }
        // The first line break at or after the middle that ends a line able to end a statement.
        XCTAssertEqual(point("a = 1\nb = 2\nc = 3\nd = 4\n"), 17)
        XCTAssertEqual(point("a = 1\nb = 2 +\n 3 +\n 4 + # (x)\n 5 # y +\nd = 6\ne = 7\nf = 8\ng = 9\nh = 10\n"), 38)
        XCTAssertEqual(point("a = 1\nb = f(2)\nc = 3;\n\nd = 4\ne = 5 \n"), 21)
        // None in the middle half (the third line ends too late).
        XCTAssertNil(point("a = 1\nb = 2 +\n 3 +\n 4 +\n 5\nd = 6"))
        // Lines in the middle that all end with an operator, a comma or a comment: none.
        XCTAssertNil(point("s = a +\nb +\nc +\nd +\ne"))
        XCTAssertNil(point("s = max(a,\nb,\nc,\nd)"))
        XCTAssertNil(point("a\n# x\n# y\n# z\n# w\nb"))
        XCTAssertNil(point("x"))
        XCTAssertNil(point(""))
    }

    /// A program big enough to take a while, through the threshold the tests lower.
    func testLargerRandomProgram() throws {
        let (text, boundaries) = randomProgram(seed: 99, count: 2000)
        let source = SourceFile(text)
        let lineBreak = try XCTUnwrap(boundaries.filter { $0 >= text.utf8.count / 2 }.min())
        let split = try XCTUnwrap(Parser.parseInTwo(source, at: lineBreak))
        XCTAssertEqual(split, try serial(text))
        XCTAssertEqual(try Parser.parse(source, inTwoFrom: 0), split)
    }
}
