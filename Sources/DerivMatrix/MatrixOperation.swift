/// Every operation a node of a `MatrixGraph` can hold (docs/MATRICES.md). Like `Op`'s, each
/// concern is one exhaustive `switch`, a row per operation, so a new case that lacks a row
/// does not compile:
///
/// | table | file | what |
/// |---|---|---|
/// | `shape` | MatrixOperation.swift | the result's shape from the arguments', or why they do not fit |
/// | `evaluate` | MatrixOperation+Evaluate.swift | the value, in loops over contiguous row-major entries |
/// | `derivative` | MatrixOperation+Derivative.swift | the derivative with respect to each argument as a linear map, for both modes |
/// | `cost` | MatrixOperation+Cost.swift | its scalar operations by kind, as polynomials in the dimension names (`deriv ops`) |
///
/// Scalar functions apply entry by entry (`elementwise`), reusing `Op`'s row for the value
/// and its partials.
public enum MatrixOperation: Hashable, Sendable {
    /// A program input (its index among the graph's inputs).
    case input(Int)
    /// Numbers known now (an index into `MatrixGraph.constants`).
    case constant(Int)
    /// A scalar operation entry by entry; an argument that is a scalar is used for every entry.
    case elementwise(Op)
    /// The matrix product `A*B`.
    case matmul
    /// `A'`.
    case transpose
    /// The sum of all entries: a scalar.
    case sum
    /// A scalar copied into every entry of a shape.
    case broadcast(MatrixShape)
    /// The diagonal of a square matrix, as a vector.
    case diagonal
    /// The square matrix with a vector on its diagonal, 0 elsewhere.
    case diagonalMatrix
    /// One entry (its row-major index) of the argument: a scalar.
    case entry(Int)
    /// A scalar placed at one entry (row-major index) of a shape, 0 elsewhere.
    case place(Int, MatrixShape)
    /// Scalars laid out row by row into a shape (a literal with entries that are not constants).
    case stack(MatrixShape)

    /// Why arguments do not fit an operation: the message, without a place.
    public struct Mismatch: Error, Equatable {
        public let message: String
    }

    /// The shape of the result for arguments of shapes `a`, or why they do not fit.
    func shape(_ a: [MatrixShape]) -> Result<MatrixShape, Mismatch> {
        func fail(_ message: String) -> Result<MatrixShape, Mismatch> { .failure(Mismatch(message: message)) }
        switch self {
        case .input, .constant:
            preconditionFailure("leaves have their shape given")
        case .elementwise:
            let full = a.filter { !$0.isScalar }
            guard let first = full.first else { return .success(.scalar) }
            if full.contains(where: { $0 != first }) {
                return fail("their shapes differ")
            }
            return .success(first)
        case .matmul:
            guard a[0].columns == a[1].rows else {
                return fail("inner dimensions \(a[0].columns) and \(a[1].rows) differ")
            }
            return .success(MatrixShape(a[0].rows, a[1].columns))
        case .transpose:
            return .success(a[0].transposed)
        case .sum, .entry:
            return .success(.scalar)
        case .broadcast(let s), .place(_, let s), .stack(let s):
            return .success(s)
        case .diagonal:
            guard a[0].rows == a[0].columns else { return fail("the matrix is not square") }
            return .success(.vector(a[0].rows))
        case .diagonalMatrix:
            return .success(MatrixShape(a[0].rows, a[0].rows))
        }
    }
}
