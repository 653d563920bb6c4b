@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
import Foundation
import XCTest
@testable import DerivKit

/// The numerically careful forms: the builder's rewrites to log1p, expm1 and softplus, and the
/// overflow-free sigmoid and softplus, in the interpreter (the emitted code is checked against it
/// in EmitRunTests).
final class CarefulFormsTests: XCTestCase {
    func ops(_ text: String) throws -> [Op] {
        try Program(parsing: text).graph.nodes.map(\.op).filter { !$0.isLeaf }
    }

    func testRewrites() throws {
        XCTAssertEqual(try ops("log(1 + x)"), [.log1p])
        XCTAssertEqual(try ops("log(x + 1)"), [.log1p])
        XCTAssertEqual(try ops("exp(x) - 1"), [.expm1])
        XCTAssertEqual(try ops("log(1 + exp(x))"), [.softplus])
        XCTAssertEqual(try ops("log1p(exp(x))"), [.softplus])
        // Not the pattern: left alone.
        XCTAssertEqual(try ops("log(2 + x)"), [.add, .log])
        XCTAssertEqual(try ops("exp(x) - 2"), [.exp, .sub])
        XCTAssertEqual(try ops("1 - exp(x)"), [.exp, .sub])
        // Seed 000 keeps its six operations, one per step of the worked example.
        XCTAssertEqual(try ops("1/(exp(-(w*x+b))+1)"), [.mul, .add, .neg, .exp, .add, .div])
    }

    func testRewrittenFormsAreAccurate() throws {
        XCTAssertEqual(try Program(parsing: "log(1 + x)").evaluate(at: [1e-20]).outputs[0], 1e-20)
        XCTAssertEqual(try Program(parsing: "exp(x) - 1").evaluate(at: [1e-20]).outputs[0], 1e-20)
        let r = try gradientBothModes("log(1 + exp(x))", ["x": 800])
        XCTAssertEqual(r.value, 800)
        XCTAssertEqual(r.gradient["x"], 1)
        let s = try gradientBothModes("log(1 + exp(x))", ["x": -800])
        XCTAssertEqual(s.value, 0)
        XCTAssertEqual(s.gradient["x"], 0)
        XCTAssertEqual(try gradientBothModes("exp(x) - 1", ["x": 1e-10]).gradient["x"], Foundation.expm1(1e-10) + 1)
    }

    /// The rewrites change results only where the careful form is more accurate: at the special
    /// values they agree (up to the sign of a zero).
    func testLogAndExpSpecialValuesAgree() {
        for x in [-1.0, -2, -0.0, 0, .infinity, -.infinity, .nan] {
            let naive = Foundation.log(1 + x), careful = Op.log1p.evaluate(x)
            XCTAssert(naive == careful || (naive.isNaN && careful.isNaN), "log1p(\(x))")
            let naiveE = Foundation.exp(x) - 1, carefulE = Op.expm1.evaluate(x)
            XCTAssert(naiveE == carefulE || (naiveE.isNaN && carefulE.isNaN), "expm1(\(x))")
        }
    }

    /// The one-exp sigmoid gives the bits of the textbook two-branch definition.
    func testSigmoidWithOneExpIsTheTwoBranchDefinition() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<10_000 {
            let x = Double.random(in: -40...40, using: &rng)
            let twoBranch = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
            XCTAssertEqual(Op.sigmoid.evaluate(x).bitPattern, twoBranch.bitPattern, "sigmoid(\(x))")
        }
    }

    func testNoOverflowAtLargeArguments() throws {
        for text in ["sigmoid(x)", "softplus(x)", "x*sigmoid(x)", "softplus(-x)", "tanh(x)", "log(1 + exp(-x))"] {
            for x in [50.0, 500, 800, -50, -500, -800] {
                let r = try gradientBothModes(text, ["x": x])
                XCTAssert(r.value.isFinite && r.gradient["x"]!.isFinite, "\(text) at \(x): \(r)")
            }
        }
    }
}
