@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivCLI

/// `eval` and `grad` of vector and matrix programs (docs/MATRICES.md), their errors, and the
/// other commands' refusal of them.
final class MatrixCommandTests: XCTestCase {
    let leastSquares = "x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r"
    let point = "x=[1,2],A=[[1,2],[3,4]],b=[1,1]"

    func testGradPrintsEachInputInItsShape() {
        let text = "value = 116\nd/dx = [68, 96]\nd/dA = [[ 8, 16],\n        [20, 40]]\nd/db = [-8, -20]\n"
        assertSucceeds(deriv(["grad", leastSquares, "--at", point]), text)
        assertSucceeds(deriv(["grad", leastSquares, "--at", point, "--mode", "forward"]), text)
        assertSucceeds(deriv(["grad", leastSquares, "--at", point, "--json"]),
                       "{\"value\": 116, \"gradient\": {\"x\": [68, 96], \"A\": [[8, 16], [20, 40]], \"b\": [-8, -20]}}\n")
        assertSucceeds(deriv(["grad", leastSquares, "--at", point, "--wrt", "A", "--json"]),
                       "{\"value\": 116, \"gradient\": {\"A\": [[8, 16], [20, 40]]}}\n")
    }

    func testEvalPrintsLiterals() {
        assertSucceeds(deriv(["eval", leastSquares, "--at", point, "--of", "r"]), "[4, 10]\n")
        assertSucceeds(deriv(["eval", leastSquares, "--at", point, "--of", "r", "--json"]), "{\"value\": [4, 10], \"values\": {\"r\": [4, 10]}}\n")
        assertSucceeds(deriv(["eval", "[[1, 2.5], [30, 4]]' * [1, pi]"]), "[95.24777960769379, 15.066370614359172]\n")
        assertSucceeds(deriv(["eval", "A: matrix(2, 2); A'", "--at", "A=[[1, -2], [30, 4]]"]), "[[ 1, 30],\n [-2,  4]]\n")
        assertSucceeds(deriv(["eval", "x: vector(3); x'", "--at", "x=[1,2,3]"]), "[1, 2, 3]'\n")
    }

    func testValuesFromAJSONFile() throws {
        let path = try temporaryFile("{\"x\": [1, 2], \"A\": [[1, 2],\n [3, 4]], \"b\": [1, 1]}", name: "point.json")
        assertSucceeds(deriv(["grad", leastSquares, "--at", "@" + path, "--json"]),
                       "{\"value\": 116, \"gradient\": {\"x\": [68, 96], \"A\": [[8, 16], [20, 40]], \"b\": [-8, -20]}}\n")
        let ragged = try temporaryFile("{\"A\": [[1, 2], [3]]}", name: "ragged.json")
        assertFails(deriv(["eval", "A: matrix(m, n); sum(A)", "--at", "@" + ragged]), 2,
                    "error: \(ragged):1:7: the rows of \"A\" have one length: row 1 has 2 numbers, row 2 has 1\n" + usage("eval"))
        // A program of scalars reads no arrays, as before.
        let array = try temporaryFile("{\"x\": [1, 2]}", name: "array.json")
        assertFails(deriv(["eval", "x + 1", "--at", "@" + array]), 2,
                    "error: \(array):1:7: the value of \"x\" is an array; values are numbers, or strings holding constant expressions "
                    + "(\"pi/2\", \"NaN\", \"Infinity\")\n" + usage("eval"))
    }

    func testShapeErrorsHaveACaret() {
        assertFails(deriv(["eval", "A: matrix(2, 3); x: vector(2)\ny = A*x", "--at", "A=[[1,2,3],[4,5,6]],x=[1,1]"]), 1, """
            error: 2:5: cannot multiply matrix(2, 3) by vector(2): inner dimensions 3 and 2 differ
             2 | y = A*x
               |     ^~~

            """)
        assertFails(deriv(["grad", leastSquares, "--at", point, "--of", "r"]), 1, """
            error: 1:50: the gradient is of a scalar, and this output is vector(2); reduce it, e.g. with sum(…) or norm2(…)
             1 | x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r
               |                                                  ^~~~~~~

            """)
    }

