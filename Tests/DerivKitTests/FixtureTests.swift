@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Every program of Fixtures/programs through every view (the format is in
/// Fixtures/programs/README.md): at each `# expect at:` point its value (`deriv eval`), its
/// gradient in reverse and forward mode (equal to rounding, and equal to central differences),
/// its printed derivatives (`deriv diff --wrt x`) read back and evaluated, and the expectations
/// of the file; bad programs give their error. The emitted code of every fixture is compiled and
/// run at the same points by `EmitRunTests` (one compiler run per language for all programs),
/// and its output kept as golden files by `CaseGoldenTests`.
final class FixtureTests: XCTestCase {
    func testThereAreFixtures() throws {
        let fixtures = try Fixture.all()
        XCTAssertGreaterThanOrEqual(fixtures.count, 10)
        XCTAssertTrue(fixtures.contains { $0.error != nil }, "no fixture of a bad program")
    }

    func testEveryFixtureInEveryView() throws {
        for fixture in try Fixture.all() {
            if let error = fixture.error {
                checkError(fixture, error)
            } else {
                try check(fixture)
            }
        }
    }

    private func checkError(_ fixture: Fixture, _ expected: String) {
        do {
            _ = try Program(parsing: fixture.text, outputs: fixture.outputs)
            XCTFail("\(fixture.name): no error, expected 'error: \(expected)'")
        } catch let d as Diagnostic {
            let first = DiagnosticRenderer(source: SourceFile(fixture.text)).render(d).split(separator: "\n").first ?? ""
            XCTAssertEqual(String(first), "error: " + expected, fixture.name)
        } catch {
            XCTFail("\(fixture.name): \(error)")
        }
    }

    private func check(_ fixture: Fixture) throws {
        let p = try Program(parsing: fixture.text, outputs: fixture.outputs)
        let name = fixture.name
        // The printed derivative of the first output with respect to each input, read back.
        let first = try Program(parsing: fixture.text, outputs: fixture.outputs.map { [$0[0]] })
        guard first.inputs == p.inputs else {
            return XCTFail("\(name): the first output alone has inputs \(first.inputs), the program \(p.inputs)")
        }
        let printed = try p.inputs.indices.map { i in
            let text = try DerivativeListings.diff(first, wrt: [i], bare: true)
            return (text: text, program: try Program(parsing: text))
        }
        let expectedDerivatives = try fixture.derivatives.map { ($0.name, $0.formula, try Program(parsing: $0.formula)) }
        for point in fixture.points {
            let at = "\(name) at \(zip(p.inputs, point.values).map { "\($0)=\($1)" }.joined(separator: ","))"
            let named = Dictionary(uniqueKeysWithValues: zip(p.inputs, point.values))
            func evaluate(_ q: Program) throws -> Double { try q.evaluate(at: q.inputs.map { named[$0] ?? .nan }).outputs[0] }

            let value = try p.evaluate(at: point.values).outputs[0]
            if let v = point.value {
                XCTAssert(Fixture.agrees(value, v), "\(at): value \(value), expected \(v.text)")
            }
            let reverse = try p.gradient(at: point.values, mode: .reverse)
            let forward = try p.gradient(at: point.values, mode: .forward)
            assertClose(reverse.value, value, 0, "\(at): grad's value against eval's")
            assertClose(forward.value, value, 0, "\(at): forward mode's value against eval's")
            for (i, input) in p.inputs.enumerated() {
                let g = reverse.gradient[i]
                assertClose(forward.gradient[i], g, 1e-12, "\(at): d/d\(input) forward vs reverse")
                assertClose(try centralDifference(p, point.values, i), g, 1e-6, "\(at): d/d\(input) against central differences")
                let readBack = try evaluate(printed[i].program)
                assertClose(readBack, g, 1e-10, "\(at): d/d\(input) printed as \(printed[i].text)")
            }
            for (input, expected) in point.gradient {
                let g = reverse.gradient[p.inputs.firstIndex(of: input)!]
                XCTAssert(Fixture.agrees(g, expected), "\(at): d/d\(input) = \(g), expected \(expected.text)")
            }
            for (input, formula, q) in expectedDerivatives {
                let g = reverse.gradient[p.inputs.firstIndex(of: input)!]
                let expected = try evaluate(q)
                assertClose(expected, g, 1e-10, "\(at): d/d\(input) = \(g), the fixture's \(formula) gives \(expected)")
            }
        }
    }

    /// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h with h = 1e-6·max(1, |xᵢ|).
    private func centralDifference(_ p: Program, _ x: [Double], _ i: Int) throws -> Double {
        let h = 1e-6 * Swift.max(1, Swift.abs(x[i]))
        var plus = x, minus = x
        plus[i] += h
        minus[i] -= h
        return try (p.evaluate(at: plus).outputs[0] - p.evaluate(at: minus).outputs[0]) / (plus[i] - minus[i])
    }

    /// A mistake in a fixture file is reported with its file and line.
    func testFormatMistakesAreReported() {
        let mistakes = [
            "x^2\n# expect value: 1": "t.deriv:2: 'value' before any '# expect at:'",
            "x^2\n# expect at: y=1": "t.deriv:2: 'y' is not an input",
            "x*y\n# expect at: x=1": "t.deriv:2: no value for 'y'",
            "x^2\n# expect at: x=1\n# expect colour: red": "t.deriv:3: unknown key 'colour' (at, value, gradient, d/dNAME, error, outputs, emit)",
            "x^2\n# expect at: x=1\n# expect value: ~one": "t.deriv:3: '~' needs a number, got 'one'",
            "x^2": "t.deriv: no '# expect at:' point",
            "x^\n# expect at: x=1": "t.deriv: the program is bad but no '# expect error:' says so:\nerror: 1:3: expected an expression after '^'\n 1 | x^\n   |   ^\n",
        ]
        for (file, message) in mistakes {
            XCTAssertThrowsError(try Fixture(name: "t", file: file)) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
        XCTAssertEqual(try Fixture(name: "t", file: "x^2\n# expect at: x=3\n# expect value: ~9.1").points[0].value?.unit, 0.1)
        XCTAssertEqual(try Fixture(name: "t", file: "x^2\n# expect at: x=3\n# expect value: ~0.9e1").points[0].value?.unit, 1)
    }
}
