/// The shape of a value of a vector or matrix program (docs/MATRICES.md): `rows` × `columns`.
/// A scalar is 1 × 1, a vector n × 1 (vectors are columns), its transpose 1 × n. Entries are
/// stored row by row.
package struct MatrixShape: Hashable, Sendable, CustomStringConvertible {
    package var rows: Int
    package var columns: Int

    package init(_ rows: Int, _ columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    package static let scalar = MatrixShape(1, 1)
    package static func vector(_ n: Int) -> MatrixShape { MatrixShape(n, 1) }

    package var count: Int { rows * columns }
    package var isScalar: Bool { rows == 1 && columns == 1 }
    package var transposed: MatrixShape { MatrixShape(columns, rows) }

    /// As the language writes the type: `scalar`, `vector(3)`, `vector(3)'` (a row), `matrix(2, 3)`.
    package var description: String {
        if isScalar { return "scalar" }
        if columns == 1 { return "vector(\(rows))" }
        if rows == 1 { return "vector(\(columns))'" }
        return "matrix(\(rows), \(columns))"
    }
}

/// A value of a vector or matrix program: its shape and its entries, row by row.
package struct Matrix: Equatable, Sendable {
    package var shape: MatrixShape
    package var entries: [Double]

    package init(_ shape: MatrixShape, _ entries: [Double]) {
        precondition(entries.count == shape.count, "a matrix's entries fill its shape")
        self.shape = shape
        self.entries = entries
    }

    package init(scalar v: Double) { self.init(.scalar, [v]) }

    package subscript(row: Int, column: Int) -> Double { entries[row * shape.columns + column] }
}
