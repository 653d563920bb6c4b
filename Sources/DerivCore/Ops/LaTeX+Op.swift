/// How LaTeX writes an operation: a field of its row (`Op.latex`), read by `LanguageSyntax.latex`.
@_spi(DerivCore) public enum LaTeXForm: Sendable {
    /// Written by LaTeX's own rules for arithmetic and the conditional (`\frac`, implicit
    /// products, `x^{2}`, `cases`).
    case builtIn
    /// A function applied to its arguments in parentheses: `\sin\left(x\right)`.
    case function(String)
    /// The one argument between two texts (`\sqrt{` and `}`), binding as tightly as `precedence`.
    case around(String, String, Precedence)
    /// An Iverson bracket `\left[a \le b\right]` with this relation.
    case iverson(String)
}

extension Op {
    /// How `deriv diff --format latex` writes each operation (its row's `latex`).
    @_spi(DerivCore) public var latex: LaTeXForm { Op.table[Int(rawValue)].latex }
}
