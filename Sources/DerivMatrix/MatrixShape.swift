/// The shape of a value of a vector or matrix program (docs/MATRICES.md): `rows` × `columns`.
/// A scalar is 1 × 1, a vector n × 1 (vectors are columns), its transpose 1 × n. Entries are
/// stored row by row.
public struct MatrixShape: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(_ rows: Int, _ columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    public static let scalar = MatrixShape(1, 1)
    public static func vector(_ n: Int) -> MatrixShape { MatrixShape(n, 1) }

    public var count: Int { rows * columns }
    public var isScalar: Bool { rows == 1 && columns == 1 }
    public var transposed: MatrixShape { MatrixShape(columns, rows) }

    /// As the language writes the type: `scalar`, `vector(3)`, `vector(3)'` (a row), `matrix(2, 3)`.
    public var description: String {
        if isScalar { return "scalar" }
        if columns == 1 { return "vector(\(rows))" }
        if rows == 1 { return "vector(\(columns))'" }
        return "matrix(\(rows), \(columns))"
    }
}

/// A value of a vector or matrix program: its shape and its entries, row by row.
public struct Matrix: Equatable, Sendable {
    public var shape: MatrixShape
    public var entries: [Double]

    public init(_ shape: MatrixShape, _ entries: [Double]) {
        precondition(entries.count == shape.count, "a matrix's entries fill its shape")
        self.shape = shape
        self.entries = entries
    }

    public init(scalar v: Double) { self.init(.scalar, [v]) }

    public subscript(row: Int, column: Int) -> Double { entries[row * shape.columns + column] }
}
