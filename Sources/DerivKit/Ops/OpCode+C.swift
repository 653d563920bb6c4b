extension Op {
    /// How C99 computes each operation (`LanguageSyntax.c`). Beyond C99's <math.h> are small
    /// static helpers computing exactly what `evaluate` computes.
    var cCode: OpCode {
        switch self {
        case .input, .constant, .add, .sub, .mul, .div, .neg, .lt, .le, .gt, .ge, .eq, .ne, .select:
            return .builtIn
        case .pow:
            return .power(library: "pow", helper: Helper("deriv_pow", """
                // x^y; x^2 is x*x, exactly as deriv computes it.
                static double deriv_pow(double x, double y) { return y == 2.0 ? x * x : pow(x, y); }
                """))
        case .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh, .atanh,
             .exp, .log, .log2, .log10, .log1p, .expm1, .sqrt, .cbrt, .erf, .atan2, .hypot:
            return .library(info.name)
        case .abs:
            return .library("fabs")
        case .sign:
            return .helper(Helper("deriv_sign", """
                // sign(x): 1 or -1; sign(+-0) and sign(NaN) are x itself.
                static double deriv_sign(double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x; }
                """))
        case .max:
            return .helper(Helper("deriv_max", """
                // max(a, b): a on ties; NaN when either is NaN (fmax would drop it).
                static double deriv_max(double a, double b) { return a >= b || a != a ? a : b; }
                """))
        case .min:
            return .helper(Helper("deriv_min", """
                // min(a, b): a on ties; NaN when either is NaN (fmin would drop it).
                static double deriv_min(double a, double b) { return a <= b || a != a ? a : b; }
                """))
        case .relu:
            return .helper(Helper("deriv_relu", """
                // relu(x) = max(x, 0).
                static double deriv_relu(double x) { return x >= 0.0 || x != x ? x : 0.0; }
                """))
        case .sigmoid:
            return .helper(Helper("deriv_sigmoid", """
                // sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                static double deriv_sigmoid(double x)
                {
                    const double e = exp(-fabs(x));
                    return x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                }
                """))
        case .softplus:
            return .helper(Helper("deriv_softplus", """
                // softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                static double deriv_softplus(double x) { return (x >= 0.0 || x != x ? x : 0.0) + log1p(exp(-fabs(x))); }
                """))
        }
    }
}
