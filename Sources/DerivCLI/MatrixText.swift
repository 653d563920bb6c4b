@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit

/// How `eval` and `grad` write vectors and matrices (docs/MATRICES.md): as the language's
/// literals, so that a printed value reads back. A vector is `[1, 2, 3]`, a row `[1, 2, 3]'`, a
/// matrix its rows one a line, columns aligned; in JSON a vector is an array of numbers and a
/// matrix an array of rows.
enum MatrixLayout {
    case scalar, vector, row, matrix

    /// The layout of a value of `shape`; a declared input keeps its declared form (`vector(1)`
    /// is a vector, `matrix(1, 3)` a matrix).
    init(_ shape: MatrixShape, declared: AST.Declaration.Shape? = nil) {
        switch declared {
        case .vector?: self = .vector
        case .matrix?: self = .matrix
        default:
            if shape.isScalar { self = .scalar } else if shape.columns == 1 { self = .vector } else if shape.rows == 1 { self = .row } else { self = .matrix }
        }
    }

    /// The text of `m`; lines after the first of a matrix are indented by `indent` spaces, to
    /// stand under the first after a label (`d/dA = `).
    func text(_ m: Matrix, indent: Int = 0) -> String {
        switch self {
        case .scalar: return formatNumber(m.entries[0])
        case .vector: return MatrixLayout.list(m.entries, json: false)
        case .row: return MatrixLayout.list(m.entries, json: false) + "'"
        case .matrix:
            let numbers = m.entries.map(formatNumber)
            let (rows, columns) = (m.shape.rows, m.shape.columns)
            let widths = (0..<columns).map { j in (0..<rows).map { numbers[$0 * columns + j].count }.max() ?? 0 }
            let lines = (0..<rows).map { i in
                "[" + (0..<columns).map { j in
                    let s = numbers[i * columns + j]
                    return String(repeating: " ", count: widths[j] - s.count) + s
                }.joined(separator: ", ") + "]"
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
    }

    func json(_ m: Matrix) -> JSON {
        switch self {
        case .scalar: return .number(m.entries[0])
        case .vector, .row: return .rendered(MatrixLayout.list(m.entries, json: true))
        case .matrix:
            let n = m.shape.columns
            return .array((0..<m.shape.rows).map { i in .rendered(MatrixLayout.list(m.entries[(i * n)..<((i + 1) * n)], json: true)) })
        }
    }

    /// `[1, 2, 3]`, written number by number into one buffer (a million entries print in a
    /// fraction of a second); in JSON, NaN and ±∞ are strings, as `JSON.number` writes them.
    private static func list(_ entries: some Collection<Double>, json: Bool) -> String {
        var out = TextBuffer(capacity: entries.count * 24 + 2)
        out.append("[")
        for (k, v) in entries.enumerated() {
            if k > 0 { out.append(", ") }
            writeNumber(v, to: &out, quotingNonFinite: json)
        }
        out.append("]")
        return out.string
    }
}
