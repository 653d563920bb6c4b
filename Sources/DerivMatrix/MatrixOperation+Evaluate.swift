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
