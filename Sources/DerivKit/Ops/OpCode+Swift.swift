extension Op {
    /// How Swift with Foundation computes each operation (`LanguageSyntax.swift`). Beyond
    /// Foundation are small file-private helpers computing exactly what `evaluate` computes.
    var swiftCode: OpCode {
        switch self {
        case .input, .constant, .add, .sub, .mul, .div, .neg, .lt, .le, .gt, .ge, .eq, .ne, .select:
            return .builtIn
        case .pow:
            return .power(library: "pow", helper: Helper("deriv_pow", """
                /// x^y; x^2 is x*x, exactly as deriv computes it.
                fileprivate func deriv_pow(_ x: Double, _ y: Double) -> Double { y == 2 ? x * x : pow(x, y) }
                """))
        case .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh, .atanh,
             .exp, .log, .log2, .log10, .log1p, .expm1, .sqrt, .cbrt, .abs, .erf, .atan2, .hypot:
            return .library(info.name)
        case .sign:
            return .helper(Helper("deriv_sign", """
                /// sign(x): 1 or -1; sign(±0) and sign(NaN) are x itself.
                fileprivate func deriv_sign(_ x: Double) -> Double { x > 0 ? 1 : x < 0 ? -1 : x }
                """))
        case .max:
            return .helper(Helper("deriv_max", """
                /// max(a, b): a on ties; NaN when either is NaN.
                fileprivate func deriv_max(_ a: Double, _ b: Double) -> Double { a >= b || a.isNaN ? a : b }
                """))
        case .min:
            return .helper(Helper("deriv_min", """
                /// min(a, b): a on ties; NaN when either is NaN.
                fileprivate func deriv_min(_ a: Double, _ b: Double) -> Double { a <= b || a.isNaN ? a : b }
                """))
        case .relu:
            return .helper(Helper("deriv_relu", """
                /// relu(x) = max(x, 0).
                fileprivate func deriv_relu(_ x: Double) -> Double { x >= 0 || x.isNaN ? x : 0 }
                """))
        case .sigmoid:
            return .helper(Helper("deriv_sigmoid", """
                /// sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                fileprivate func deriv_sigmoid(_ x: Double) -> Double {
                    let e = exp(-abs(x))
                    return x >= 0 ? 1 / (1 + e) : e / (1 + e)
                }
                """))
        case .softplus:
            return .helper(Helper("deriv_softplus", """
                /// softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                fileprivate func deriv_softplus(_ x: Double) -> Double { (x >= 0 || x.isNaN ? x : 0) + log1p(exp(-abs(x))) }
                """))
        }
    }
}
