import XCTest
@testable import DerivKit

/// The emitted code of the seeds' examples and a handful of larger programs, in every language,
/// against golden files (Golden/emit/<language>/<case>.<ext>; `DERIV_UPDATE_GOLDEN=1 swift test`
/// rewrites them: review the diff by eye). EmitRunTests compiles and runs the same kind of code.
final class EmitGoldenTests: XCTestCase {
    struct Case {
        let name: String
        let text: String
        var outputs: [String]? = nil
        var mode: Mode = .reverse
        var array = false
    }

    static let cases: [Case] = EmitCorpus.seeds.map { Case(name: $0.0, text: $0.1) } + [
        Case(name: "rosenbrock_forward", text: "(1 - x)^2 + 100*(y - x^2)^2", mode: .forward),
        Case(name: "rosenbrock8_array", text: EmitCorpus.rosenbrock(8), array: true),
        Case(name: "mlp", text: EmitCorpus.mlp(inputs: 2, hidden: 3)),
        Case(name: "keywords", text: EmitCorpus.larger.first { $0.0 == "keywords" }!.1),
        Case(name: "conditional", text: "a = x > y ? x^2 : -y; b = x <= 0 ? sin(y) : cos(x*y); a + b + max(x, y, z) + relu(z)"),
        Case(name: "careful", text: "log(1 + x^2) + (exp(y) - 1) + log(1 + exp(x*y)) + softplus(-x) + erf(y)"),
        Case(name: "jacobian_forward", text: "u = x*y + exp(x); v = sin(x) - y^3; w = u*v", outputs: ["u", "w"], mode: .forward),
    ]

    static let extensions: [CodeLanguage: String] = [.c: "c", .swift: "swift", .python: "py", .javascript: "mjs"]

    func testGoldenFiles() throws {
        for language in CodeLanguage.allCases {
            for c in Self.cases {
                var command = "deriv emit --lang \(language.rawValue) --name f"
                if c.mode == .forward { command += " --mode forward" }
                if let outputs = c.outputs { command += " --of " + outputs.joined(separator: ",") }
                if c.array { command += " --array" }
                let program = try Program(parsing: c.text, outputs: c.outputs)
                let code = try program.emit(EmitOptions(language: language, mode: c.mode, arrayInputs: c.array,
                                                        toolVersion: "X.Y.Z", command: command))
                assertGolden(code, "emit/\(language.rawValue)/\(c.name).\(Self.extensions[language]!)")
            }
        }
    }
}
