@_spi(DerivCore) import DerivCore
/// The small interfaces through which the views of a matrix graph write an operation: emitted
/// loops (`MatrixLoopWriter`, C, Swift and JavaScript), whole-array NumPy (`MatrixArrayWriter`)
/// and formulas (`MatrixNotation`, text and LaTeX). What each operation writes through them is
/// its row of the table in MatrixOperation.swift (docs/ARCHITECTURE.md, "The matrix operation
/// table"); the views hold what is about the writer, never about an operation.

/// A loop index of `MatrixLoopWriter.loop`: over the entries of a result, or over rows, columns
/// or the inner dimension of a product.
package enum MatrixLoopIndex {
    case entry, row, column, inner
}

/// Sizes written as text in emitted code: a dimension's name, or the number the program wrote.
package protocol MatrixDimensions {
    /// A size in a shape as text: its dimension's name, or its number.
    func dimension(_ size: Int) -> String
}

extension MatrixDimensions {
    /// `rows*columns` of a shape, as text.
    package func count(_ s: MatrixShape) -> String {
        let (a, b) = (dimension(s.rows), dimension(s.columns))
        return a == "1" ? b : b == "1" ? a : a + "*" + b
    }

    /// The row-major index of (`i`, `j`) in a matrix of `columns` columns.
    package func index(_ i: String, _ columns: String, _ j: String) -> String {
        if columns == "1" { return i }
        if i == "0" { return j }
        return j == "0" ? i + "*" + columns : i + "*" + columns + " + " + j
    }
}

/// What a language's loops (`MatrixCode`) give a row to write one node's statements with. Texts
/// of sizes and indices are the language's expressions (`m`, `i*n + j`, `0`).
package protocol MatrixLoopWriter: MatrixDimensions {
    /// A loop over `0..<extent` around `body`, given the index's text (`0` when the extent is 1).
    func loop(_ index: MatrixLoopIndex, _ extent: String, _ body: (String) -> [String]) -> [String]
    /// Entry `e` (a row-major index) of argument `k`.
    func argument(_ k: Int, _ e: String) -> String
    /// Entry (`row`, `column`) of argument `k`.
    func argument(_ k: Int, row: String, column: String) -> String
    /// Whether argument `k` is a transpose that is not stored: its argument is read across.
    func readsAcross(_ k: Int) -> Bool
    /// Entry `e` of the result (the result itself when it is a number).
    func result(_ e: String) -> String
    /// The statements `target = value` and `target += value`.
    func assign(_ target: String, _ value: String) -> String
    func accumulate(_ target: String, _ value: String) -> String
    /// The name of the number that sums a product's terms.
    var accumulator: String { get }
    /// A number as the language writes it.
    func number(_ v: Double) -> Printed
    /// Scalar operation `op` over printed operands, as the language computes it.
    func elementwise(_ op: Op, _ operands: [Printed]) -> Printed
}

extension MatrixLoopWriter {
    /// The number 0.
    package var zero: String { number(0).text }
}

/// What whole-array code (`MatrixNumPy`) gives a row to write one node as an expression.
package protocol MatrixArrayWriter {
    /// Argument `k` as an expression.
    func argument(_ k: Int) -> Printed
    /// A shape as the language writes it (`(m, n)`).
    func shape(_ s: MatrixShape) -> String
    /// Scalar operation `op` entry by entry over the arguments.
    func elementwise(_ op: Op) -> Printed
}

/// A node as whole-array code: an expression, which the writer names or writes where it is
/// used; the argument itself or a view of it, never named (`A.T`); or a new array that
/// statements fill, given its name.
package enum MatrixArrayCode {
    case expression(Printed)
    case view(Printed)
    case filled((_ name: String) -> [String])
}

/// How a node is written in formulas (`MatrixFormulas`, spelled by its `MatrixSyntax` as text or
/// LaTeX); nodes are given by index, the writer has their texts.
package enum MatrixNotation {
    /// An input (its index) or a constant (its index in `MatrixGraph.constants`): the writer's.
    case input(Int), constant(Int)
    /// As the scalar syntax writes the operation over the arguments (`x + y`, `exp(x)`, `A*x`).
    case scalar(Op)
    /// Between two arrays, entry by entry: `.*`, `./`, `.^` in text.
    case entrywise(Entrywise)
    /// A function applied to a node (`sum(x)`, `diag(A)`, `tr(A)` of a diagonal's argument).
    case function(String, of: Int)
    /// The Euclidean norm of a vector or the Frobenius norm of a matrix (`norm2(x)`).
    case norm(of: Int, matrix: Bool)
    /// The postfix transpose (`A'`).
    case transpose
    /// The postfix index of an entry (`x[2]`, `A[1, 2]`), counted from 1.
    case entry(String)
    /// The argument, a scalar, in every entry of a shape: times ones, or a literal.
    case spread(MatrixShape)
    /// A literal of a shape, each entry a node or, for nil, 0.
    case literal([Int?], MatrixShape)

    package enum Entrywise { case product, quotient, power }
}
