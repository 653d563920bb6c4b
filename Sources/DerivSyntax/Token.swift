@_spi(DerivCore) import DerivCore
/// One lexical token of the language (grammar/deriv.ebnf, section "Tokens").
package struct Token: Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        case number(Double)
        case identifier(Symbol)
        case plus, minus, star, slash, caret      // `**` lexes as `caret`
        case less, lessEqual, greater, greaterEqual, equalEqual, bangEqual
        case question, colon
        case leftParen, rightParen, comma, equal
        /// `'` (transpose), `.*` `./` `.^` (elementwise), `[` `]` (literals, indexing): the
        /// operators of vectors and matrices (docs/MATRICES.md).
        case quote, dotStar, dotSlash, dotCaret, leftBracket, rightBracket
        case separator                            // `;` or a line break
        case end
    }

    package var kind: Kind
    package var range: SourceRange
}
