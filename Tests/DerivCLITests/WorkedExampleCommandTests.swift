import Foundation
import XCTest
@testable import DerivCLI

/// `deriv ops` of the worked examples (docs/MATRICES.md, "Worked examples"): for the 3-step RNN,
/// forward mode (RTRL: the Jacobian of the state carried forward, one sweep per weight) costs a
/// polynomial of degree 4 in the state's size, reverse mode (BPTT) one of degree 2, and reverse
/// is cheaper at every size.
final class WorkedExampleCommandTests: XCTestCase {
    let rnn = ["-f", "grammar/examples/rnn3.deriv", "--wrt", "Wh,Wx,b"]

    func testRNNReverseIsCheaperAtEverySize() throws {
        let text = deriv(["ops"] + rnn)
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.hasSuffix("  reverse mode is cheaper for every size\n"), text.out)
        let run = deriv(["ops"] + rnn + ["--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let formulas = try XCTUnwrap(json["formulas"] as? [String: String])
        XCTAssertEqual(json["cheaper"] as? String, "reverse")
        XCTAssertEqual(formulas["inputs"], "d*n + n^2 + n")
        XCTAssertEqual(formulas["reverse"], "11*d*n + 15*n^2 + 17*n + 1")
        XCTAssertTrue(formulas["forward"]!.contains("10*n^4"), formulas["forward"]!)
    }

    /// With sizes, the factor grows as n²: about n·(n + d) sweeps against one.
    func testRNNFactorGrowsWithTheState() throws {
        var factors: [Double] = []
        for n in [10, 100] {
            let run = deriv(["ops"] + rnn + ["--dims", "n=\(n),d=\(n / 2)", "--json"])
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
            XCTAssertEqual(json["cheaper"] as? String, "reverse")
            factors.append(try XCTUnwrap(json["factor"] as? Double))
        }
        XCTAssertGreaterThan(factors[0], 50)
        XCTAssertGreaterThan(factors[1] / factors[0], 50)
    }

    /// The 4-8-1 network's gradient is the same in both modes (the text, to the last digit).
    func testNetwork481BothModes() {
        let at = ["--at", "W1=[[0.2,-0.1,0.4,0.1],[-0.3,0.2,0.1,-0.2],[0.1,0.1,-0.1,0.3],[0.5,-0.4,0.2,0],[-0.1,-0.2,0.3,0.2],"
                  + "[0.3,0.1,0,-0.3],[0,0.2,0.2,0.1],[-0.2,0.3,-0.1,0.4]],b1=[0.1,0,-0.1,0.2,0,0.1,-0.2,0],"
                  + "W2=[[0.3,0.2,0.5,0.1,-0.4,0.2,0.3,-0.1]],b2=0.1,x=[0.5,1.2,0.3,2],y=0"]
        let args = ["-f", "grammar/examples/matrix_481.deriv", "--wrt", "W1,b1,W2,b2"] + at
        let reverse = deriv(["grad"] + args), forward = deriv(["grad"] + args + ["--mode", "forward"])
        XCTAssertEqual(reverse.status, 0, reverse.err)
        XCTAssertTrue(reverse.out.hasPrefix("value = 0.943248945997455\n"), reverse.out)
        XCTAssertEqual(reverse.out, forward.out)
    }
}
