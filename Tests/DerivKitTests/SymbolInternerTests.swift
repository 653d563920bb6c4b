@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
import XCTest
@testable import DerivKit
@testable import DerivSyntax

/// The lexer's fast interner (`SymbolTable`) against the plain one (`DictionarySymbols`): the
/// same names give the same symbols and spellings, and whole parses (serial and in two halves)
/// of random programs and of the fixture corpus give the same ASTs, or the same error.
final class SymbolInternerTests: XCTestCase {
    /// The parse of `text` with `interning`: its AST or its error.
    private func parse(_ text: String, inTwoFrom threshold: Int, _ interning: SymbolInterning) -> Result<AST, Diagnostic> {
        Result { try Parser.parse(SourceFile(text), inTwoFrom: threshold, interning: interning) }
            .mapError { $0 as! Diagnostic }
    }

    private func checkBothAgree(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for threshold in [Int.max, 0] {
            let fast = parse(text, inTwoFrom: threshold, .table), plain = parse(text, inTwoFrom: threshold, .dictionary)
            XCTAssertEqual(fast, plain, "\(what), in two from \(threshold)", file: file, line: line)
        }
    }

    func testSameSymbolsForTheSameNames() {
        var gen = RandomPrograms(seed: 2_718)
        // Short names (keyed by their bytes), long ones (hashed) and long ones sharing a prefix.
        let letters = Array("abxyz_09".utf8)
        var fast = SymbolTable(expected: 0), plain = DictionarySymbols(expected: 0)
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...14, using: &gen.rng)
            var name = [UInt8("t".utf8.first!)] + (1..<length).map { _ in letters.randomElement(using: &gen.rng)! }
            if Int.random(in: 0..<4, using: &gen.rng) == 0 { name = Array("long_common_prefix_".utf8) + name }
            let (a, b) = name.withUnsafeBufferPointer { (fast.intern($0), plain.intern($0)) }
            XCTAssertEqual(a, b, String(decoding: name, as: UTF8.self))
        }
        XCTAssertEqual(fast.spellings, plain.spellings)
        XCTAssertGreaterThan(fast.spellings.count, 1_000)

        // Looking one interner's names up in another (the merge of a parse in two).
        var otherFast = SymbolTable(expected: 0), otherPlain = DictionarySymbols(expected: 0)
        for k in 0..<3_000 {
            let name = Array((k % 2 == 0 ? fast.spellings[k] : "new_name_\(k)").utf8)
            _ = name.withUnsafeBufferPointer { (otherFast.intern($0), otherPlain.intern($0)) }
        }
        let all = 0..<otherFast.spellings.count
        XCTAssertEqual(fast.symbols(all, of: otherFast), plain.symbols(all, of: otherPlain))
    }

    func testParsesAgreeOnRandomPrograms() {
        var gen = RandomPrograms(seed: 16_180)
        for k in 0..<40 {
            let statements = (0..<Int.random(in: 1...30, using: &gen.rng)).map { s in
                "t\(s) = \(gen.expression(depth: Int.random(in: 1...4, using: &gen.rng)))"
                    + (s > 0 ? " * t\(Int.random(in: 0..<s, using: &gen.rng))" : "")
            }
            checkBothAgree(statements.joined(separator: "\n"), "random program \(k)")
            checkBothAgree(gen.sharedPartsProgram(), "shared parts program \(k)")
        }
    }

    func testParsesAgreeOnTheCorpus() throws {
        let fixtures = try Fixture.all()
        XCTAssertFalse(fixtures.isEmpty)
        for fixture in fixtures { checkBothAgree(fixture.text, fixture.name) }
        let regressions = testsDirectory.appendingPathComponent("Fixtures/fuzz-regressions")
        for file in try FileManager.default.contentsOfDirectory(atPath: regressions.path).sorted() {
            let bytes = try Data(contentsOf: regressions.appendingPathComponent(file))
            checkBothAgree(String(decoding: bytes, as: UTF8.self), file)
        }
    }
}
