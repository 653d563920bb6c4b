extension Op {
    /// How Python's `math` computes each operation (`LanguageSyntax.python`). Python raises
    /// where IEEE arithmetic gives a value (`1/0`, `math.log(0)`, `math.exp(1000)`), so most
    /// operations call small `deriv_*` helpers that give the value `evaluate` gives instead.
    var pythonCode: OpCode {
        switch self {
        case .input, .constant, .add, .sub, .mul, .neg, .lt, .le, .gt, .ge, .eq, .ne, .select:
            return .builtIn
        case .abs: return .library("abs")
        case .atan, .tanh, .asinh, .cbrt, .erf, .atan2, .hypot: return .library("math." + info.name)
        case .div: return .division(Helper("deriv_div", """
                def deriv_div(a, b):
                    \"\"\"a / b, with IEEE values (inf, nan) where Python raises ZeroDivisionError.\"\"\"
                    try:
                        return a / b
                    except ZeroDivisionError:
                        if a != a or a == 0.0:
                            return math.nan
                        return math.copysign(math.inf, a) * math.copysign(1.0, b)
                """))
        case .pow: return .power(library: nil, helper: Helper("deriv_pow", """
                def deriv_pow(x, y):
                    \"\"\"C's pow(x, y), with IEEE values where math.pow raises; x**2 is x*x, as deriv computes it.\"\"\"
                    if y == 2.0:
                        return x * x
                    try:
                        return math.pow(x, y)
                    except OverflowError:
                        return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf
                    except ValueError:
                        if x == 0.0:  # zero to a negative power: a pole, signed for -0 and an odd power
                            return -math.inf if math.copysign(1.0, x) < 0.0 and y % 2.0 == 1.0 else math.inf
                        return math.nan  # a negative number to a non-integer power
                """))
        case .sin: return .helper(pythonGuard("sin", "math.sin(x) if math.isfinite(x) else math.nan"))
        case .cos: return .helper(pythonGuard("cos", "math.cos(x) if math.isfinite(x) else math.nan"))
        case .tan: return .helper(pythonGuard("tan", "math.tan(x) if math.isfinite(x) else math.nan"))
        case .asin: return .helper(pythonGuard("asin", "math.asin(x) if -1.0 <= x <= 1.0 else math.nan"))
        case .acos: return .helper(pythonGuard("acos", "math.acos(x) if -1.0 <= x <= 1.0 else math.nan"))
        case .acosh: return .helper(pythonGuard("acosh", "math.acosh(x) if x >= 1.0 else math.nan"))
        case .atanh: return .helper(pythonGuard("atanh", "math.atanh(x) if -1.0 < x < 1.0 else math.copysign(math.inf, x) if abs(x) == 1.0 else math.nan"))
        case .log: return .helper(pythonGuard("log", "math.log(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"))
        case .log2: return .helper(pythonGuard("log2", "math.log2(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"))
        case .log10: return .helper(pythonGuard("log10", "math.log10(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"))
        case .log1p: return .helper(pythonGuard("log1p", "math.log1p(x) if x > -1.0 else -math.inf if x == -1.0 else math.nan"))
        case .sqrt: return .helper(pythonGuard("sqrt", "math.sqrt(x) if x >= 0.0 else math.nan"))
        case .exp: return .helper(pythonOverflow("exp", "math.inf"))
        case .expm1: return .helper(pythonOverflow("expm1", "math.inf"))
        case .sinh: return .helper(pythonOverflow("sinh", "math.copysign(math.inf, x)"))
        case .cosh: return .helper(pythonOverflow("cosh", "math.inf"))
        case .sign: return .helper(Helper("deriv_sign", """
                def deriv_sign(x):
                    \"\"\"sign(x): 1.0 or -1.0; sign(+-0) and sign(nan) are x itself.\"\"\"
                    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x
                """))
        case .max: return .helper(Helper("deriv_max", """
                def deriv_max(a, b):
                    \"\"\"max(a, b): a on ties; nan when either is nan.\"\"\"
                    return a if a >= b or a != a else b
                """))
        case .min: return .helper(Helper("deriv_min", """
                def deriv_min(a, b):
                    \"\"\"min(a, b): a on ties; nan when either is nan.\"\"\"
                    return a if a <= b or a != a else b
                """))
        case .relu: return .helper(Helper("deriv_relu", """
                def deriv_relu(x):
                    \"\"\"relu(x) = max(x, 0).\"\"\"
                    return x if x >= 0.0 or x != x else 0.0
                """))
        case .sigmoid: return .helper(Helper("deriv_sigmoid", """
                def deriv_sigmoid(x):
                    \"\"\"sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.\"\"\"
                    e = math.exp(-abs(x))
                    return 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
                """))
        case .softplus: return .helper(Helper("deriv_softplus", """
                def deriv_softplus(x):
                    \"\"\"softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).\"\"\"
                    return (x if x >= 0.0 or x != x else 0.0) + math.log1p(math.exp(-abs(x)))
                """))
        }
    }

    /// `math.name(x)` where its argument is in the domain, else the IEEE value.
    private func pythonGuard(_ name: String, _ body: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise ValueError.\"\"\"
                return \(body)

            """)
    }

    /// `math.name(x)`, or `value` where it overflows.
    private func pythonOverflow(_ name: String, _ value: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise OverflowError.\"\"\"
                try:
                    return math.\(name)(x)
                except OverflowError:
                    return \(value)

            """)
    }
}
