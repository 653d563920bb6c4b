import Foundation
import XCTest

/// examples/swift-package-client: a SwiftPM package that depends on DerivKit by path, as another
/// project would. A copy of it is built and run with `swift run` (which compiles DerivKit again,
/// in debug: a few minutes on two cores), and each step it prints is checked against `deriv grad`
/// at the same point. Skipped where `swift` is not on PATH.
final class LibraryClientTests: XCTestCase {
    func testSwiftPackageClientBuildsAndRuns() throws {
        guard let swift = find("swift") else { throw XCTSkip("swift is not on PATH") }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // The copy's path dependency points at the repository, wherever the copy is.
        let dir = try temporaryDirectory()
        let client = dir.appendingPathComponent("client")
        try FileManager.default.copyItem(at: root.appendingPathComponent("examples/swift-package-client"), to: client)
        try? FileManager.default.removeItem(at: client.appendingPathComponent(".build"))
        let manifest = client.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        XCTAssert(text.contains("let derivPath = \"../..\""), text)
        try Data(text.replacingOccurrences(of: "let derivPath = \"../..\"", with: "let derivPath = \"\(root.path)\"").utf8)
            .write(to: manifest)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["run", "--quiet", "client"]
        process.currentDirectoryURL = client
        let log = dir.appendingPathComponent("run.log")
        let errors = dir.appendingPathComponent("build.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let out = try FileHandle(forWritingTo: log), err = try FileHandle(forWritingTo: errors)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close()
        let output = try String(contentsOf: log, encoding: .utf8)
        let buildLog = try String(contentsOf: errors, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, output + buildLog)

        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 7, output)
        XCTAssertEqual(lines.last, "error: the point has 1 value, but 2 are expected")
        for line in lines.dropLast() {
            // "step k: x = …, y = …, value = …, d/dx = …, d/dy = …"
            let fields = line.split(separator: ":", maxSplits: 1)[1].split(separator: ",").map {
                $0.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let (x, y) = (fields[0][1], fields[1][1])
            let grad = deriv(["grad", "(1 - x)^2 + 100*(y - x^2)^2", "--at", "x=\(x),y=\(y)"])
            XCTAssertEqual(grad.status, 0, "\(grad)")
            let expected = grad.out.split(separator: "\n").map { $0.split(separator: "=")[1].trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(fields[2...].map { Double($0[1]) }, expected.map { Double($0) }, line)
        }
    }

    private func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
