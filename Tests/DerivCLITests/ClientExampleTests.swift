import Foundation
import XCTest

/// The client projects of examples/ (docs/EMIT.md): each is copied to a temporary directory and
/// its `run.sh` run there as a user runs it, with the built `deriv` on PATH, so the emitted code
/// is written afresh, compiled and run. The gradient each prints at (-1.2, 1) must be
/// `deriv grad`'s to rounding. Skipped where the executable, swiftc, node or python3 is missing
/// (js-client's run.sh also type-checks a TypeScript client against the emitted `.d.mts` where tsc
/// is installed).
final class ClientExampleTests: XCTestCase {
    func testSwiftClient() throws {
        let out = try runExample("swift-client", needs: "swiftc")
        try checkGradient(out)
        XCTAssert(out.contains("minimum of rosenbrock: (1.000000, 1.000000)\n"), out)
        XCTAssert(out.contains("minimum of rosenbrock4: (1.000000, 1.000000, 1.000000, 1.000000)\n"), out)
        XCTAssert(out.hasSuffix("error: rosenbrock4Gradient: inputs has 2 entries, not 4\n"), out)
    }

    func testJavaScriptClient() throws {
        let out = try runExample("js-client", needs: "node")
        try checkGradient(out)
        XCTAssert(out.contains("minimum: (1.000000, 1.000000)\n"), out)
        XCTAssert(out.contains("TypeError: rosenbrock: x must be a number, not string\n"), out)
        XCTAssert(out.hasSuffix("from CommonJS: value 24.199999999999996, gradient -215.59999999999997 -87.99999999999999\n"), out)
    }

    /// The math-only module always; the NumPy module over 100,000 points and with SciPy's BFGS
    /// where those packages are installed.
    func testPythonClient() throws {
        let out = try runExample("python-client", needs: "python3")
        try checkGradient(out)
        XCTAssert(out.contains("minimum: (1.000000, 1.000000)\n"), out)
        XCTAssert(out.contains("ValueError: could not convert string to float: 'one'\n"), out)
        if !out.contains("NumPy: not installed") {
            XCTAssert(out.contains("NumPy: 100000 points in one call, gradients (2, 100000), point 12345 as the math module: True\n"), out)
        }
        if !out.contains("not installed") {
            XCTAssert(out.contains("SciPy BFGS: (1.000000, 1.000000) in "), out)
        }
    }

    /// The gradient line the client prints, against `deriv grad` at the same point.
    private func checkGradient(_ out: String) throws {
        let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("gradient at (-1.2, 1): ") }, out)
        let printed = line.split(separator: " ").suffix(2).compactMap { Double($0) }
        let grad = deriv(["grad", "100*(y - x^2)^2 + (1 - x)^2", "--at", "x=-1.2,y=1", "--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(grad.out.utf8)) as? [String: Any])
        let gradient = try XCTUnwrap(json["gradient"] as? [String: Double])
        let expected = [gradient["x"]!, gradient["y"]!]
        XCTAssertEqual(printed.count, 2, out)
        for (p, e) in zip(printed, expected) {
            XCTAssertLessThanOrEqual(abs(p - e), 1e-12 * max(1, abs(e)), "\(p) from the client, \(e) from deriv grad")
        }
    }

    /// Copies examples/`name` to a temporary directory, runs its run.sh there and returns what it
    /// printed (failing when it exits with an error).
    private func runExample(_ name: String, needs tool: String) throws -> String {
        guard let deriv = BinaryTests.executable else { throw XCTSkip("the deriv executable has not been built") }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }) else {
            throw XCTSkip("\(tool) is not installed")
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/\(name)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deriv-\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent(".out"), errors = dir.appendingPathComponent(".err")
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["run.sh"]
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["PATH": deriv.deletingLastPathComponent().path + ":" + path]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let out = try String(contentsOf: output, encoding: .utf8), err = try String(contentsOf: errors, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, "\(name)/run.sh:\n\(out)\(err)")
        XCTAssertEqual(err, "", "\(name)/run.sh wrote to stderr")
        return out
    }
}
