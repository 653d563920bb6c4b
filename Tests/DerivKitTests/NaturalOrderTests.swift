@_spi(DerivCore) import DerivSyntax
import XCTest
@testable import DerivKit

/// The natural order of input names (`precedesNaturally`).
final class NaturalOrderTests: XCTestCase {
    private func assertOrder(_ names: [String], file: StaticString = #filePath, line: UInt = #line) {
        for (i, a) in names.enumerated() {
            for (j, b) in names.enumerated() {
                XCTAssertEqual(precedesNaturally(a, b), i < j, "\(a) before \(b)", file: file, line: line)
            }
        }
        XCTAssertEqual(names.reversed().sorted(by: precedesNaturally), names, file: file, line: line)
    }

    func testDigitRunsCompareAsNumbers() {
        assertOrder(["a", "b", "x", "x1", "x2", "x10", "y"])
        assertOrder(["w1b", "w1b2", "w2a", "w10a", "w10a9", "w10a10"])
        assertOrder(["t9", "t99", "t100", "t18446744073709551616", "t99999999999999999999999"])   // past UInt64
    }

    func testDigitsComeBeforeUnderscoreBeforeLetters() {
        assertOrder(["x", "x1", "x_1", "xa", "xb"])
        assertOrder(["_", "_1", "a"])
    }

    func testLettersIgnoreCaseThenUpperCaseFirst() {
        assertOrder(["g", "kb", "m", "n_0", "T", "x"])
        assertOrder(["V1", "V2", "v3"])
        assertOrder(["X", "x", "xA", "xa", "Xb"])
    }

    func testLeadingZerosBreakTiesByBytes() {
        assertOrder(["x0", "x00", "x001", "x01", "x1", "x2"])
        assertOrder(["x01a", "x1b"])       // the number decides first, then the letter, before the zeros
    }

    /// The order as the documentation states it, written plainly (slowly) for comparison.
    private func reference(_ a: String, _ b: String) -> Bool {
        enum Piece: Comparable {
            case number(digits: Int, significant: String)   // first: numbers come before characters
            case character(UInt8)
        }
        func pieces(_ s: String) -> [Piece] {
            var out: [Piece] = [], bytes = Array(s.utf8)[...]
            while let c = bytes.first {
                if ("0"..."9").contains(Character(Unicode.Scalar(c))) {
                    let run = String(decoding: bytes.prefix { (48...57).contains($0) }, as: UTF8.self)
                    bytes = bytes.dropFirst(run.count)
                    let significant = String(run.drop { $0 == "0" })
                    out.append(.number(digits: significant.count, significant: significant))
                } else {
                    out.append(.character((65...90).contains(c) ? c + 32 : c))
                    bytes = bytes.dropFirst()
                }
            }
            return out
        }
        let x = pieces(a), y = pieces(b)
        return x != y ? x.lexicographicallyPrecedes(y) : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }

    /// The comparison (by keys of bytes) agrees with the plain statement of the order.
    func testAgreesWithThePlainStatementOfTheOrder() {
        var rng = SplitMix64(seed: 7)
        let pieces = ["x", "X", "_", "a", "0", "00", "1", "01", "9", "10", "99999999999999999999", "kb", "Kb"]
        let names = (0..<300).map { _ in (0..<Int.random(in: 1...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        for a in names.prefix(80) {
            for b in names {
                XCTAssertEqual(precedesNaturally(a, b), reference(a, b), "\(a) \(b)")
            }
        }
    }

    func testEqualNamesAreNotOrdered() {
        XCTAssertFalse(precedesNaturally("x1", "x1"))
        XCTAssertFalse(precedesNaturally("", ""))
    }
}
