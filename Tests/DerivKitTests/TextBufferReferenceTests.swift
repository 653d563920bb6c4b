@_spi(DerivCore) import DerivCore
import XCTest
@testable import DerivKit
@testable import DerivCore

/// `TextBuffer` (memory of the C library's, grown by `realloc`, written into reserved room,
/// copied on write by hand) against a plain reference: the same operations written the obvious
/// way on a `[UInt8]`. Random sequences of every operation the printers use, on buffers that grow
/// far past their capacity and are copied, taken lines from and appended to, must leave the same
/// bytes and give the same spans. (The printers write into `TextBuffer` itself, through each
/// language's `write` closures, so the plain one cannot stand in for it under a printer; see
/// docs/ARCHITECTURE.md, "Fast parts, plain references".)
final class TextBufferReferenceTests: XCTestCase {
    /// The reference: text as an array of bytes, each operation spelled out.
    private struct PlainText {
        var bytes: [UInt8] = []

        mutating func append(_ text: String) -> Range<Int> {
            let start = bytes.count
            bytes += Array(text.utf8)
            return start..<bytes.count
        }

        /// `p`'s text, in parentheses when it binds more loosely than `required`.
        func operand(_ p: Span, _ required: Precedence) -> [UInt8] {
            let text = Array(bytes[p.range])
            return p.precedence < required ? Array("(".utf8) + text + Array(")".utf8) : text
        }

        mutating func write(_ text: [UInt8], _ precedence: Precedence) -> Span {
            let start = bytes.count
            bytes += text
            return Span(start..<bytes.count, precedence)
        }

        mutating func takeLines() -> [UInt8] {
            let end = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            defer { bytes.removeFirst(end) }
            return Array(bytes[..<end])
        }
    }

    private func bytes(_ t: TextBuffer) -> [UInt8] { t.withBytes(0..<t.count) { Array($0) } }

    func testEveryOperationWritesWhatThePlainReferenceWrites() {
        var rng = SplitMix64(seed: 4_669)
        let words = ["x", "y1", "sin(x)", "-2.5", "a_long_name_of_a_temporary", "\n", "t = 1;\n", "é"]
        let levels: [Precedence] = [.conditional, .comparison, .additive, .multiplicative, .unary, .power, .atom]
        for round in 0..<20 {
            var fast = TextBuffer(capacity: Int.random(in: 0...100, using: &rng)), plain = PlainText()
            var spans: [Span] = []
            var copies: [(TextBuffer, [UInt8])] = []
            for step in 0..<2_000 {
                let what = "round \(round), step \(step)"
                func pick() -> Span { spans.randomElement(using: &rng)! }
                let level = levels.randomElement(using: &rng)!
                switch spans.isEmpty ? 0 : Int.random(in: 0..<9, using: &rng) {
                case 0:
                    let word = words.randomElement(using: &rng)!
                    let span = fast.append(Printed(word, level))
                    XCTAssertEqual(span.range, plain.append(word), what)
                    spans.append(span)
                case 1:
                    let (a, b) = (pick(), pick())
                    let spaced = Bool.random(using: &rng)
                    let symbol = Array((spaced ? " - " : "-").utf8)
                    let tighter = Precedence(rawValue: Swift.min(level.rawValue + 1, Precedence.atom.rawValue))!
                    if level == .atom { continue }
                    let want = plain.write(plain.operand(a, level) + symbol + plain.operand(b, tighter), level)
                    XCTAssertEqual(fast.infix("-", level, a, b, spaced: spaced).range, want.range, what)
                    spans.append(want)
                case 2:
                    let a = pick()
                    let want = plain.write(Array("-".utf8) + plain.operand(a, .power), .unary)
                    XCTAssertEqual(fast.prefix("-", a).range, want.range, what)
                    spans.append(want)
                case 3:
                    let args = (0..<Int.random(in: 0...3, using: &rng)).map { _ in pick() }
                    let inner = args.map { Array(plain.bytes[$0.range]) }.joined(separator: Array(", ".utf8))
                    let want = plain.write(Array("atan2(".utf8) + inner + Array(")".utf8), .atom)
                    XCTAssertEqual(fast.call("atan2", args).range, want.range, what)
                    spans.append(want)
                case 4:
                    let (a, b) = (pick(), pick())
                    if level == .atom { continue }
                    let tighter = Precedence(rawValue: level.rawValue + 1)!
                    let want = plain.write(plain.operand(a, tighter) + Array(" <= ".utf8) + plain.operand(b, tighter), level)
                    XCTAssertEqual(fast.nonAssociative("<=", level, a, b).range, want.range, what)
                    spans.append(want)
                case 5:
                    let a = pick()
                    fast.append(a, at: level)
                    _ = plain.write(plain.operand(a, level), .atom)
                case 6:
                    let n = Int.random(in: 0...Int.max >> Int.random(in: 0...62, using: &rng), using: &rng)
                    fast.append(decimal: n)
                    _ = plain.append(String(n))
                case 7:
                    copies.append((fast, plain.bytes))
                case 8:
                    // Lines taken out: the spans written so far no longer point into the text.
                    XCTAssertEqual(bytes(fast.takeLines()), plain.takeLines(), what)
                    spans = []
                default:
                    break
                }
                XCTAssertEqual(fast.count, plain.bytes.count, what)
            }
            XCTAssertEqual(bytes(fast), plain.bytes, "round \(round)")
            for (k, (copy, was)) in copies.enumerated() { XCTAssertEqual(bytes(copy), was, "round \(round), copy \(k)") }
        }
    }
}
