import XCTest

/// `deriv emit` of vector and matrix programs from the command line (docs/MATRICES.md, "emit:
/// code with loops"); the code itself is compiled and run in DerivKitTests' MatrixEmitTests.
final class MatrixEmitCommandTests: XCTestCase {
    /// Python with the math module only has no arrays: NumPy has (docs/EMIT.md).
    func testPythonPointsAtNumPy() {
        assertFails(deriv(["emit", "x: vector(n); sum(x .* x)", "--lang", "python"]), 1, """
            error: 1:4: 'deriv emit --lang python' writes one number per variable, with the math module only; for vector and matrix programs use --lang numpy (or c, javascript, swift)
             1 | x: vector(n); sum(x .* x)
               |    ^~~~~~~~~

            """)
    }

    func testNumPyTakesTheArraysAlone() {
        let r = deriv(["emit", "--lang", "numpy", "A: matrix(m, n); x: vector(n); s: scalar; s*norm2(A*x)^2"])
        XCTAssertEqual(r.status, 0, r.err)
        for line in ["def f(A, x, s):", "def f_grad(A, x, s):", "    m = np.shape(A)[0]", "    x = deriv_input(x, \"x\", (n,))",
                     "    t1 = A @ x", "Returns the value, a float, and the gradients (gA, gx, gs)."] {
            XCTAssertTrue(r.out.contains(line), "missing '\(line)' in\n\(r.out)")
        }
    }

    func testSwiftReturnsTheGradients() {
        let r = deriv(["emit", "--lang", "swift", "A: matrix(m, n); x: vector(n); s: scalar; s*norm2(A*x)^2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("public func f(_ m: Int, _ n: Int, _ A: [Double], _ x: [Double], _ s: Double) throws -> Double {"), r.out)
        XCTAssertTrue(r.out.contains("public func fGradient(_ m: Int, _ n: Int, _ A: [Double], _ x: [Double], _ s: Double) throws"
                                     + " -> (value: Double, gradient: (A: [Double], x: [Double], s: Double)) {"), r.out)
        XCTAssertTrue(r.out.contains("    guard A.count == m*n else { throw FSizeError(description: \"fGradient: A has \\(A.count) entries, not \\(m*n)\") }"), r.out)
    }

    /// Names the language reserves are renamed as the scalar code's are (docs/EMIT.md, "Names"),
    /// in the code and its header alike; `--wrt` and `--dims` still take the program's names.
    func testReservedNamesAndKeywordsRenamed() {
        let program = "__W: matrix(__n, 2); in: vector(2); sum(__W*in)"
        for header in [[], ["--header"]] {
            let c = deriv(["emit", "--lang", "c", program, "--wrt", "__W", "--dims", "__n=3"] + header)
            XCTAssertEqual(c.status, 0, c.err)
            for line in ["// Inputs, in order: W (the program's __W), in.\n", "double f_grad(const double *W, const double *in, double *gW)"] {
                XCTAssertTrue(c.out.contains(line), "missing '\(line)' in\n\(c.out)")
            }
            let js = deriv(["emit", "--lang", "javascript", program] + header)
            XCTAssertEqual(js.status, 0, js.err)
            for line in ["// Inputs, in order: __W, in_ (the program's in).\n", "export function fGradient(__n"] {
                XCTAssertTrue(js.out.contains(line), "missing '\(line)' in\n\(js.out)")
            }
        }
    }

    func testSizeFixedByALiteralNeedsDims() {
        assertFails(deriv(["emit", "--lang", "c", "x: vector(n); sum(x + [1, 2])"]), 1, """
            error: 1:19: cannot add vector(n) and vector(2): their shapes differ; the code takes the dimensions as parameters, unless --dims gives them (--dims n=2)
             1 | x: vector(n); sum(x + [1, 2])
               |                   ^~~~~~~~~~

            """)
        let r = deriv(["emit", "--lang", "c", "x: vector(n); sum(x + [1, 2])", "--dims", "n=2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("double f_grad(const double *x, double *gx)"), r.out)
    }

    func testDimensionsAreParametersInDeclarationOrder() {
        let r = deriv(["emit", "--lang", "c", "A: matrix(m, n); x: vector(n); b: vector(m); norm2(A*x - b)^2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("double f(int m, int n, const double *A, const double *x, const double *b)"), r.out)
        XCTAssertTrue(r.out.contains("double f_grad(int m, int n, const double *A, const double *x, const double *b, double *gA,"), r.out)
    }

    func testForwardModeAndArrayAreForScalarPrograms() {
        let r = deriv(["emit", "--lang", "c", "x: vector(n); sum(x)", "--mode", "forward"])
        XCTAssertEqual(r.status, 2)
    }
}
