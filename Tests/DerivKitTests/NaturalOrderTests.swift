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

    func testEqualNamesAreNotOrdered() {
        XCTAssertFalse(precedesNaturally("x1", "x1"))
        XCTAssertFalse(precedesNaturally("", ""))
    }
}
