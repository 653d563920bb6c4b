@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import Foundation
@testable import DerivKit

/// A test case as data: a program in `Fixtures/programs/NAME.deriv` followed by expectation
/// lines (`# expect at: x=1`, `# expect value: …`; the format is in Fixtures/programs/README.md).
/// `FixtureTests` runs every file through every view, `EmitRunTests` runs the emitted code of
/// each at its points, and `CaseGoldenTests` keeps its output in `Golden/NAME/`.
struct Fixture {
    /// One point and what the program gives there.
    struct Point {
        /// One value per input of the program, in input order.
        var values: [Double]
        var value: Expected?
        /// Expected partial derivatives of the first output, by input name.
        var gradient: [(name: String, expected: Expected)] = []
    }

    /// An expected number: exactly written (compared to rounding, 1e-12), or `~0.082167041`, true
    /// to the digits shown (compared to one unit in the last one).
    struct Expected {
        var number: Double
        /// For `~` numbers, one unit in the last digit shown; nil for exact ones.
        var unit: Double?
        var text: String
    }

    let name: String
    /// The program: the file up to its first `# expect` line, as deriv reads it.
    let text: String
    /// `# expect outputs: u, w`: the outputs (`--of`); nil means the last statement.
    var outputs: [String]?
    /// `# expect emit: --mode forward --array`: how the golden emitted code is emitted.
    var emitMode: Mode = .reverse
    var emitArray = false
    /// `# expect error: 1:5: message`: the program is bad; the first line deriv prints, after `error: `.
    var error: String?
    var points: [Point] = []
    /// `# expect d/dx: 2*x*y`: each derivative of the first output, a formula in the inputs.
    var derivatives: [(name: String, formula: String)] = []

