import XCTest
@testable import DerivCLI

/// `deriv diff --format latex` of vector and matrix programs (docs/MATRICES.md): `^\top`,
/// `\odot`, `\oslash`, `\operatorname{sum}`, `\operatorname{tr}`, `\lVert x\rVert_2`.
final class MatrixLaTeXTests: XCTestCase {
    func testGolden() {
        assertGolden(deriv(["diff", "x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r", "--format", "latex"]).out,
                     "latex/matrix_least_squares.tex")
        assertGolden(deriv(["diff", "X: matrix(m, n); w: vector(n); y: vector(m); sum(log(exp(-y.*(X*w)) + 1))", "--format", "latex"]).out,
                     "latex/matrix_logistic.tex")
    }

    func testNotation() {
        assertSucceeds(deriv(["diff", "A: matrix(n, n); log(tr(A))", "--format", "latex"]),
                       "\\frac{\\mathrm{d} f}{\\mathrm{d} A} = \\operatorname{diag}\\left(\\frac{1}{\\operatorname{tr}\\left(A\\right)} \\mathbf{1}\\right)\n")
        assertSucceeds(deriv(["diff", "x: vector(n); norm2(x)", "--format", "latex"]),
                       "\\frac{\\mathrm{d} f}{\\mathrm{d} x} = \\frac{x}{\\lVert x\\rVert_2}\n")
        assertSucceeds(deriv(["diff", "x, y: vector(n); sum(x ./ y)", "--format", "latex", "--wrt", "x"]),
                       "\\frac{\\partial f}{\\partial x} = 1 \\oslash y\n")
    }

    func testOtherFormatsStillRefused() {
        assertFails(deriv(["diff", "x: vector(n); sum(x)", "--json"]), 2,
                    "error: the derivatives of a vector or matrix program are printed as text or LaTeX only, for now: "
                    + "give none of --json, --order, --at, --inline\n" + usage("diff"))
    }
}