    func testValuesThatDoNotFitTheDeclarations() {
        assertFails(deriv(["grad", leastSquares, "--at", "x=[1,2],A=[[1,2],[3,4]],b=[1,1,1]"]), 2,
                    "error: dimension 'm' is 2 by the value of 'A' but 3 by the value of 'b'\n" + usage("grad"))
        assertFails(deriv(["grad", leastSquares, "--at", "x=[1,2],A=[[1,2],[3,4]]"]), 2,
                    "error: no value for input 'b': add it to --at, e.g. --at b=[1,2]\n" + usage("grad"))
        assertFails(deriv(["grad", leastSquares, "--at", point, "--dims", "n=3"]), 2,
                    "error: --dims gives n=3, but by the value of 'x' n is 2\n" + usage("grad"))
        assertFails(deriv(["eval", "x: vector(3); x", "--at", "x=[1,2]"]), 2,
                    "error: 'x' is declared vector(3), but its value in --at is vector(2)\n" + usage("eval"))
        assertFails(deriv(["eval", "x + y", "--at", "x=[1,2],y=1"]), 2,
                    "error: --at: the value of 'x', '[1,2]', is a vector or matrix; a program takes one for an input it declares, "
                    + "as in 'x: vector(n)'\n" + usage("eval"))
        assertFails(deriv(["grad", leastSquares, "--points", "p.csv"]), 2,
                    "error: --points takes programs of scalars; give a vector or matrix program its values with --at\n" + usage("grad"))
    }

    func testCheckComparesEveryEntryWithDifferences() {
        assertSucceeds(deriv(["check", "x: vector(2); A: matrix(2, 2); x'*A*x", "--at", "x=[1,2],A=[[1,2],[3,4]]"]), """
            value = 27
                          AD (reverse mode)  central difference   |difference|
              d/dx[1]     12                 12.000000000146674   1.4667378422927868e-10  agrees
              d/dx[2]     21                 20.999999999889994   1.1000622635037871e-10  agrees
              d/dA[1, 1]   1                  1.0000000000366684  3.666844605731967e-11   agrees
              d/dA[1, 2]   2                  2.000000000073337   7.333689211463934e-11   agrees
              d/dA[2, 1]   2                  2.0000000000488916  4.8891557469232794e-11  agrees
              d/dA[2, 2]   4                  4                   0                       agrees
            all 6 agree with central differences

            """)
    }

    /// H·v of least squares along x = [1, 0]: 2AᵀA·v for x, 2(Av)xᵀ + 2r·vᵀ for A, −2Av for b.
    func testHessianVectorProduct() {
        assertSucceeds(deriv(["hvp", leastSquares, "--at", point, "--v", "x=[1,0]", "--json"]),
                       "{\"value\": 116, \"gradient\": {\"x\": [68, 96], \"A\": [[8, 16], [20, 40]], \"b\": [-8, -20]}, "
                       + "\"hvp\": {\"x\": [20, 28], \"A\": [[10, 4], [26, 12]], \"b\": [-2, -6]}}\n")
        assertSucceeds(deriv(["hvp", "x: vector(2); sum(x .^ 3)", "--at", "x=[1,2]", "--v", "x=[1,1]"]),
                       "value = 9\nd/dx = [3, 12]\n(H*v)[x] = [6, 12]\n")
        assertFails(deriv(["hvp", "x: vector(2); sum(x .^ 3)", "--at", "x=[1,2]", "--v", "x=[1,1,1]"]), 2,
                    "error: 'x' is vector(2), but its direction in --v is vector(3)\n" + usage("hvp"))
    }

    func testJacobianAtAPoint() {
        let text = "y = [5, 11]\ndy/dA = [[1, 2, 0, 0],\n         [0, 0, 1, 2]]\ndy/dx = [[1, 2],\n         [3, 4]]\n"
        let program = "A: matrix(2, 2); x: vector(2); y = A*x"
        assertSucceeds(deriv(["jacobian", program, "--at", "A=[[1,2],[3,4]],x=[1,2]"]), text)
        assertSucceeds(deriv(["jacobian", program, "--at", "A=[[1,2],[3,4]],x=[1,2]", "--mode", "forward"]), text)
        assertSucceeds(deriv(["jacobian", program, "--at", "A=[[1,2],[3,4]],x=[1,2]", "--wrt", "x", "--json"]),
                       "{\"value\": [5, 11], \"jacobian\": {\"x\": [[1, 2], [3, 4]]}}\n")
    }

