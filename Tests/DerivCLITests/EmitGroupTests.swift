import XCTest
@testable import DerivCLI

/// `deriv emit --group NAME=x,y` (docs/EMIT.md, "Parameter groups"): each group one array
/// argument, the inputs in no group one parameter each and only read, a part of the gradient per
/// group differentiated; the whole code of each language is a golden file
/// (Golden/groups/<language>.txt), and every mistake is a usage error (exit 2). What the code
/// computes is tested in DerivKitTests (EmitConventionTests).
final class EmitGroupTests: XCTestCase {
    static let program = "loss = (w1*x1 + w2*x2 + b - t)^2 + lam*(w1^2 + w2^2)"
    static let groups = ["--group", "params=w1,w2,b", "--group", "data=x1,x2,t"]

    func testEachLanguageGolden() {
        for language in ["c", "swift", "javascript", "python", "numpy"] {
            let r = deriv(["emit", Self.program, "--lang", language] + Self.groups + ["--wrt", "params", "--name", "loss"])
            XCTAssertEqual(r.status, 0, "\(r)")
            XCTAssertEqual(r.err, "")
            assertGolden(r.out, "groups/\(language).txt")
        }
        // Forward mode and several outputs: a direction and a Jacobian per group differentiated.
        let jacobian = deriv(["emit", "u = a*x + b; v = a*b*x", "--of", "u,v", "--mode", "forward", "--lang", "c",
                              "--group", "p=a,b"])
        XCTAssertEqual(jacobian.status, 0, "\(jacobian)")
        assertGolden(jacobian.out, "groups/jacobian.txt")
    }

    func testSignatures() {
        let c = deriv(["emit", Self.program, "--lang", "c"] + Self.groups)
        XCTAssert(c.out.contains("double f_grad(const double params[3], const double data[3], double lam, double grad_params[3],\n"
                                 + "    double grad_data[3]);"), c.out)
        XCTAssert(c.out.contains("// Inputs, in order: params [w1, w2, b], data [x1, x2, t], lam. Output: loss."), c.out)
        XCTAssert(c.out.contains("--group params=w1,w2,b --group data=x1,x2,t"), c.out)
        let header = deriv(["emit", Self.program, "--lang", "c", "--header", "--wrt", "data"] + Self.groups)
        XCTAssert(header.out.contains("double f_grad(const double params[3], const double data[3], double lam, double grad_data[3]);"),
                  header.out)
        let typescript = deriv(["emit", Self.program, "--lang", "javascript", "--header", "--wrt", "params"] + Self.groups)
        XCTAssert(typescript.out.contains("export function fGradient(params: number[] | Float64Array, data: number[] | Float64Array,\n"
                                          + "    lam: number, grad_params: number[] | Float64Array): number;"), typescript.out)
        XCTAssert(typescript.out.contains(" * @param {number[] | Float64Array} params the inputs of params, in order: w1, w2, b"),
                  typescript.out)
        let swift = deriv(["emit", Self.program, "--lang", "swift", "--mode", "forward", "--wrt", "params"] + Self.groups)
        XCTAssert(swift.out.contains("public func fJVP(_ params: [Double], _ data: [Double], _ lam: Double, _ d_params: [Double]) throws"),
                  swift.out)
        XCTAssert(swift.out.contains("throws -> (value: Double, gradientParams: [Double]) {"), swift.out)
        // Without --group nothing changes: the same bytes as before the option existed.
        XCTAssertEqual(deriv(["emit", Self.program, "--lang", "c", "--wrt", "w1"]).out.contains("params"), false)
    }

    func testUsageErrors() {
        let cases: [([String], String)] = [
            (["--group", "params=w1,w3"], "--group params names 'w3', which is not an input of the program; did you mean 'w1'?"),
            (["--group", "p=w1,w2", "--group", "q=w2"], "input 'w2' is in two groups, --group p and --group q"),
            (["--group", "1p=w1"], "--group '1p': a group's name is its array's, an identifier (letters, digits and '_', not first a digit)"),
            (["--group", "lam=w1"], "--group 'lam' is named like an input of the program; name the group otherwise"),
            (["--group", "p=w1", "--group", "p=w2"], "--group 'p' is given twice"),
            (["--group", "p="], "--group p names no inputs: --group p=x,y"),
            (["--group", "w1,w2"], "--group expects NAME=input,input,…, such as --group params=w1,w2,b, got 'w1,w2'"),
            (["--group", "p=w1,w2", "--wrt", "w1"], "with --group, --wrt names groups: 'w1' is in group 'p'; give --wrt p"),
            (["--group", "p=w1,w2", "--wrt", "lam"],
             "with --group, --wrt names groups: 'lam' is in no group, so it is only read; put it in a group to differentiate with respect to it"),
            (["--group", "params=w1,w2", "--wrt", "param"], "--wrt names 'param', which is not a group; did you mean 'params'?"),
            (["--group", "p=w1", "--wrt", "p,p"], "--wrt names 'p' twice"),
            (["--group", "p=w1", "--array"], "--group and --array are two ways to pass the inputs in arrays; give one"),
            (["--group", "p=w1", "--batch"], "--batch takes no --group: its inputs are arrays of points"),
        ]
        for (arguments, message) in cases {
            assertFails(deriv(["emit", Self.program, "--lang", "c"] + arguments), 2, "error: \(message)\n" + usage("emit"))
        }
        assertFails(deriv(["emit", "x: vector(n); sum(x)", "--lang", "c", "--group", "p=x"]), 2,
                    "error: --group is for programs of scalars: a vector or matrix program's inputs are arrays already\n" + usage("emit"))
    }
}