    /// Every file of Fixtures/programs, by name.
    static func all() throws -> [Fixture] {
        let dir = testsDirectory.appendingPathComponent("Fixtures/programs")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".deriv") }.sorted()
            .map { file in
                try Fixture(name: String(file.dropLast(".deriv".count)),
                            file: String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8))
            }
    }

    /// The fixture `Fixtures/programs/NAME.deriv`.
    static func named(_ name: String) throws -> Fixture {
        let url = testsDirectory.appendingPathComponent("Fixtures/programs/\(name).deriv")
        return try Fixture(name: name, file: String(contentsOf: url, encoding: .utf8))
    }

    /// The fixtures of good programs (those without `# expect error`).
    static func programs() throws -> [Fixture] { try all().filter { $0.error == nil } }

    /// A mistake in a fixture file: the file and line, and what is wrong.
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    init(name: String, file: String) throws {
        self.name = name
        let lines = file.components(separatedBy: "\n")
        let start = lines.firstIndex { $0.hasPrefix("# expect ") } ?? lines.count
        var program = lines[..<start]
        while program.last?.trimmingCharacters(in: .whitespaces) == "" { program.removeLast() }
        text = program.joined(separator: "\n")
        var entries: [(line: Int, key: String, value: String)] = []
        for (i, line) in lines.enumerated().dropFirst(start) where line.hasPrefix("# expect") {
            let body = line.dropFirst("# expect".count)
            guard body.first == " ", let colon = body.firstIndex(of: ":") else {
                throw FormatError(description: "\(name).deriv:\(i + 1): expected '# expect KEY: VALUE'")
            }
            entries.append((i + 1, body[..<colon].trimmingCharacters(in: .whitespaces),
                            body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        outputs = entries.last { $0.key == "outputs" }.map { entry in
            entry.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        func fail(_ line: Int, _ message: String) -> FormatError {
            FormatError(description: "\(name).deriv:\(line): \(message)")
        }
        let inputs: [String]
        if entries.contains(where: { $0.key == "error" }) {
            inputs = []
        } else {
            do { inputs = try Program(parsing: text, outputs: outputs).inputs } catch {
                let message = (error as? Diagnostic).map { DiagnosticRenderer(source: SourceFile(text)).render($0) } ?? "\(error)"
                throw FormatError(description: "\(name).deriv: the program is bad but no '# expect error:' says so:\n\(message)")
            }
        }
        for (line, key, value) in entries {
            switch key {
            case "outputs": break
            case "error": error = value
            case "emit":
                for word in value.split(separator: " ") {
                    switch word {
                    case "--mode", "reverse": break
                    case "forward": emitMode = .forward
                    case "--array": emitArray = true
                    default: throw fail(line, "unknown emit option '\(word)'")
                    }
                }
            case "at":
                let given = Dictionary(try Self.assignments(value, line: line, in: name).map { ($0.0, $0.1.number) },
                                       uniquingKeysWith: { first, _ in first })
                if let unknown = given.keys.sorted().first(where: { !inputs.contains($0) }) {
                    throw fail(line, "'\(unknown)' is not an input")
                }
                if let missing = inputs.first(where: { given[$0] == nil }) { throw fail(line, "no value for '\(missing)'") }
                points.append(Point(values: inputs.map { given[$0]! }))
            case "value", "gradient":
                guard !points.isEmpty else { throw fail(line, "'\(key)' before any '# expect at:'") }
                if key == "value" {
                    points[points.count - 1].value = try Self.expected(value, line: line, in: name)
                } else {
                    for (input, v) in try Self.assignments(value, line: line, in: name) {
                        guard inputs.contains(input) else { throw fail(line, "'\(input)' is not an input") }
                        points[points.count - 1].gradient.append((input, v))
                    }
                }
            case let k where k.hasPrefix("d/d"):
                let input = String(k.dropFirst(3))
                guard inputs.contains(input) else { throw fail(line, "'\(input)' is not an input") }
                derivatives.append((input, value))
            default:
                throw fail(line, "unknown key '\(key)' (at, value, gradient, d/dNAME, error, outputs, emit)")
            }
        }
        if error != nil, !points.isEmpty || !derivatives.isEmpty {
            throw FormatError(description: "\(name).deriv: a bad program has nothing to evaluate")
        }
        if error == nil, points.isEmpty { throw FormatError(description: "\(name).deriv: no '# expect at:' point") }
    }

    /// `x=1, y=-2`: names and numbers (commas inside parentheses belong to the number).
    static func assignments(_ text: String, line: Int, in name: String) throws -> [(String, Expected)] {
        var parts: [String] = [], depth = 0, current = ""
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        return try parts.map { part in
            guard let eq = part.firstIndex(of: "=") else {
                throw FormatError(description: "\(name).deriv:\(line): expected NAME=NUMBER, got '\(part)'")
            }
            return (part[..<eq].trimmingCharacters(in: .whitespaces),
                    try expected(String(part[part.index(after: eq)...]), line: line, in: name))
        }
    }

    /// A number, `~` and a number true to its digits, or a constant expression (`pi/2`, `exp(-1)`).
    static func expected(_ text: String, line: Int, in name: String) throws -> Expected {
        var text = text.trimmingCharacters(in: .whitespaces)
        var unit: Double?
        if text.hasPrefix("~") {
            text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
            guard Double(text) != nil else {
                throw FormatError(description: "\(name).deriv:\(line): '~' needs a number, got '\(text)'")
            }
            let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" })
            let decimals = parts[0].split(separator: ".").dropFirst().first?.count ?? 0
            let exponent = parts.dropFirst().first.flatMap { Int($0) } ?? 0
            unit = Foundation.pow(10, Double(exponent - decimals))
        }
        do {
            let p = try Program(parsing: text)
            guard p.inputs.isEmpty else {
                throw FormatError(description: "\(name).deriv:\(line): '\(text)' is not a constant (it uses \(p.inputs.joined(separator: ", ")))")
            }
            return Expected(number: try p.evaluate(at: []).outputs[0], unit: unit, text: text)
        } catch let e as FormatError {
            throw e
        } catch {
            throw FormatError(description: "\(name).deriv:\(line): '\(text)' is not a number: \(error)")
        }
    }

    /// Whether `got` is what `expected` says: within its tolerance, relative to the larger of 1 and
    /// the numbers for exact ones, absolute for `~` ones.
    static func agrees(_ got: Double, _ expected: Expected) -> Bool {
        guard let unit = expected.unit else { return close(got, expected.number, 1e-12) }
        return Swift.abs(got - expected.number) <= unit
    }
}
