@_spi(DerivCore) import DerivCore
/// Spelling the code syntaxes share: reserved words, numbers, and the operators that C, Swift
/// and JavaScript write alike.
enum CodeWords {
    /// The names of deriv's operations, their aliases, and `fabs`: emitted code calls functions
    /// by these names, so no value may take one.
    static let operations: Set<String> = Set(Op.allCases.flatMap { [$0.info.name] + $0.info.aliases }).union(["fabs"])

    /// C99 and C11 keywords, C++ keywords (so the code also compiles as C++), and the names
    /// <math.h> declares.
    static let c: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
        "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
        "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
        "volatile", "while", "_Bool", "_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic",
        "_Noreturn", "_Static_assert", "_Thread_local", "bool", "true", "false", "main",
        "alignas", "alignof", "and", "asm", "catch", "class", "constexpr", "delete", "explicit", "export",
        "friend", "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or", "private",
        "protected", "public", "template", "this", "throw", "try", "typeid", "typename", "using", "virtual", "xor",
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "copysign", "cos", "cosh",
        "erf", "erfc", "exp", "exp2", "expm1", "fabs", "fdim", "floor", "fma", "fmax", "fmin", "fmod", "frexp",
        "hypot", "ilogb", "ldexp", "lgamma", "llrint", "llround", "log", "log10", "log1p", "log2", "logb",
        "lrint", "lround", "modf", "nan", "nearbyint", "nextafter", "nexttoward", "pow", "remainder", "remquo",
        "rint", "round", "scalbln", "scalbn", "sin", "sinh", "sqrt", "tan", "tanh", "tgamma", "trunc",
        "j0", "j1", "jn", "y0", "y1", "yn", "gamma", "isnan", "isinf", "isfinite", "isnormal", "signbit",
        "fpclassify", "float_t", "double_t", "NAN", "INFINITY", "HUGE_VAL", "errno",
    ]

    /// Swift keywords and the Foundation and standard library names the code uses.
    static let swift: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "_", "some", "any", "async", "consume", "copy", "borrowing", "consuming",
        "Double", "Int", "Foundation", "Swift", "Glibc", "Darwin", "print", "abs", "sqrt", "pow",
    ]

    /// Python keywords and the names the code uses.
    static let python: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "math", "abs", "float", "map", "print", "self",
    ]

    /// JavaScript reserved words (strict mode, modules) and the names the code uses.
    static let javascript: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "export", "extends", "finally", "for", "function", "if", "import", "in", "instanceof", "new",
        "return", "super", "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with",
        "yield", "let", "static", "enum", "await", "implements", "package", "protected", "interface",
        "private", "public", "null", "true", "false", "undefined", "NaN", "Infinity", "arguments", "eval",
        "Math", "Number", "Object", "Array", "Float64Array",
    ]

    /// A finite number as a literal; negative ones bind like a unary minus.
    static func decimal(_ v: Double, forceFraction: Bool) -> Printed {
        let s = LanguageSyntax.decimal(v, forceFraction: forceFraction)
        return Printed(s, s.hasPrefix("-") ? .unary : .atom)
    }

    /// Operation `op` as its row of a language's table says when that is a call (a library
    /// function, a helper, `x^y`, Python's division); nil for `.builtIn`, which the language's
    /// operator rules write.
    static func call(_ code: OpCode, _ a: [Span], _ w: inout TextBuffer) -> Span? {
        switch code {
        case .builtIn: return nil
        case .library(let name): return w.call(name, a)
        case .helper(let helper): return w.call(helper.name, a)
        case .power(let library, let helper):
            guard let c = w.literal(a[1]) else { return w.call(helper.name, a) }
            if c == Double(Op.squareExponent) { return w.infix("*", .multiplicative, a[0], a[0]) }
            return w.call(library ?? helper.name, a)
        case .division(let helper):
            if let c = w.literal(a[1]), c != 0 { return w.infix("/", .multiplicative, a[0], a[1]) }
            return w.call(helper.name, a)
        }
    }

    /// Arithmetic, comparisons (the numbers `one` and `zero`, carrying their test for a
    /// conditional to use) and the conditional, as C, Swift and JavaScript write them; nil for
    /// the other operations.
    static func cFamily(_ op: Op, _ a: [Span], _ w: inout TextBuffer, one: StaticString, zero: StaticString,
                        equal: String = "==", notEqual: String = "!=") -> Span? {
        switch op {
        case .add: return w.infix("+", .additive, a[0], a[1])
        case .sub: return w.infix("-", .additive, a[0], a[1])
        case .mul: return w.infix("*", .multiplicative, a[0], a[1])
        case .div: return w.infix("/", .multiplicative, a[0], a[1])
        case .neg: return w.prefix("-", a[0])
        case .lt, .le, .gt, .ge, .eq, .ne:
            guard case .symbol(var symbol) = op.info.notation else { return nil }
            if op == .eq { symbol = equal }
            if op == .ne { symbol = notEqual }
            let test = w.nonAssociative(symbol, .comparison, a[0], a[1]).range
            w.append(" ? ")
            w.append(one)
            w.append(" : ")
            w.append(zero)
            return w.span(from: test.lowerBound, .conditional, condition: test)
        case .select:
            let start = w.count
            if let test = a[0].condition {
                w.append(copyOf: test)
            } else {
                w.append(a[0], at: .additive)
                w.append(" ")
                w.append(string: notEqual)
                w.append(" ")
                w.append(zero)
            }
            w.append(" ? ")
            w.append(a[1], at: .comparison)
            w.append(" : ")
            w.append(a[2], at: .conditional)
            return w.span(from: start, .conditional)
        default:
            return nil
        }
    }
}
