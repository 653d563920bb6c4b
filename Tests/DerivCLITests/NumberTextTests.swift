@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivCLI
import XCTest
import DerivKit
@testable import DerivCLI

/// Numbers read from `--at` and `--points` files are those `Double(String)` reads, bit for bit,
/// and numbers are written as `formatNumber` always wrote them (shortest round-trip text).
final class NumberTextTests: XCTestCase {
    /// `parseNumber` as it was before it read bytes: the reference.
    private func reference(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "inf", "infinity", "+inf": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "pi": return .pi
        case "-pi": return -.pi
        case "e": return 2.718281828459045
        default:
            guard !text.isEmpty, text.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
            return Double(text)
        }
    }

    private func assertReadsAsBefore(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let got = parseNumber(text), want = reference(text)
        XCTAssertEqual(got?.bitPattern ?? 1, want?.bitPattern ?? 1, "'\(text)': \(String(describing: got)) vs \(String(describing: want))",
                       file: file, line: line)
        XCTAssertEqual(got == nil, want == nil, "'\(text)'", file: file, line: line)
    }

    func testEdgeCases() {
        for text in ["0", "-0", "+0", "1", "+1.5", "1.", ".5", ".", "-.", "1e5", "1E+05", "1e-5", "1e", "e5", "+-1", "--1",
                     "1.2.3", "1e5.3", "00012", "0.000000000000000000000000000000001", "1e22", "1e23", "9007199254740993",
                     "9007199254740992", "123456789012345678901234567890", "1.7976931348623157e308", "1.8e308",
                     "1e400", "-1e400", "1.5e-400", "4.9e-324", "2.2250738585072014e-308", "0.1", "0.3", "3.14159",
                     "1e-22", "1e-23", "12345678901234567890e-5", "1e99999999999999999999", "0e99999999999",
                     "nan", "NaN", "inf", "-inf", "+inf", "Infinity", "-INFINITY", "pi", "-pi", "e", "E", "-e", "+pi",
                     "", " 1", "1 ", "0x1p3", "1,5", "١"] {
            assertReadsAsBefore(text)
        }
    }

    func testRandomNumbersReadAndWriteAsBefore() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let v: Double
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: v = Double.random(in: -10...10, using: &rng)
            case 1: v = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            case 2: v = (Double.random(in: -1e6...1e6, using: &rng) * 1e6).rounded() / 1e6
            default: v = Double(Int64.random(in: -1 << 53...1 << 53, using: &rng)) * [1, 1e-3, 1e10, 1e20][Int.random(in: 0..<4)]
            }
            // As formatNumber wrote numbers before it wrote into streams.
            let before: String = v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "Infinity" : "-Infinity")
                : (v == v.rounded() && abs(v) < 1e15) ? (v == 0 && v.sign == .minus ? "-0" : String(Int64(v))) : "\(v)"
            XCTAssertEqual(formatNumber(v), before)
            var buffer = TextBuffer()
            writeNumber(v, to: &buffer)
            XCTAssertEqual(buffer.string, before)
            for text in [before, String(format: "%.6f", v), String(format: "%.17g", v), String(format: "%.3e", v)] {
                assertReadsAsBefore(text)
            }
        }
    }
}
