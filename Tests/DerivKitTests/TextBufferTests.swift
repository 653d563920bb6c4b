@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivRender

/// The byte buffer printers write into, the names they give, and `emit` handing its text over in
/// pieces: the mechanisms under the golden files, checked on their own edges.
final class TextBufferTests: XCTestCase {
    func testSpansCopyOperandsAndPlaceParentheses() {
        var w = TextBuffer()
        let x = w.append(Printed("x", .atom)), one = w.append(Printed("1", .atom))
        let sum = w.infix("+", .additive, x, one)
        let product = w.infix("*", .multiplicative, sum, x)
        XCTAssertEqual(w.string(product.range), "(x + 1) * x")
        let call = w.call("sin", [product, x])
        XCTAssertEqual(w.string(call.range), "sin((x + 1) * x, x)")
        let number = w.append(Printed("-2.5", .unary))
        XCTAssertEqual(w.literal(number), -2.5)
        XCTAssertNil(w.literal(sum))
    }

    /// The printer's table of spans packs most into a word and keeps the rest aside: both come
    /// back as they went in, at each edge of the packing.
    func testPackedSpansGiveBackEverySpan() {
        let edge = 1 << 40
        let spans = [Span(0..<0, .atom), Span(7..<12, .additive), Span(3..<3 + 0xFFFF, .power),
                     Span(3..<3 + 0x10000, .unary), Span(edge - 1..<edge + 4, .multiplicative),
                     Span(edge..<edge + 1, .atom), Span(10..<30, .conditional, condition: 12..<20),
                     Span(40..<45, .comparison, condition: 50..<52)]
        var table = PackedSpans(count: spans.count)
        for (i, span) in spans.enumerated().reversed() { table[i] = span }
        for (i, span) in spans.enumerated() {
            XCTAssertEqual(table[i].range, span.range, "span \(i)")
            XCTAssertEqual(table[i].precedence, span.precedence, "span \(i)")
            XCTAssertEqual(table[i].condition, span.condition, "span \(i)")
        }
        // Reading ahead stops at spans kept aside and at text not written yet.
        var text = TextBuffer()
        text.append(string: "x + y")
        let nodes = spans.indices.map { Node(op: .input, payload: UInt64($0)) }
            + (0..<spans.count - 1).map { Node(op: .add, a: NodeID($0), b: NodeID($0 + 1)) }
        table.readAhead(nodes, from: spans.count, text)
    }

    func testGrowsFarPastItsCapacityAndCopiesOnWrite() {
        var w = TextBuffer(capacity: 1)
        let word = w.append(Printed("abc", .atom))
        for _ in 0..<10_000 { w.append(copyOf: word.range) }
        XCTAssertEqual(w.count, 3 * 10_001)
        var copy = w
        copy.append("!")
        w.append(decimal: 1_234_567_890)
        XCTAssertTrue(copy.string.hasSuffix("abc!"))
        XCTAssertTrue(w.string.hasSuffix("abc1234567890"))
    }

    func testTakesLinesUpToTheLastLineBreakAndKeepsTheLineBegun() {
        var w = TextBuffer()
        w.append("one\ntwo\nthr")
        XCTAssertEqual(w.takeLines().string, "one\ntwo\n")
        XCTAssertEqual(w.string, "thr")
        XCTAssertEqual(w.takeLines().string, "")  // no line break: nothing
        w.append("ee\n")
        XCTAssertEqual(w.takeLines().string, "three\n")
        XCTAssertEqual(w.count, 0)
    }

    func testTemporariesSkipNamesTakenInTheirForm() {
        var naming = Naming(inputs: ["t2", "x"], reserved: ["t3", "int"])
        // Claimed in this order: (wanted, given).
        let claims = [
            ("t4", "t4"), ("t04", "t04"),  // `t04` is not a temporary's spelling,
            ("t0", "t0"),                  // nor `t0` a temporary's number
            // Names holding numbers are kept per pattern: each is taken once, whatever the pattern.
            ("t4_bar", "t4_bar"), ("t4_bar", "t4_bar_"), ("t4_bar_", "t4_bar__"),
            ("h12", "h12"), ("h012", "h012"), ("h12", "h12_"), ("h1_2", "h1_2"), ("h1_2", "h1_2_"),
            ("x1000000000000000000000", "x1000000000000000000000"),
            ("x1000000000000000000000", "x1000000000000000000000_"),
            ("int", "int_"), ("x", "x_"), ("1st", "_1st"),
        ]
        for (wanted, given) in claims { XCTAssertEqual(naming.claim(wanted), given, wanted) }
        let g = GraphBuilder()
        let x = g.input(0), y = g.input(1)
        let a = g.apply(.mul, x, y, nil), b = g.apply(.sin, a, nil, nil)
        let c = g.apply(.add, a, b, nil), d = g.apply(.cos, c, nil, nil)
        g.inputs = ["t2", "x"]
        let graph = g.finish(outputs: [g.apply(.mul, d, c, nil)], outputNames: ["f"])
        var names = Naming(graph: graph, reserved: ["t3"])
        // t1, then t2 (an input), t3 (reserved) and t4 are skipped.
        XCTAssertEqual(names.claim("t4"), "t4")
        XCTAssertEqual([a, b, c, d].map { names.name(of: $0, in: graph) }, ["t1", "t5", "t6", "t7"])
        // Temporaries given are taken: a claim of one gets a suffix.
        XCTAssertEqual(names.claim("t5"), "t5_")
        XCTAssertEqual(names.claim("t8"), "t8")
        XCTAssertEqual(names.prospectiveName(of: graph.outputs[0], in: graph), "t9")
    }

