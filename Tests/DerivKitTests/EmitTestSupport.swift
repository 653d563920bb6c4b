@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// Runs external tools (compilers, interpreters) for the emitted-code tests.
enum Tool {
    /// The path of `name` on PATH, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `command` (a name on PATH, or a path relative to `directory`) with `arguments` in
    /// `directory`, feeding `input` on standard input. The streams go through files there, so a
    /// large output can never block the process.
    static func run(_ command: String, _ arguments: [String], in directory: URL, input: String = "") throws -> Result {
        let executable = command.contains("/") ? directory.appendingPathComponent(command).path : find(command) ?? command
        let files = ["stdin", "stdout", "stderr"].map { directory.appendingPathComponent(".tool-" + $0) }
        try input.write(to: files[0], atomically: true, encoding: .utf8)
        for f in files.dropFirst() { try Data().write(to: f) }
        let handles = try [FileHandle(forReadingFrom: files[0]), FileHandle(forWritingTo: files[1]),
                           FileHandle(forWritingTo: files[2])]
        defer { for h in handles { try? h.close() } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = handles[0]
        process.standardOutput = handles[1]
        process.standardError = handles[2]
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: try String(contentsOf: files[1], encoding: .utf8),
                      errors: try String(contentsOf: files[2], encoding: .utf8))
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("deriv-\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Programs the emitted code is compiled and run on, each with the points to run it at.
struct EmitCase {
    let name: String
    let text: String
    var points: [[Double]] = []

    var program: Program { try! Program(parsing: text) }
}

/// The programs the emitted code of every language is compiled and run on: every fixture of
/// Fixtures/programs at its points, more programs that exercise naming and every kind of
/// operation, and random programs; each also at random points.
enum EmitCorpus {
    static let larger: [(String, String)] = [
        ("underscores", "_ = x*y; __ = _ + 1; grad = __ * inputs; values = grad - _; float = values / 2"),
        ("library_names", "log = x + 1; exp_ = log * y; sin_ = exp_ - log; float = sin_ / 3; math = float^3; math + log(log^2)"),
        ("comparisons", "a = x > y ? x^2 : -y; b = x <= 0 ? sin(y) : cos(x*y); a + b*(x != y) + (x == 2)"),
        ("kinks", "max(x, y, z) + min(x*y, 2) + relu(x - z) + abs(y) + sign(z)*x"),
        ("careful_sigmoid", "log(1 + x^2) + (exp(y) - 1) + log(1 + exp(x*y)) + sigmoid(x - y) + softplus(z)"),
        ("powers", "x^y + pow(abs(y), 0.5) + x^-2 + cbrt(z) + hypot(x, z) + atan2(y, x) + erf(x*z)"),
        ("trig", "sin(x)*cos(y) + tan(z/3) + asin(x/3) + acos(y/3) + atan(z) + sinh(x) + cosh(y) + tanh(z)"),
        ("inverse", "asinh(x) + acosh(abs(y) + 1) + atanh(z/3) + log2(abs(x) + 1) + log10(y^2 + 1) + expm1(z) + log1p(abs(x))"),
        ("constants", "pi*x + e*y + 1e-5*z + 6.02e23*x*1e-23 + 1e-310*y - 5e-324*z + 1.7976931348623157e308*x*1e-300"),
        ("unused_input", "a = y*2; x + sign(z)"),
        ("no_inputs", "2 + 3"),
        // A gradient of over 1,000 operations: Swift writes it in parts, C with its pragma.
        ("long", longProgram),
    ]

    /// Sixty inputs, one statement per line, their gradient over 1,000 operations.
    static let longProgram = (1..<60).map { i in "s\(i) = 100*(x\(i + 1) - x\(i)^2)^2 + (1 - x\(i))^2*sin(x\(i))" }
        .joined(separator: "\n") + "\n" + (1..<60).map { "s\($0)" }.joined(separator: " + ")

    /// Random programs over every operation, as the property tests make them.
    static func random(count: Int, seed: UInt64) -> [(String, String)] {
        var gen = RandomPrograms(seed: seed)
        return (0..<count).map { i in ("random\(i)", gen.expression(depth: 4)) }
    }

    /// The corpus: the fixtures at their own points, then every program at `pointsEach` random
    /// points in [-2, 2] (the same points for every language).
    static func cases(randomPrograms: Int = 30, pointsEach: Int = 4) throws -> [EmitCase] {
        var rng = SplitMix64(seed: 2024)
        let fixtures = try Fixture.programs()
        let programs = fixtures.map { ($0.name, $0.text) } + larger + random(count: randomPrograms, seed: 99)
        return programs.enumerated().map { k, named in
            var c = EmitCase(name: named.0, text: named.1)
            let n = c.program.inputs.count
            c.points = (k < fixtures.count ? fixtures[k].points.map(\.values) : [])
                + (0..<pointsEach).map { _ in (0..<n).map { _ in Double.random(in: -2...2, using: &rng) } }
            return c
        }
    }
}

/// The value and gradient the interpreter gives (`deriv grad`), one array per point.
func interpreterGradient(_ c: EmitCase, at point: [Double]) -> [Double] {
    let p = c.program
    let g = Derivatives.gradient(p.graph, wrt: Array(p.inputs.indices), mode: .reverse)
    return Evaluator.evaluate(g, inputs: point).outputs
}

/// A number as the emitted code's drivers print it (C's %.17g, Python's repr, JavaScript's and
/// Swift's shortest form).
func parseNumber(_ s: Substring) -> Double? {
    switch s.lowercased() {
    case "nan", "-nan": return .nan
    case "inf", "infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: return Double(s)
    }
}
