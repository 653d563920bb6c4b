import Foundation
import XCTest

/// The built `deriv` executable, run as a user runs it: real argument passing, pipes, files, exit
/// statuses, and the process's own stack for deep programs. Skipped when no executable has been
/// built (`swift test` builds it next to the test bundle).
final class BinaryTests: XCTestCase {
    /// The executable next to the test bundle (`.build/<triple>/debug/deriv`), else the one
    /// `swift build` put under the package's `.build/debug`.
    static let executable: URL? = {
        let bundleDirectory = Bundle(for: BinaryTests.self).bundleURL.deletingLastPathComponent()
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [bundleDirectory.appendingPathComponent("deriv"), packageRoot.appendingPathComponent(".build/debug/deriv")]
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs the executable with `arguments` and `stdin` as its standard input.
    private func run(_ arguments: [String], stdin: Data = Data()) throws -> Run {
        guard let executable = BinaryTests.executable else { throw XCTSkip("the deriv executable has not been built") }
        // Files rather than pipes for all three streams, so that no stream can fill up and block.
        let input = try temporaryFile(""), output = try temporaryFile(""), error = try temporaryFile("")
        try stdin.write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle(forReadingAtPath: input)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: error)
        try process.run()
        process.waitUntilExit()
        let out = try Data(contentsOf: URL(fileURLWithPath: output)), err = try Data(contentsOf: URL(fileURLWithPath: error))
        XCTAssertEqual(process.terminationReason, .exit, "deriv must exit, not crash: \(arguments.prefix(2))")
        return Run(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                   err: String(decoding: err, as: UTF8.self))
    }

    func testGradJSONThroughTheExecutable() throws {
        assertSucceeds(try run(["grad", "x + y*z", "--at", "x=-2,y=5,z=-4", "--json"]),
                       "{\"value\": -22, \"gradient\": {\"x\": 1, \"y\": -4, \"z\": 5}}\n")
        assertSucceeds(try run(["grad", "x + y*z", "--at", "x=-2,y=5,z=-4", "--mode", "forward"]),
                       "value = -22\nd/dx = 1\nd/dy = -4\nd/dz = 5\n")
    }

    /// Each process hashes with its own random seed, so work that followed a dictionary's order
    /// would print different (equally right) formulas from run to run. The output must not vary.
    func testPrintedDerivativesDoNotDependOnHashing() throws {
        for program in ["relu(acos(y/z))", "u = x*y; v = sin(u); w = exp(v); w*u",
                        "r = sqrt(x^2 + y^2); x/r + y/r", "s = sin(x); c = cos(x); s^2*c + c^2*s"] {
            let first = try run(["hessian", program])
            for _ in 0..<5 { XCTAssertEqual(try run(["hessian", program]).out, first.out, program) }
        }
    }

    func testExitStatusesAndStreams() throws {
        assertSucceeds(try run(["--version"]), try XCTUnwrap(deriv(["--version"]).out))
        assertFails(try run(["eval", "sin(x", "--at", "x=1"]), 1,
                    "error: 1:6: expected ')' to close the call of 'sin' at 1:4\n 1 | sin(x\n   |      ^\n")
        assertFails(try run(["eval", "x", "--frobnicate"]), 2, "error: unknown option '--frobnicate'\n" + usage("eval"))
        let noArguments = try run([])
        XCTAssertEqual(noArguments.status, 2)
        XCTAssertEqual(noArguments.out, "")
    }

    func testStandardInputAndFiles() throws {
        assertSucceeds(try run(["eval", "-", "--at", "x=3"], stdin: Data("a = x^2\na + 1\n".utf8)), "10\n")
        // NUL and bytes that are not UTF-8 can only come through a pipe or a file.
        assertFails(try run(["eval", "-", "--at", "x=3"], stdin: Data([0x78, 0x00])), 1,
                    "error: 1:2: unexpected control character U+0000 (NUL)\n 1 | x?\n   |  ^\n")
        let path = try temporaryFile("")
        try Data([0x31, 0x2B, 0xC3]).write(to: URL(fileURLWithPath: path))
        assertFails(try run(["eval", "-f", path]), 1,
                    "error: 1:3: unexpected character U+FFFD, which also stands for bytes that are not UTF-8; programs are written in ASCII\n 1 | 1+\u{FFFD}\n   |   ^\n")
    }

    /// Deep nesting on the executable's own main-thread stack: a result, not a stack overflow.
    func testDeepProgramsDoNotOverflowTheStack() throws {
        let n = 100_000
        let parens = try temporaryFile(String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n))
        assertSucceeds(try run(["grad", "-f", parens, "--at", "x=2", "--json"]), "{\"value\": 2, \"gradient\": {\"x\": 1}}\n")
        let calls = try temporaryFile(String(repeating: "sin(", count: 50_000) + "x" + String(repeating: ")", count: 50_000))
        let reverse = try run(["grad", "-f", calls, "--at", "x=0.5"])
        XCTAssertEqual(reverse.status, 0, reverse.err)
        XCTAssertEqual(try run(["grad", "-f", calls, "--at", "x=0.5", "--mode", "forward"]).status, 0)
        let unclosed = try temporaryFile(String(repeating: "(", count: n))
        assertFails(try run(["eval", "-f", unclosed]), 1,
                    "error: 1:100001: expected an expression after '('\n 1 | …\(String(repeating: "(", count: 100))\n   | \(String(repeating: " ", count: 101))^\n")
    }
}
