/// How LaTeX writes an operation: a row of `Op.latex`, read by `LanguageSyntax.latex`.
public enum LaTeXForm: Sendable {
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
    /// How `deriv diff --format latex` writes each operation.
    public var latex: LaTeXForm {
        switch self {
        case .input, .constant, .add, .sub, .mul, .div, .neg, .pow, .select: return .builtIn
        case .sin:      return .function("\\sin")
        case .cos:      return .function("\\cos")
        case .tan:      return .function("\\tan")
        case .asin:     return .function("\\arcsin")
        case .acos:     return .function("\\arccos")
        case .atan:     return .function("\\arctan")
        case .sinh:     return .function("\\sinh")
        case .cosh:     return .function("\\cosh")
        case .tanh:     return .function("\\tanh")
        case .log:      return .function("\\ln")
        case .log2:     return .function("\\log_{2}")
        case .log10:    return .function("\\log_{10}")
        case .sigmoid:  return .function("\\sigma")
        case .max:      return .function("\\max")
        case .min:      return .function("\\min")
        case .asinh, .acosh, .atanh, .log1p, .expm1, .sign, .relu, .softplus, .erf, .atan2, .hypot:
            return .function("\\operatorname{\(info.name)}")
        case .exp:      return .around("e^{", "}", .power)
        case .sqrt:     return .around("\\sqrt{", "}", .atom)
        case .cbrt:     return .around("\\sqrt[3]{", "}", .atom)
        case .abs:      return .around("\\left|", "\\right|", .atom)
        case .lt:       return .iverson("<")
        case .le:       return .iverson("\\le")
        case .gt:       return .iverson(">")
        case .ge:       return .iverson("\\ge")
        case .eq:       return .iverson("=")
        case .ne:       return .iverson("\\ne")
        }
    }
}
