/// One lexical token of the language (grammar/deriv.ebnf, section "Tokens").
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case number(Double)
        case identifier(String)
        case plus, minus, star, slash, caret      // `**` lexes as `caret`
        case less, lessEqual, greater, greaterEqual, equalEqual, bangEqual
        case question, colon
        case leftParen, rightParen, comma, equal
        case separator                            // `;` or a line break
        case end
    }

    public var kind: Kind
    public var range: SourceRange

    /// How the token is quoted in messages.
    public var quoted: String {
        switch kind {
        case .number: return "number"
        case .identifier(let name): return "'\(name)'"
        case .separator: return "end of statement"
        case .end: return "end of input"
        default: return "'\(Token.spelling(kind))'"
        }
    }

    static func spelling(_ kind: Kind) -> String {
        switch kind {
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .caret: return "^"
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .equalEqual: return "=="
        case .bangEqual: return "!="
        case .question: return "?"
        case .colon: return ":"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .comma: return ","
        case .equal: return "="
        case .separator: return ";"
        case .number(let v): return "\(v)"
        case .identifier(let s): return s
        case .end: return ""
        }
    }
}
