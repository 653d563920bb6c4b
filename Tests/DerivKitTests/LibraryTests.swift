@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest

/// The library as a client uses it (docs/LIBRARY.md): compiled functions, typed errors that print
/// as text, and `Sendable` values used from a task group. Imports `DerivKit` without
/// `@testable`, so it sees what a client sees.
final class LibraryTests: XCTestCase {
    // f = x²y + y³: gradient (2xy, x² + 3y²), H = [[2y, 2x], [2x, 6y]].
    let text = "x^2*y + y^3"

    func testCompiledFunctionsAgreeWithProgram() throws {
        let p = try Program(parsing: text)
        XCTAssertEqual(try p.valueFunction()([1, 2]), [10])
        for mode in Mode.allCases {
            let g = try p.gradientFunction(mode: mode)
            XCTAssertEqual(g.wrt, ["x", "y"])
            let r = try g([1, 2])
            XCTAssertEqual(r.value, 10)
            XCTAssertEqual(r.gradient, [4, 13])
            XCTAssertEqual(r.gradient, try p.gradient(at: [1, 2], mode: mode).gradient)
        }
        XCTAssertEqual(try p.gradientFunction(wrt: ["y"])([1, 2]).gradient, [13])
        let h = try p.hessianFunction()([1, 2])
        XCTAssertEqual(h.gradient, [4, 13])
        XCTAssertEqual(h.hessian, [[4, 2], [2, 12]])
        let v = try p.hessianVectorFunction()([1, 2], direction: [1, 0])
        XCTAssertEqual(v.hvp, [4, 2])
        XCTAssertEqual(v.hvp, try p.hessianVectorProduct(at: [1, 2], direction: [1, 0]).hvp)
        XCTAssertEqual(try p.hessianVectorFunction(wrt: ["y", "x"])([1, 2], direction: [0, 1]).hvp, [2, 4])
    }

    func testJacobianOfSeveralOutputs() throws {
        let p = try Program(parsing: "u = x*y; v = x + y^2", outputs: ["u", "v"])
        for mode in Mode.allCases {
            let j = try p.jacobianFunction(mode: mode)([3, 4])
            XCTAssertEqual(j.values, [12, 19])
            XCTAssertEqual(j.jacobian, [[4, 3], [1, 8]])
        }
        XCTAssertEqual(try p.jacobianFunction(outputs: [1], wrt: ["y"])([3, 4]).jacobian, [[8]])
        XCTAssertEqual(try p.jacobianFunction(wrt: [])([3, 4]).jacobian, [[], []])
    }

    func testBatchMatchesOnePointAtATime() throws {
        let p = try Program(parsing: "sin(x)*exp(y) + log(x)")
        let points: [[Double]] = (0..<600).map { (i: Int) -> [Double] in [0.1 + Double(i) / 100, Double(i % 7) - 3] }
        let g = try p.gradientFunction()
        let batch = try g.batch(points)
        XCTAssertEqual(batch.count, points.count)
        for (point, r) in zip(points, batch) {
            let one = try g(point)
            XCTAssertEqual(r.value.bitPattern, one.value.bitPattern)
            XCTAssertEqual(r.gradient, one.gradient)
        }
        XCTAssertEqual(try p.valueFunction().batch(points).map { $0[0] }, batch.map { $0.value })
        XCTAssertEqual(try p.hessianFunction().batch(points)[5].hessian, try p.hessianFunction()(points[5]).hessian)
        XCTAssertEqual(try g.batch([]).count, 0)
    }

