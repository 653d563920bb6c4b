@_spi(DerivCore) import DerivMatrix
import XCTest
@testable import DerivKit

/// `Polynomial.sign`: the sign at every size of at least 1, when the terms show it (docs/MATRICES.md, "ops").
final class PolynomialTests: XCTestCase {
    private func p(_ terms: [([String], Int)]) -> Polynomial {
        terms.reduce(Polynomial.zero) { sum, t in sum + t.0.reduce(Polynomial(t.1)) { $0 * Polynomial(name: $1) } }
    }

    func testSign() {
        XCTAssertEqual(Polynomial.zero.sign, 0)
        XCTAssertEqual(p([(["m", "n"], 2), ([], 1)]).sign, 1)                     // all positive
        XCTAssertEqual(p([(["n", "n"], 2), (["n"], -1)]).sign, 1)                 // 2n² − n: n² pays for n
        XCTAssertEqual(p([(["n", "n"], 1), (["n"], -1)]).sign, nil)               // n² − n is 0 at n = 1
        XCTAssertEqual(p([(["d", "n"], 5), (["n"], -3), ([], -1)]).sign, 1)       // 5dn − 3n − 1
        XCTAssertEqual(p([(["m"], 1), (["n"], -1)]).sign, nil)                    // m − n: no multiple of n
        XCTAssertEqual(p([(["n", "n", "n"], -3), (["n"], 1)]).sign, -1)           // −3n³ + n
        XCTAssertEqual(p([(["m", "n"], 1), (["m"], -1), (["n"], -1)]).sign, nil)  // mn − m − n: mn pays for one only
    }
}
