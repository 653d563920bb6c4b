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