    func testMistakesThrowTypedErrors() throws {
        let p = try Program(parsing: text)
        XCTAssertThrowsError(try p.gradient(at: [1])) {
            XCTAssertEqual($0 as? DerivError, .wrongLength(of: "the point", expected: 2, given: 1))
            XCTAssertEqual("\($0)", "the point has 1 value, but 2 are expected")
            XCTAssertEqual($0.localizedDescription, "the point has 1 value, but 2 are expected")
        }
        XCTAssertThrowsError(try p.evaluate(at: [1, 2, 3])) {
            XCTAssertEqual($0 as? DerivError, .wrongLength(of: "the point", expected: 2, given: 3))
        }
        XCTAssertThrowsError(try p.gradient(at: [1, 2], output: 1)) {
            XCTAssertEqual("\($0)", "there is no output 1: the program has 1 output, numbered from 0")
        }
        XCTAssertThrowsError(try p.gradientFunction(wrt: ["z"])) {
            XCTAssertEqual($0 as? DerivError, .unknownInput("z", suggestion: nil))
        }
        XCTAssertThrowsError(try Program(parsing: "alpha*x").gradientFunction(wrt: ["alpah"])) {
            XCTAssertEqual("\($0)", "'alpah' is not an input of the program; did you mean 'alpha'?")
        }
        XCTAssertThrowsError(try p.hessianFunction(wrt: ["x", "x"])) { XCTAssertEqual($0 as? DerivError, .inputTwice("x")) }
        XCTAssertThrowsError(try p.hessianVectorProduct(at: [1, 2], direction: [1])) {
            XCTAssertEqual("\($0)", "the direction has 1 value, but 2 are expected")
        }
        XCTAssertThrowsError(try p.hessianVectorProduct(at: [1, 2], direction: [1], wrt: ["z"])) {
            XCTAssertEqual($0 as? DerivError, .unknownInput("z", suggestion: nil))
        }
        XCTAssertThrowsError(try p.hessianVectorFunction()([1, 2], direction: [1, 2, 3]))
        XCTAssertThrowsError(try p.gradientFunction().batch([[1, 2], [3]])) {
            XCTAssertEqual("\($0)", "point 1 has 1 value, but 2 are expected")
        }
    }

    func testProgramErrorsPrintAsText() {
        XCTAssertThrowsError(try Program(parsing: "f = (x + 1")) {
            XCTAssertEqual("\($0)", """
                error: 1:11: expected ')' to close '(' at 1:5
                 1 | f = (x + 1
                   |           ^

                """)
            XCTAssertEqual($0.localizedDescription, "\($0)")
        }
        XCTAssertThrowsError(try Program(parsing: "u = x; v = y", outputs: ["w"])) {
            XCTAssertEqual("\($0)", "output 'w' is not assigned by the program")
            XCTAssertFalse("\($0)".contains("--"))
        }
        XCTAssertThrowsError(try Program(parsing: "x*y", wrt: ["x", "x"])) {
            XCTAssertEqual($0.localizedDescription, "wrt names 'x' twice")
        }
    }

    func testSendableFromATaskGroup() async throws {
        let p = try Program(parsing: "(1 - x)^2 + 100*(y - x^2)^2")
        let g = try p.gradientFunction()
        let sums = try await withThrowingTaskGroup(of: Double.self) { group in
            for k in 0..<8 {
                group.addTask {
                    let point = [Double(k) / 8, 1]
                    return try g(point).gradient.reduce(0, +) + p.evaluate(at: point).outputs[0]
                }
            }
            return try await group.reduce(into: [Double]()) { $0.append($1) }.sorted()
        }
        let expected = try (0..<8).map { k -> Double in
            let point = [Double(k) / 8, 1]
            return try p.gradient(at: point).gradient.reduce(0, +) + p.evaluate(at: point).outputs[0]
        }.sorted()
        XCTAssertEqual(sums, expected)
    }
}

extension LibraryTests {
    func testListingsFromProgram() throws {
        let p = try Program(parsing: "x^2*y")
        XCTAssertEqual(p.outputs.count, 1)
        XCTAssertEqual(try p.derivatives(), "d/dx = 2*x*y\nd/dy = x^2\n")
        XCTAssertEqual(try p.derivatives(wrt: ["x"], order: 2), "d^2/dx^2 = 2*y\n")
        XCTAssert(try p.derivatives(format: .latex).contains("\\frac"))
        XCTAssert(try p.trace(at: [3, 4]).contains("36"))
        XCTAssertThrowsError(try p.trace(at: [3]))
        XCTAssertEqual(try p.costs().inputs, ["x", "y"])
        XCTAssertThrowsError(try p.derivatives(wrt: ["q"])) {
            XCTAssertEqual($0 as? DerivError, .unknownInput("q", suggestion: nil))
        }
    }
}
