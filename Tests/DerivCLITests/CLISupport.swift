@_spi(DerivCore) import DerivCLI
import DerivTestSupport
import Foundation
import XCTest
@testable import DerivCLI

/// The result of running `deriv` once: exit status and everything it printed.
struct Run: Equatable, CustomStringConvertible {
    var status: Int32
    var out: String
    var err: String

    var description: String { "exit \(status)\n--- stdout\n\(out)--- stderr\n\(err)---" }
}

/// Runs `deriv` in-process with captured streams; `stdin` is what standard input holds. Files
/// are read from disk as the real command reads them (see `temporaryFile`).
func deriv(_ args: [String], stdin: String? = nil) -> Run {
    var out = "", err = ""
    let io = IO(out: { out += $0 }, err: { err += $0 }, readStandardInput: { stdin })
    let status = DerivCLI.run(args, io: io)
    return Run(status: status, out: out, err: err)
}

extension XCTestCase {
    /// Writes `contents` to a fresh file in the temporary directory and returns its path; the
    /// file and its directory are removed when the test ends.
    func temporaryFile(_ contents: String, name: String = "program.deriv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// A fresh directory in the temporary directory, removed with its files when the test ends.
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deriv-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}

/// Asserts a run failed with `status`, printed nothing on stdout, and wrote exactly `err`.
func assertFails(_ run: Run, _ status: Int32, _ err: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(run.status, status, "\(run)", file: file, line: line)
    XCTAssertEqual(run.out, "", "nothing on stdout when there is an error", file: file, line: line)
    XCTAssertEqual(run.err, err, file: file, line: line)
}

/// Asserts a run succeeded with exactly this stdout and stderr.
func assertSucceeds(_ run: Run, _ out: String, err: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(run.status, 0, "\(run)", file: file, line: line)
    XCTAssertEqual(run.out, out, file: file, line: line)
    XCTAssertEqual(run.err, err, file: file, line: line)
}

/// The usage line that follows every usage error of a command.
func usage(_ command: String) -> String {
    "usage: deriv \(command) PROGRAM [OPTIONS]; see 'deriv \(command) --help'\n"
}

/// Compares `actual` with the golden file `Golden/<path>` beside these tests, failing with the
/// whole unified diff. With `DERIV_UPDATE_GOLDEN=1` in the environment it writes the file instead
/// (review the diff by eye).
func assertGolden(_ actual: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
    let golden = GoldenFiles(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"))
    if let failure = golden.check(actual, path) { XCTFail(failure, file: file, line: line) }
}
