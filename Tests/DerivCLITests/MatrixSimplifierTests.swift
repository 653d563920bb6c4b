import XCTest
@testable import DerivCLI

/// `deriv diff` of vector and matrix programs after the simplifier of matrix formulas
/// (docs/MATRICES.md, "The simplifier of matrix formulas"): the examples it was made for.
final class MatrixSimplifierTests: XCTestCase {
    /// `norm2(A*x - y)^2`: `2*(A*x - y)` named once, as matrixcalculus.org writes 2⋅Aᵀ⋅(A⋅x − y)
    /// and 2⋅(A⋅x − y)⋅xᵀ; `0.5/t*(2*t)` (t the norm) is 1. `r'*r` gives the same.
    func testLeastSquares() {
        let expected = "t1 = 2*(A*x - y)\nd/dx = A'*t1\nd/dA = t1*x'\nd/dy = -t1\n"
        assertSucceeds(deriv(["x: vector(n); A: matrix(m, n); y: vector(m); norm2(A*x - y)^2"]), expected)
        assertSucceeds(deriv(["x: vector(n); A: matrix(m, n); y: vector(m); r = A*x - y; r'*r"]), expected)
        assertSucceeds(deriv(["x: vector(n); norm2(x)"]), "d/dx = x/norm2(x)\n")
    }

    /// Logistic regression (`t3 .* (1 ./ (t3 + 1))` is `t3 ./ (t3 + 1)`), and the lecture notes'
    /// network, where `-(2*(t - o)*0.5)` is `o - t`.
    func testLogisticRegressionAndNetwork() {
        assertSucceeds(deriv(["X: matrix(m, n); w: vector(n); y: vector(m); sum(log(exp(-y.*(X*w)) + 1))"]), """
            t1 = -y
            t2 = X*w
            t3 = exp(t1 .* t2)
            t4 = t3 ./ (t3 + 1)
            t5 = t1 .* t4
            d/dX = t5*w'
            d/dw = X'*t5
            d/dy = -(t2 .* t4)

            """)
        assertSucceeds(deriv(["-f", "grammar/examples/matrix_network.deriv"]), """
            h = sigmoid(W1*[0.05, 0.1] + b1)
            o = sigmoid(W2*h + b2)
            t1 = o .* (1 - o) .* (o - [0.01, 0.99])
            t2 = h .* (1 - h) .* (W2'*t1)
            d/dW1 = t2*[0.05, 0.1]'
            d/dW2 = t1*h'
            d/db1 = sum(t2)
            d/db2 = sum(t1)

            """)
        assertSucceeds(deriv(["W: matrix(m, n); x: vector(n); sum(sigmoid(W*x))"]),
                       "t1 = sigmoid(W*x)\nt2 = t1 .* (1 - t1)\nd/dW = t2*x'\nd/dx = W'*t2\n")
    }

    /// Traces and quadratic forms: the identity of `tr` multiplies nothing, products of one factor
    /// are factored (`(A' + A)*x`), numbers come out of products and transposes.
    func testTracesAndQuadraticForms() {
        assertSucceeds(deriv(["A, B: matrix(m, n); tr(A'*B)"]), "d/dA = B\nd/dB = A\n")
        assertSucceeds(deriv(["x: vector(n); A: matrix(n, n); x'*A*x"]), "d/dx = (A' + A)*x\nd/dA = x*x'\n")
        assertSucceeds(deriv(["x: vector(n); A: matrix(n, n); 0.5*x'*A*x"]), "d/dx = 0.5*((A' + A)*x)\nd/dA = 0.5*(x*x')\n")
        assertSucceeds(deriv(["A: matrix(m, n); B: matrix(n, k); C: matrix(m, k); sum((A*B)' .* C')"]),
                       "d/dA = C*B'\nd/dB = A'*C\nd/dC = A*B\n")
    }

    /// Scalar factors on either side of a product, `-(-x)`, `(A')'`, `x .* 1`, ones from the inputs.
    func testSmallRewrites() {
        assertSucceeds(deriv(["x: vector(n); A: matrix(m, n); c: scalar; sum(c*(A*x)) + sum(A*(c*x))"]),
                       "t1 = diag((A*A').^0)\nt2 = A'*t1\nt3 = 2*c\nd/dx = t3*t2\nd/dA = t3*(t1*x')\nd/dc = sum(x .* t2) + sum(A*x)\n")
        assertSucceeds(deriv(["x: vector(n); sum(-(-x))"]), "d/dx = x.^0\n")
        assertSucceeds(deriv(["A: matrix(n, n); x, y: vector(n); sum(((A')')*x .* y)"]), "d/dA = y*x'\nd/dx = A'*y\nd/dy = A*x\n")
        assertSucceeds(deriv(["x: vector(n); sum(x .* 1) + sum(1 .* x)"]), "d/dx = 2*x.^0\n")
        assertSucceeds(deriv(["x: vector(n); sum(x)"]), "d/dx = x.^0\n")
        // Like terms of a sum merged: X + X + X + X as 4*X, the two halves of u as 2*u.
        assertSucceeds(deriv(["X: matrix(m, n); u: vector(n); sum(X .* X) + norm2(X)^2 + 0.5*u'*u + dot(u, u)/2"]),
                       "d/dX = 4*X\nd/du = 2*u\n")
    }

    /// LaTeX is written from the same simplified graph.
    func testLaTeX() {
        assertSucceeds(deriv(["x: vector(n); A: matrix(n, n); 0.5*x'*A*x", "--format", "latex"]), """
            \\begin{aligned}
            \\frac{\\partial f}{\\partial x} &= 0.5 \\left(A^\\top + A\\right) x \\\\
            \\frac{\\partial f}{\\partial A} &= 0.5 x x^\\top
            \\end{aligned}

            """)
    }
}