    /// Derivatives in matrix notation, as the language writes them.
    func testDiffPrintsMatrixNotation() {
        assertSucceeds(deriv(["x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r"]),
                       "t1 = 2*(A*x - b)\nd/dx = A'*t1\nd/dA = t1*x'\nd/db = -t1\n")
        assertSucceeds(deriv(["diff", "X: matrix(m, n); w: vector(n); sum(softplus(X*w))", "--wrt", "w"]), "d/dw = X'*sigmoid(X*w)\n")
        assertFails(deriv(["diff", "x: vector(n); x"]), 1, """
            error: 1:15: the gradient is of a scalar, and this output is a vector; reduce it, e.g. with sum(…) or norm2(…)
             1 | x: vector(n); x
               |               ^

            """)
    }

    /// A matrix of ones the gradient needs is written with the inputs, not as a literal of the
    /// sizes the formulas were made at: the printed identity of `tr` evaluates to the identity
    /// at a size other than those.
    func testOnesInFormulasHoldAtEverySize() {
        assertSucceeds(deriv(["A: matrix(n, n); tr(A)"]), "d/dA = diag(diag(A.^0))\n")
        assertSucceeds(deriv(["eval", "A: matrix(n, n); diag(diag(A.^0))", "--at", "A=[[5,6,7],[8,9,1],[2,3,4]]"]),
                       "[[1, 0, 0],\n [0, 1, 0],\n [0, 0, 1]]\n")
        assertSucceeds(deriv(["x: vector(m); B: matrix(n, n); sum(x*diag(B)')"]),
                       "d/dx = x.^0*(diag(B.^0))'*diag(B)\nd/dB = diag(diag(B.^0)*(x.^0)'*x)\n")
        assertSucceeds(deriv(["A: matrix(m, n); y: vector(m); sum(A'*y)"]),
                       "d/dA = y*(diag((A'*A).^0))'\nd/dy = A*diag((A'*A).^0)\n")
    }

    func testJacobianLimits() {
        let x = "x=[" + Array(repeating: "1", count: 5000).joined(separator: ",") + "]"
        assertFails(deriv(["jacobian", "x: vector(n); sin(x)", "--at", x]), 2,
                    "error: the Jacobian has 5000 x 5000 entries, more than deriv writes (10^7); choose fewer inputs with --wrt\n" + usage("jacobian"))
        assertSucceeds(deriv(["jacobian", "x: vector(n); sin(x)", "--at", "x=[0, pi]", "--json"]),
                       "{\"value\": [0, 1.2246467991473532e-16], \"jacobian\": {\"x\": [[1, 0], [0, -1]]}}\n")
    }

    /// One line per matrix operation, whatever the sizes.
    func testGraphListsMatrixOperations() {
        assertSucceeds(deriv(["graph", "A: matrix(m, n); x: vector(n); y = A'*(A*x)", "--dims", "m=1000,n=30"]), """
            # inputs: A matrix(1000, 30), x vector(30); outputs: y; 3 operations
               A = input          # matrix(1000, 30)
               x = input          # vector(30)
            1  t1 = transpose A   # matrix(30, 1000)
            2  t2 = matmul A, x   # vector(1000)
            3  y = matmul t1, t2  # vector(30)
            output y

            """)
        assertFails(deriv(["graph", "A: matrix(m, n); x: vector(n); y = A'*(A*x)", "--dims", "m=1000"]), 2,
                    "error: no size for dimension 'n' of 'A': give A a value with --at, or --dims n=…\n" + usage("graph"))
    }

    /// Every other command refuses a vector or matrix program with the place that makes it one.
    func testOtherCommandsSayNotYet() {
        for command in ["jacobian"] {  // jacobian without --at: formulas (hessian: MatrixHessianTests)
            assertFails(deriv([command, "x: vector(n); sum(x .* x)"]), 1, """
                error: 1:4: 'deriv \(command)' does not take vector and matrix programs yet; diff, eval, grad, check, hvp, jacobian --at, hessian --at, graph, ops, trace and emit (C, JavaScript, Swift, NumPy) do
                 1 | x: vector(n); sum(x .* x)
                   |    ^~~~~~~~~

                """)
        }
    }
}
