@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivCLI

/// Replays every input the fuzzers found (Tests/DerivKitTests/Fixtures/fuzz-regressions/*.deriv,
/// the exact bytes) through the command line and the library, with the fuzzers' invariants:
/// exit status 0, 1 or 2; nothing on stdout after a failure; stderr only in the diagnostic format;
/// forward and reverse mode agreeing. A new finding is kept by adding its file here.
final class FuzzRegressionTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../DerivKitTests/Fixtures/fuzz-regressions").standardized

    func testFuzzRegressions() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: FuzzRegressionTests.directory.path)
            .filter { $0.hasSuffix(".deriv") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: FuzzRegressionTests.directory.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            let program = try? Program(parsing: text)
            let inputs = program?.inputs ?? []
            let at = inputs.isEmpty ? [] : ["--at", inputs.map { "\($0)=0.5" }.joined(separator: ",")]
            for args in [["eval", text] + at, ["grad", text, "--json"] + at, ["grad", "-", "--mode", "forward"] + at] {
                let run = deriv(args, stdin: text)
                XCTAssert([0, 1, 2].contains(run.status), "\(name): \(run)")
                XCTAssert(run.status == 0 ? !run.out.isEmpty : run.out.isEmpty, "\(name): \(run)")
                for line in run.err.split(separator: "\n") {
                    XCTAssert(["error: ", "warning: ", "note: ", "  fix-it: ", "usage: ", " "].contains { line.hasPrefix($0) },
                              "\(name): unexpected stderr line '\(line)'")
                }
            }
            if let program {
                let point = Array(repeating: 0.5, count: inputs.count)
                let reverse = try program.gradient(at: point, mode: .reverse), forward = try program.gradient(at: point, mode: .forward)
                XCTAssertEqual(reverse.value.bitPattern, forward.value.bitPattern, name)
                for (r, f) in zip(reverse.gradient, forward.gradient) {
                    XCTAssert(r == f || (r.isNaN && f.isNaN) || Swift.abs(r - f) <= 1e-12 * Swift.max(1, Swift.abs(r)), "\(name): \(r) vs \(f)")
                }
            }
        }
    }
}
