/// Every operation a node of a `MatrixGraph` can hold (docs/MATRICES.md). Like `Op`'s, each
/// concern is one exhaustive `switch`, a row per operation, so a new case that lacks a row
/// does not compile:
///
/// | table | what |
/// |---|---|
/// | `shape` | the result's shape from the arguments', or why they do not fit |
/// | `evaluate` | the value, in loops over contiguous row-major entries |
/// | `derivative` | the derivative with respect to each argument as a `LinearMap`, for both modes |
/// | `cost` | its scalar operations by kind, as polynomials in the dimension names (`deriv ops`) |
///
/// All four are in this file, side by side, as `Op`'s are in OpTable.swift.
///
/// Scalar functions apply entry by entry (`elementwise`), reusing `Op`'s row for the value
/// and its partials.
package enum MatrixOperation: Hashable, Sendable {
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
    package struct Mismatch: Error, Equatable {
        package let message: String
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

extension MatrixOperation {
    /// The value of the operation for arguments `a` (entries row by row, shapes `shapes`),
    /// whose result has shape `shape`: loops over contiguous arrays. Leaves are not evaluated here.
    func evaluate(_ a: [[Double]], _ shapes: [MatrixShape], _ shape: MatrixShape) -> [Double] {
        var out = [Double](repeating: 0, count: shape.count)
        out.withUnsafeMutableBufferPointer { r in
            switch self {
            case .input, .constant:
                preconditionFailure("leaves have their values given")
            case .elementwise(let op):
                // A scalar argument is read at index 0 for every entry (stride 0).
                let n = r.count
                let x = a[0], sx = x.count == 1 ? 0 : 1
                if a.count == 1 {
                    x.withUnsafeBufferPointer { x in for k in 0..<n { r[k] = op.evaluate(x[k * sx]) } }
                } else if a.count == 2 {
                    let y = a[1], sy = y.count == 1 ? 0 : 1
                    x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in
                        for k in 0..<n { r[k] = op.evaluate(x[k * sx], y[k * sy]) }
                    } }
                } else {
                    let y = a[1], sy = y.count == 1 ? 0 : 1, z = a[2], sz = z.count == 1 ? 0 : 1
                    for k in 0..<n { r[k] = op.evaluate(x[k * sx], y[k * sy], z[k * sz]) }
                }
            case .matmul:
                let (m, inner, n) = (shapes[0].rows, shapes[0].columns, shapes[1].columns)
                a[0].withUnsafeBufferPointer { x in a[1].withUnsafeBufferPointer { y in
                    // Row by row, the inner index outside the column index: both read contiguously.
                    for i in 0..<m {
                        for k in 0..<inner {
                            let xik = x[i * inner + k]
                            for j in 0..<n { r[i * n + j] += xik * y[k * n + j] }
                        }
                    }
                } }
            case .transpose:
                let (m, n) = (shapes[0].rows, shapes[0].columns)
                a[0].withUnsafeBufferPointer { x in
                    for i in 0..<m { for j in 0..<n { r[j * m + i] = x[i * n + j] } }
                }
            case .sum:
                r[0] = a[0].withUnsafeBufferPointer { x in x.reduce(0, +) }
            case .broadcast:
                for k in r.indices { r[k] = a[0][0] }
            case .diagonal:
                let n = shapes[0].columns
                for i in r.indices { r[i] = a[0][i * n + i] }
            case .diagonalMatrix:
                let n = shapes[0].rows
                for i in 0..<n { r[i * n + i] = a[0][i] }
            case .entry(let k):
                r[0] = a[0][k]
            case .place(let k, _):
                r[k] = a[0][0]
            case .stack:
                for k in r.indices { r[k] = a[k][0] }
            }
        }
        return out
    }
}

extension MatrixOperation {
    /// The derivative of node `i` (this operation) with respect to its argument `k`, or nil
    /// where it is zero. Partials of an elementwise operation are `Op.partial`, built in the
    /// matrix graph entry by entry.
    func derivative(_ k: Int, of i: Int, _ b: MatrixBuilder) -> LinearMap? {
        let a = b.graph.nodes[i].arguments
        switch self {
        case .input, .constant:
            return nil
        case .elementwise(let op):
            return op.partial(k, a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil, out: i, in: b).map(LinearMap.scale)
        case .matmul: return k == 0 ? .rightProduct(a[1]) : .leftProduct(a[0])
        case .transpose: return .transpose
        case .sum: return .sum
        case .broadcast: return .broadcast
        case .diagonal: return .diagonal
        case .diagonalMatrix: return .diagonalMatrix
        case .entry(let e): return .entry(e)
        case .place(let e, _): return .place(e)
        case .stack: return .place(k)
        }
    }
}

extension MatrixOperation {
    /// The scalar operations this operation takes, by kind (`Op.info.cost`), for arguments of
    /// shapes `a` and a result of shape `shape`, each dimension written by `size` as a polynomial
    /// in the dimension names (docs/MATRICES.md, "ops"). Moving entries (a transpose, a
    /// broadcast, an entry, a diagonal) is free, as inputs and constants are.
    func cost(_ a: [MatrixShape], _ shape: MatrixShape, _ size: (Int) -> Polynomial) -> [(CostClass, Polynomial)] {
        func entries(_ s: MatrixShape) -> Polynomial { size(s.rows) * size(s.columns) }
        switch self {
        case .input, .constant, .transpose, .broadcast, .diagonal, .diagonalMatrix, .entry, .place, .stack:
            return []
        case .elementwise(let op):
            return [(op.info.cost, entries(shape))]
        case .matmul:
            // m×k times k×n: m·n·k products, and m·n sums of k terms.
            let (m, k, n) = (size(a[0].rows), size(a[0].columns), size(a[1].columns))
            return [(.mul, m * n * k), (.addSub, m * n * (k - Polynomial(1)))]
        case .sum:
            return [(.addSub, entries(a[0]) - Polynomial(1))]
        }
    }
}
