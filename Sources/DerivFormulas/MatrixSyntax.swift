@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
/// How matrix formulas are written, as text the language reads back or as LaTeX
/// (docs/MATRICES.md, "diff" and "diff --format latex"): the data that distinguishes the two,
/// which `MatrixFormulas` reads as it walks the graph once for both, as `ExpressionPrinter` does
/// with a `LanguageSyntax` for programs of scalars. Operations on scalars, and scalar functions
/// entry by entry, are spelled by the scalar syntax (`LanguageSyntax.deriv`, `.latex`).
///
/// Levels are `MatrixFormulas`' precedence levels; a postfix operation (a transpose, an entry)
/// gets its base at `postfixBase`.
struct MatrixSyntax: Sendable {
    let scalars: LanguageSyntax
    let number: @Sendable (Double) -> Printed
    /// An input's or a named part's name.
    let name: @Sendable (String) -> String
    let open: String, close: String
    /// Entry by entry, between two vectors or matrices: the symbol and the right operand's least level.
    let product: (symbol: String, right: Int), quotient: (symbol: String, right: Int)
    /// A power entry by entry: base, `powerOpen`, exponent (at `powerExponent`), `powerClose`.
    let powerBase: Int, powerOpen: String, powerExponent: Int, powerClose: String
    let postfixBase: Int
    let transpose: String
    let entryOpen: String, entryClose: String
    /// A function applied to a text (`sum`, `diag`, `tr`, `logsumexp`: `MatrixNotation.function`).
    let function: @Sendable (String, String) -> String
    /// The Euclidean norm of a vector (`matrix` false) or the Frobenius norm of a matrix.
    let norm: @Sendable (String, _ matrix: Bool) -> String
    let literal: @Sendable ([String], MatrixShape) -> String
    /// A vector or matrix of ones of a shape, nil when the syntax cannot write it (it is then a literal).
    let ones: @Sendable (MatrixShape, MatrixGraph) -> Printed?

    static let text = MatrixSyntax(
        scalars: .deriv,
        number: { Printed(formatNumber($0), $0 < 0 || $0.sign == .minus ? .unary : .atom) },
        name: { $0 }, open: "(", close: ")",
        product: (" .* ", MatrixFormulas.unary), quotient: (" ./ ", MatrixFormulas.unary),
        powerBase: MatrixFormulas.postfix, powerOpen: ".^", powerExponent: MatrixFormulas.unary, powerClose: "",
        postfixBase: MatrixFormulas.postfix, transpose: "'", entryOpen: "[", entryClose: "]",
        function: { $0 + "(" + $1 + ")" },
        norm: { x, _ in "norm2(" + x + ")" },
        literal: { entries, s in
            if s.columns == 1 { return "[" + entries.joined(separator: ", ") + "]" }
            if s.rows == 1 { return "[" + entries.joined(separator: ", ") + "]'" }
            return "[" + (0..<s.rows).map { r in "[" + entries[(r * s.columns)..<((r + 1) * s.columns)].joined(separator: ", ") + "]" }
                .joined(separator: ", ") + "]"
        },
        ones: { s, g in
            MatrixFormulas.onesText(s, g).map { ones in
                // `x.^0` and `(diag(M.^0))'` bind as powers, `diag(M.^0)` is an atom, `u*(w)'` a product.
                Printed(ones, ones.contains("*(") ? .multiplicative : ones.hasSuffix(".^0") || ones.hasSuffix("'") ? .power : .atom)
            }
        })

    static let latex = MatrixSyntax(
        scalars: .latex, number: LanguageSyntax.latex.number,
        name: { LanguageSyntax.latexName($0, role: .value) }, open: "\\left(", close: "\\right)",
        product: (" \\odot ", MatrixFormulas.power), quotient: (" \\oslash ", MatrixFormulas.power),
        powerBase: MatrixFormulas.atom, powerOpen: "^{\\circ ", powerExponent: MatrixFormulas.conditional, powerClose: "}",
        postfixBase: MatrixFormulas.atom, transpose: "^\\top", entryOpen: "_{", entryClose: "}",
        function: { "\\operatorname{" + $0 + "}\\left(" + $1 + "\\right)" },
        norm: { x, matrix in "\\lVert " + x + "\\rVert_" + (matrix ? "F" : "2") },
        literal: { entries, s in
            let rows = (0..<s.rows).map { r in entries[(r * s.columns)..<((r + 1) * s.columns)].joined(separator: " & ") }
            return "\\begin{bmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{bmatrix}"
        },
        ones: { _, _ in Printed("\\mathbf{1}", .atom) })
}
