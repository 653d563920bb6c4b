@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import DerivTestSupport
import Foundation
import XCTest
@testable import DerivKit

/// A 64-bit SplitMix generator: small, fast and reproducible from a printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// |a − b| ≤ tol·max(1, |a|, |b|); NaN equals NaN (a NaN where a NaN is due is agreement).
func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return Swift.abs(a - b) <= tol * Swift.max(1, Swift.abs(a), Swift.abs(b))
}

func assertClose(_ a: Double, _ b: Double, _ tol: Double = 1e-12, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssert(close(a, b, tol), "\(a) vs \(b) (tol \(tol)) \(message)", file: file, line: line)
}

/// Parses `text` and evaluates value and gradient in both modes, checking they agree (1e-12).
func gradientBothModes(_ text: String, _ point: [String: Double], wrt: [String] = [],
                       file: StaticString = #filePath, line: UInt = #line) throws -> (value: Double, gradient: [String: Double]) {
    let p = try Program(parsing: text, wrt: wrt)
    let x = p.inputs.map { point[$0] ?? .nan }
    let r = try p.gradient(at: x, mode: .reverse)
    let f = try p.gradient(at: x, mode: .forward)
    assertClose(r.value, f.value, 1e-12, "value", file: file, line: line)
    for i in r.gradient.indices {
        assertClose(r.gradient[i], f.gradient[i], 1e-12, "d/d\(p.inputs[i]) forward vs reverse", file: file, line: line)
    }
    return (r.value, Dictionary(uniqueKeysWithValues: zip(p.inputs, r.gradient)))
}

/// The folder of this test target's sources (golden files and fixtures live beside them).
let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// Compares `actual` with the golden file `Golden/<path>`, failing with the whole unified diff.
/// With `DERIV_UPDATE_GOLDEN=1` in the environment it writes the file instead (review the diff by
/// eye before committing).
func assertGolden(_ actual: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
    let golden = GoldenFiles(directory: testsDirectory.appendingPathComponent("Golden"))
    if let failure = golden.check(actual, path) { XCTFail(failure, file: file, line: line) }
}