    func testNamesHoldingANumberSplitIntoPatternAndNumber() {
        XCTAssertTrue(Naming.numbered("t5_bar")! == ("t#_bar", 5))
        XCTAssertTrue(Naming.numbered("log10")! == ("log#", 10))
        XCTAssertTrue(Naming.numbered("a0")! == ("a#", 0))
        XCTAssertTrue(Naming.numbered("x2y3")! == ("x#y3", 2))
        XCTAssertNil(Naming.numbered("x"))
        XCTAssertNil(Naming.numbered("h012"))
        XCTAssertNil(Naming.numbered("x1234567890123456789"))  // 19 digits: kept as a string
        // Different names, different pairs.
        var seen: [String: String] = [:]
        for a in ["", "t", "t_", "x1_"] {
            for digits in ["0", "1", "01", "10", "100", "7"] {
                for b in ["", "_bar", "0", "_1"] {
                    let name = a + digits + b
                    guard let (pattern, n) = Naming.numbered(name) else { continue }
                    let key = pattern + "|" + String(n)
                    XCTAssertNil(seen[key].flatMap { $0 == name ? nil : $0 }, "\(name) and \(seen[key] ?? "")")
                    seen[key] = name
                }
            }
        }
    }

    func testNameSetKeepsEveryName() {
        var set = NameSet()
        let names = (0..<5_000).map { "n\($0)_bar" }
        for name in names { XCTAssertTrue(set.insert(name)) }
        for name in names { XCTAssertFalse(set.insert(name)) }
        XCTAssertTrue(names.allSatisfy(set.contains))
        XCTAssertFalse(set.contains("n5000_bar"))
    }

    func testPiecesEndAtLineBreaksAndMakeTheWholeText() throws {
        let program = try Program(parsing: (1...3_000).map { "y\($0) = sin(x*\($0)) + y\($0 - 1)" }.joined(separator: "\n")
                                    .replacingOccurrences(of: " + y0", with: ""))
        let options = EmitOptions(language: .c)
        var pieces: [String] = []
        try program.emit(options, pieces: { pieces.append(String(decoding: $0, as: UTF8.self)) })
        XCTAssertGreaterThan(pieces.count, 0)
        XCTAssertTrue(pieces.allSatisfy { $0.hasSuffix("\n") })
        XCTAssertEqual(pieces.joined(), try program.emit(options))
        // Small pieces: most are written by the writer thread while the next is laid out.
        var small: [String] = []
        try CodeEmitter.emit(program, options, pieceSize: 1_000) { small.append(String(decoding: $0, as: UTF8.self)) }
        XCTAssertGreaterThan(small.count, 100)
        XCTAssertTrue(small.allSatisfy { $0.hasSuffix("\n") })
        XCTAssertTrue(small.dropFirst().allSatisfy { $0.utf8.count < 2_000 })  // the first holds the header
        XCTAssertEqual(small.joined(), pieces.joined())
    }

    /// A large program's functions are made side by side, each but the last laid out on its own
    /// thread: the code is the same as made one after another, in every language and mode, with
    /// scalar and array inputs, written in pieces that each end at a line break.
    func testCodeMadeSideBySideIsTheCodeMadeInTurn() throws {
        var random = RandomPrograms(seed: 6)
        let statements = (1...40).map { k in "s\(k) = " + random.expression(depth: 4) + (k > 1 ? " + s\(k - 1)" : "") }
        let programs = [statements.joined(separator: "\n"), "y = x", "z = sin(x)*y", "a = x*y; b = a + 1; b*b"]
        for text in programs {
            let program = try Program(parsing: text)
            for language in CodeLanguage.allCases {
                for arrayInputs in [false, true] {
                    for mode in Mode.allCases {
                        let options = EmitOptions(language: language, mode: mode, arrayInputs: arrayInputs)
                        func code(sideBySideFrom size: Int) throws -> String {
                            var text = ""
                            try CodeEmitter.emit(program, options, pieceSize: 500, sideBySideSize: size) {
                                text += String(decoding: $0, as: UTF8.self)
                                XCTAssertEqual($0.last, UInt8(ascii: "\n"), "each piece ends at a line break")
                            }
                            return text
                        }
                        XCTAssertEqual(try code(sideBySideFrom: 0), try code(sideBySideFrom: .max),
                                       "\(language) \(mode) arrays: \(arrayInputs): \(text.prefix(40))")
                    }
                }
            }
        }
    }
}
