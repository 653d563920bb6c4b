@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Properties of the simplifier and the formula printer over random programs (fixed seeds,
/// printed on failure): the printed derivative reads back and evaluates to the AD gradient;
/// print → parse → print is a fixed point; simplifying keeps values and is idempotent.
final class SimplifyPropertyTests: XCTestCase {
    /// The derivative of `p` with respect to input `x`, printed as `deriv diff --wrt x` prints it.
    private func printedDerivative(_ p: Program, _ x: Int) throws -> String {
        let d = Derivatives.partials(p.graph, wrt: [x])
        let label = DerivativeLabel(function: "f", namesFunction: false, variables: [p.inputs[x]], partial: true)
        return try FormulaPrinter(d, format: .text, inline: false).program(label)
    }

    /// A random program and a point where its value and gradient are finite, moderate and away
    /// from kinks (where finite differences and printed formulas legitimately disagree); nil
    /// when this draw has none.
    private func draw(_ gen: inout RandomPrograms) throws -> (text: String, program: Program, point: [Double], gradient: [Double])? {
        let text = gen.expression(depth: Int.random(in: 1...7, using: &gen.rng))
        let point = gen.point()
        let p = try Program(parsing: text, wrt: gen.inputs)
        let values = try p.evaluate(at: point)
        guard values.outputs[0].isFinite, !p.graph.nearKink(values.values) else { return nil }
        let g = try p.gradient(at: point)
        guard g.gradient.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e6 }) else { return nil }
        return (text, p, point, g.gradient)
    }

    func testPrintedDerivativeReadsBackToTheADGradient() throws {
        let seed: UInt64 = 31_415
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        while checked < 400, attempts < 20_000 {
            attempts += 1
            guard let d = try draw(&gen) else { continue }
            checked += 1
            for x in d.program.inputs.indices {
                let printed = try printedDerivative(d.program, x)
                let back = try Program(parsing: printed, wrt: gen.inputs)
                let value = try back.evaluate(at: d.point).outputs[0]
                XCTAssert(close(value, d.gradient[x], 1e-10),
                          "seed \(seed): d/d\(gen.inputs[x]) of \(d.text) at \(d.point): printed \(printed) gives \(value), AD \(d.gradient[x])")
            }
        }
        XCTAssertEqual(checked, 400, "only \(checked) of \(attempts) random programs were checkable")
    }

    /// `deriv diff`'s listing read back as one program: the shared parts' lines (`s = …`,
    /// `t1 = …`) as they are, each `d/dx = …` line as an output, in order.
    private func readBack(_ listing: String, inputs: [String]) throws -> Program {
        var statements: [String] = [], outputs: [String] = []
        for line in listing.split(separator: "\n") {
            let equals = try XCTUnwrap(line.range(of: " = "), "not a line of a listing: \(line)")
            let name = String(line[..<equals.lowerBound])
            if name.contains("/") {
                outputs.append("d_\(outputs.count)")
                statements.append(outputs.last! + " = " + line[equals.upperBound...])
            } else {
                statements.append(String(line))
            }
        }
        return try Program(parsing: statements.joined(separator: "; "), wrt: inputs, outputs: outputs)
    }

    /// Up to `count` points where `p`'s value and gradient are finite, moderate and away from
    /// kinks, each with the AD gradient there.
    private func points(_ p: Program, _ gen: inout RandomPrograms, count: Int) throws -> [(point: [Double], gradient: [Double])] {
        var result: [(point: [Double], gradient: [Double])] = []
        for _ in 0..<4 * count where result.count < count {
            let point = Array(gen.point().prefix(p.inputs.count))
            let values = try p.evaluate(at: point)
            guard values.outputs[0].isFinite, !p.graph.nearKink(values.values) else { continue }
            let g = try p.gradient(at: point).gradient
            guard g.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e6 }) else { continue }
            result.append((point, g))
        }
        return result
    }

    /// Programs with named shared parts, repeated products of them, coefficients and chains
    /// through functions of them (`RandomPrograms.sharedPartsProgram`): every derivative
    /// `deriv diff` prints, all at once and each alone (`--wrt x`), as text and `--inline`,
    /// read back with its shared parts' lines, gives the AD gradient at three points.
    func testPrintedDerivativesOfSharedPartsReadBackToTheADGradient() throws {
        let seed: UInt64 = 16_180
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        while checked < 300, attempts < 3_000 {
            attempts += 1
            let text = gen.sharedPartsProgram()
            let p = try Program(parsing: text)
            let points = try points(p, &gen, count: 3)
            guard !p.inputs.isEmpty, points.count == 3 else { continue }
            checked += 1
            let all = Array(p.inputs.indices)
            for inline in [false, true] {
                let listing = try DerivativeListings.diff(p, wrt: all, inline: inline)
                let back = try readBack(listing, inputs: p.inputs)
                for (point, gradient) in points {
                    let values = try back.evaluate(at: point).outputs
                    for x in all {
                        XCTAssert(close(values[x], gradient[x], 1e-9),
                                  "seed \(seed): \(text) at \(point)\(inline ? " --inline" : ""): \(listing)gives d/d\(p.inputs[x]) = \(values[x]), AD \(gradient[x])")
                    }
                }
                for x in all {
                    let alone = try DerivativeListings.diff(p, wrt: [x], inline: inline, bare: true)
                    let back = try Program(parsing: alone, wrt: p.inputs)
                    for (point, gradient) in points {
                        let value = try back.evaluate(at: point).outputs[0]
                        XCTAssert(close(value, gradient[x], 1e-9),
                                  "seed \(seed): \(text) --wrt \(p.inputs[x]) at \(point)\(inline ? " --inline" : ""): \(alone) gives \(value), AD \(gradient[x])")
                    }
                }
            }
        }
        XCTAssertEqual(checked, 300, "only \(checked) of \(attempts) random programs were checkable")
    }

    /// A formula does not depend on which other derivatives were asked for: each derivative
    /// printed alone (`--wrt x --inline`) is the line printed for it among all (`--inline`),
    /// for programs with shared parts and for random programs.
    func testAFormulaDoesNotDependOnTheOtherDerivativesAskedFor() throws {
        let seed: UInt64 = 57_721
        var gen = RandomPrograms(seed: seed)
        for i in 0..<600 {
            let text = i.isMultiple(of: 2) ? gen.sharedPartsProgram() : gen.expression(depth: Int.random(in: 1...6, using: &gen.rng))
            let p = try Program(parsing: text)
            let all = Array(p.inputs.indices)
            let lines = try DerivativeListings.diff(p, wrt: all, inline: true).split(separator: "\n")
            for x in all {
                let alone = try DerivativeListings.diff(p, wrt: [x], inline: true).split(separator: "\n")
                XCTAssertEqual(alone, [lines[x]], "seed \(seed): \(text)")
            }
        }
    }

    func testPrintParsePrintIsAFixedPoint() throws {
        let seed: UInt64 = 27_182
        var gen = RandomPrograms(seed: seed)
        for _ in 0..<500 {
            let text = gen.expression(depth: Int.random(in: 1...7, using: &gen.rng))
            let p = try Program(parsing: text, wrt: gen.inputs)
            for x in p.inputs.indices {
                let once = try printedDerivative(p, x)
                let back = try Program(parsing: once, wrt: gen.inputs)
                let label = DerivativeLabel(function: "f", namesFunction: false, variables: ["x"], partial: true)
                let twice = try FormulaPrinter(back.graph.rewritable().simplified(), format: .text, inline: false).program(label)
                XCTAssertEqual(once, twice, "seed \(seed): d/d\(gen.inputs[x]) of \(text)")
            }
        }
    }

    func testSimplifyingKeepsValuesAndIsIdempotent() throws {
        let seed: UInt64 = 14_142
        var gen = RandomPrograms(seed: seed)
        var checked = 0, attempts = 0
        while checked < 500, attempts < 20_000 {
            attempts += 1
            guard let d = try draw(&gen) else { continue }
            checked += 1
            let g = Derivatives.gradient(d.program.graph, wrt: Array(d.program.inputs.indices))
            let s = g.simplified()
            let before = Evaluator.evaluate(g, inputs: d.point).outputs
            let after = Evaluator.evaluate(s, inputs: d.point).outputs
            for (u, v) in zip(before, after) {
                XCTAssert(close(u, v, 1e-10), "seed \(seed): \(d.text) at \(d.point): \(before) simplified to \(after)")
            }
            let again = s.simplified()
            XCTAssertEqual(again.nodes, s.nodes, "seed \(seed): simplifying \(d.text) twice changes it")
            XCTAssertEqual(again.outputs, s.outputs)
        }
        XCTAssertEqual(checked, 500, "only \(checked) of \(attempts) random programs were checkable")
    }
}
