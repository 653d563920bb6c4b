import Foundation

/// Every operation a graph node can hold. Everything deriv knows about one is its row of the
/// table `Op.row` below: name, aliases, arity, notation, cost class, sampling domain, kink,
/// cause of a domain warning, local partials, value range, LaTeX, and the code of each emitted
/// language; its value is `Op.evaluate`, at the end of this file. The row's initializer takes
/// every field, so a new case that lacks a piece does not compile; the rest of this folder only
/// reads the rows. New cases go at the end: raw values seed the simplifier's ordering hash.
@_spi(DerivCore) public enum Op: UInt8, CaseIterable, Hashable, Sendable {
    /// Leaves: a program input (payload: its index) and a constant (payload: the Double's bits).
    case input, constant
    case add, sub, mul, div, neg, pow
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case exp, log, log2, log10, log1p, expm1, sqrt, cbrt, abs, sign, sigmoid, relu, softplus, erf
    case atan2, hypot, max, min
    /// Comparisons give 1 or 0; `select(c, a, b)` is `c != 0 ? a : b` (the language's `c ? a : b`).
    case lt, le, gt, ge, eq, ne, select
}

extension Op {
    /// The operation table: everything deriv knows about each operation, one row per case
    /// (docs/ARCHITECTURE.md, "The operation table"); below it, its local partials (`partial`)
    /// and its value (`evaluate`). `OpRow`'s initializer takes every field and all three are
    /// exhaustive `switch`es, so a new operation that lacks a piece does not compile. Adding a
    /// function means adding its case to `Op` above, its row, its partial and its value, all in
    /// this file, its name to grammar/deriv.ebnf and a line using it to the diff corpus.
    func row() -> OpRow {
        switch self {
        case .input:
            return OpRow(name: "input", arity: 0, notation: .leaf, cost: .free, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .constant:
            return OpRow(name: "const", arity: 0, notation: .leaf, cost: .free, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .add:
            return OpRow(name: "add", arity: 2, notation: .symbol("+"), cost: .addSub, commutative: true,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: { a, b, _, _ in ValueRange(low: a.low + b.low, high: a.high + b.high) },
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .sub:
            return OpRow(name: "sub", arity: 2, notation: .symbol("-"), cost: .addSub, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: { a, b, _, _ in ValueRange(low: a.low - b.high, high: a.high - b.low) },
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .mul:
            return OpRow(name: "mul", arity: 2, notation: .symbol("*"), cost: .mul, commutative: true,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: { a, b, _, _ in
                             let corners = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
                             if corners.contains(where: \.isNaN) { return .anything }
                             return ValueRange(low: corners.min()!, high: corners.max()!) },
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .div:
            return OpRow(name: "div", arity: 2, notation: .symbol("/"), cost: .div, commutative: false,
                         domain: 0.5...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: { x, y, r in y == 0 ? "division by zero" : NonFinite.pole(x, y, r) },
                         range: ValueRange.always(.anything),
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .division(Helper("deriv_div", """
                             def deriv_div(a, b):
                                 \"\"\"a / b, with IEEE values (inf, nan) where Python raises ZeroDivisionError.\"\"\"
                                 try:
                                     return a / b
                                 except ZeroDivisionError:
                                     if a != a or a == 0.0:
                                         return math.nan
                                     return math.copysign(math.inf, a) * math.copysign(1.0, b)
                             """)),
                         numpy: .builtIn)
        case .neg:
            return OpRow(name: "neg", arity: 1, notation: .symbol("-"), cost: .addSub, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: { a, _, _, _ in ValueRange(low: -a.high, high: -a.low) },
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        case .pow:
            return OpRow(name: "pow", arity: 2, notation: .symbol("^"), cost: .pow, commutative: false,
                         domain: 0.2...2.5, kink: nil, aliases: ["pow"], variadic: false,
                         whyNotFinite: { x, y, r in x == 0 && y < 0 ? "division by zero" : NonFinite.overflow(x, y, r) },
                         range: { a, _, _, exponent in
                             // x^e ≥ 0 for an even or non-integer e (NaN below 0), and for x > 0 (so never −0:
                             // (−0)^−1 = −∞).
                             if let e = exponent, e != e.rounded() || e.truncatingRemainder(dividingBy: 2) == 0 { return .nonNegative }
                             return a.low > 0 ? .nonNegative : .anything },
                         latex: .builtIn,
                         c: .power(library: "pow", helper: Helper("deriv_pow", """
                             // x^y; x^2 is x*x, exactly as deriv computes it.
                             static double deriv_pow(double x, double y) { return y == \(Op.squareExponent).0 ? x * x : pow(x, y); }
                             """)),
                         swift: .power(library: "pow", helper: Helper("deriv_pow", """
                             /// x^y; x^2 is x*x, exactly as deriv computes it.
                             fileprivate func deriv_pow(_ x: Double, _ y: Double) -> Double { y == \(Op.squareExponent) ? x * x : pow(x, y) }
                             """)),
                         // Math.pow differs from C's pow only for a base of ±1 and an exponent of NaN or ±∞.
                         javascript: .power(library: "Math.pow", helper: Helper("deriv_pow", """
                             // x^y as C's pow computes it: x^2 is x*x (as deriv computes it), and 1^y = 1 and
                             // (-1)^(+-Infinity) = 1 where Math.pow gives NaN.
                             function deriv_pow(x, y) {
                               if (y === \(Op.squareExponent)) return x * x;
                               if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
                               return Math.pow(x, y);
                             }
                             """)),
                         python: .power(library: nil, helper: Helper("deriv_pow", """
                             def deriv_pow(x, y):
                                 \"\"\"C's pow(x, y), with IEEE values where math.pow raises; x**2 is x*x, as deriv computes it.\"\"\"
                                 if y == \(Op.squareExponent).0:
                                     return x * x
                                 try:
                                     return math.pow(x, y)
                                 except OverflowError:
                                     return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf
                                 except ValueError:
                                     if x == 0.0:  # zero to a negative power: a pole, signed for -0 and an odd power
                                         return -math.inf if math.copysign(1.0, x) < 0.0 and y % 2.0 == 1.0 else math.inf
                                     return math.nan  # a negative number to a non-integer power
                             """)),
                         numpy: .power(library: "np.power", helper: Helper("deriv_pow", """
                             def deriv_pow(x, y):
                                 \"\"\"C's pow(x, y) entry by entry; x**2 is x*x, as deriv computes it.\"\"\"
                                 return np.where(y == \(Op.squareExponent).0, x * x, np.power(x, y))
                             """)))
        case .sin:
            return OpRow(name: "sin", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.unit),
                         latex: .function("\\sin"),
                         c: .library("sin"),
                         swift: .library("sin"),
                         javascript: .library("Math.sin"),
                         python: .helper(Helper.pythonGuard("sin", "math.sin(x) if math.isfinite(x) else math.nan")),
                         numpy: .library("np.sin"))
        case .cos:
            return OpRow(name: "cos", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.unit),
                         latex: .function("\\cos"),
                         c: .library("cos"),
                         swift: .library("cos"),
                         javascript: .library("Math.cos"),
                         python: .helper(Helper.pythonGuard("cos", "math.cos(x) if math.isfinite(x) else math.nan")),
                         numpy: .library("np.cos"))
        case .tan:
            return OpRow(name: "tan", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -1.2...1.2, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\tan"),
                         c: .library("tan"),
                         swift: .library("tan"),
                         javascript: .library("Math.tan"),
                         python: .helper(Helper.pythonGuard("tan", "math.tan(x) if math.isfinite(x) else math.nan")),
                         numpy: .library("np.tan"))
        case .asin:
            return OpRow(name: "asin", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -0.9...0.9, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\arcsin"),
                         c: .library("asin"),
                         swift: .library("asin"),
                         javascript: .library("Math.asin"),
                         python: .helper(Helper.pythonGuard("asin", "math.asin(x) if -1.0 <= x <= 1.0 else math.nan")),
                         numpy: .library("np.arcsin"))
        case .acos:
            return OpRow(name: "acos", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -0.9...0.9, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\arccos"),
                         c: .library("acos"),
                         swift: .library("acos"),
                         javascript: .library("Math.acos"),
                         python: .helper(Helper.pythonGuard("acos", "math.acos(x) if -1.0 <= x <= 1.0 else math.nan")),
                         numpy: .library("np.arccos"))
        case .atan:
            return OpRow(name: "atan", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\arctan"),
                         c: .library("atan"),
                         swift: .library("atan"),
                         javascript: .library("Math.atan"),
                         python: .library("math.atan"),
                         numpy: .library("np.arctan"))
        case .sinh:
            return OpRow(name: "sinh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: ValueRange.always(.anything),
                         latex: .function("\\sinh"),
                         c: .library("sinh"),
                         swift: .library("sinh"),
                         javascript: .library("Math.sinh"),
                         python: .helper(Helper.pythonOverflow("sinh", "math.copysign(math.inf, x)")),
                         numpy: .library("np.sinh"))
        case .cosh:
            return OpRow(name: "cosh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: ValueRange.always(ValueRange(low: 1, high: .infinity)),
                         latex: .function("\\cosh"),
                         c: .library("cosh"),
                         swift: .library("cosh"),
                         javascript: .library("Math.cosh"),
                         python: .helper(Helper.pythonOverflow("cosh", "math.inf")),
                         numpy: .library("np.cosh"))
        case .tanh:
            return OpRow(name: "tanh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.unit),
                         latex: .function("\\tanh"),
                         c: .library("tanh"),
                         swift: .library("tanh"),
                         javascript: .library("Math.tanh"),
                         python: .library("math.tanh"),
                         numpy: .library("np.tanh"))
        case .asinh:
            return OpRow(name: "asinh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{asinh}"),
                         c: .library("asinh"),
                         swift: .library("asinh"),
                         javascript: .library("Math.asinh"),
                         python: .library("math.asinh"),
                         numpy: .library("np.arcsinh"))
        case .acosh:
            return OpRow(name: "acosh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 1.2...4, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{acosh}"),
                         c: .library("acosh"),
                         swift: .library("acosh"),
                         javascript: .library("Math.acosh"),
                         python: .helper(Helper.pythonGuard("acosh", "math.acosh(x) if x >= 1.0 else math.nan")),
                         numpy: .library("np.arccosh"))
        case .atanh:
            return OpRow(name: "atanh", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -0.9...0.9, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{atanh}"),
                         c: .library("atanh"),
                         swift: .library("atanh"),
                         javascript: .library("Math.atanh"),
                         python: .helper(Helper.pythonGuard("atanh", "math.atanh(x) if -1.0 < x < 1.0 else math.copysign(math.inf, x) if abs(x) == 1.0 else math.nan")),
                         numpy: .library("np.arctanh"))
        case .exp:
            return OpRow(name: "exp", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: ValueRange.always(.nonNegative),
                         latex: .around("e^{", "}", .power),
                         c: .library("exp"),
                         swift: .library("exp"),
                         javascript: .library("Math.exp"),
                         python: .helper(Helper.pythonOverflow("exp", "math.inf")),
                         numpy: .library("np.exp"))
        case .log:
            return OpRow(name: "log", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.2...4, kink: nil, aliases: ["ln"], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\ln"),
                         c: .library("log"),
                         swift: .library("log"),
                         javascript: .library("Math.log"),
                         python: .helper(Helper.pythonGuard("log", "math.log(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan")),
                         numpy: .library("np.log"))
        case .log2:
            return OpRow(name: "log2", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.2...4, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\log_{2}"),
                         c: .library("log2"),
                         swift: .library("log2"),
                         javascript: .library("Math.log2"),
                         python: .helper(Helper.pythonGuard("log2", "math.log2(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan")),
                         numpy: .library("np.log2"))
        case .log10:
            return OpRow(name: "log10", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.2...4, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\log_{10}"),
                         c: .library("log10"),
                         swift: .library("log10"),
                         javascript: .library("Math.log10"),
                         python: .helper(Helper.pythonGuard("log10", "math.log10(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan")),
                         numpy: .library("np.log10"))
        case .log1p:
            return OpRow(name: "log1p", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -0.5...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{log1p}"),
                         c: .library("log1p"),
                         swift: .library("log1p"),
                         javascript: .library("Math.log1p"),
                         python: .helper(Helper.pythonGuard("log1p", "math.log1p(x) if x > -1.0 else -math.inf if x == -1.0 else math.nan")),
                         numpy: .library("np.log1p"))
        case .expm1:
            return OpRow(name: "expm1", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{expm1}"),
                         c: .library("expm1"),
                         swift: .library("expm1"),
                         javascript: .library("Math.expm1"),
                         python: .helper(Helper.pythonOverflow("expm1", "math.inf")),
                         numpy: .library("np.expm1"))
        case .sqrt:
            return OpRow(name: "sqrt", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.2...4, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.nonNegative),
                         latex: .around("\\sqrt{", "}", .atom),
                         c: .library("sqrt"),
                         swift: .library("sqrt"),
                         javascript: .library("Math.sqrt"),
                         python: .helper(Helper.pythonGuard("sqrt", "math.sqrt(x) if x >= 0.0 else math.nan")),
                         numpy: .library("np.sqrt"))
        case .cbrt:
            return OpRow(name: "cbrt", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.2...4, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .around("\\sqrt[3]{", "}", .atom),
                         c: .library("cbrt"),
                         swift: .library("cbrt"),
                         javascript: .library("Math.cbrt"),
                         python: .library("math.cbrt"),
                         numpy: .library("np.cbrt"))
        case .abs:
            return OpRow(name: "abs", arity: 1, notation: .function, cost: .addSub, commutative: false,
                         domain: -3...3, kink: "abs'(0) = 0", aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.nonNegative),
                         latex: .around("\\left|", "\\right|", .atom),
                         c: .library("fabs"),
                         swift: .library("abs"),
                         javascript: .library("Math.abs"),
                         python: .library("abs"),
                         numpy: .library("np.abs"))
        case .sign:
            return OpRow(name: "sign", arity: 1, notation: .function, cost: .compare, commutative: false,
                         domain: -3...3, kink: "sign' = 0 everywhere", aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.unit),
                         latex: .function("\\operatorname{sign}"),
                         c: .helper(Helper("deriv_sign", """
                             // sign(x): 1 or -1; sign(+-0) and sign(NaN) are x itself.
                             static double deriv_sign(double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x; }
                             """)),
                         swift: .helper(Helper("deriv_sign", """
                             /// sign(x): 1 or -1; sign(±0) and sign(NaN) are x itself.
                             fileprivate func deriv_sign(_ x: Double) -> Double { x > 0 ? 1 : x < 0 ? -1 : x }
                             """)),
                         javascript: .library("Math.sign"),
                         python: .helper(Helper("deriv_sign", """
                             def deriv_sign(x):
                                 \"\"\"sign(x): 1.0 or -1.0; sign(+-0) and sign(nan) are x itself.\"\"\"
                                 return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x
                             """)),
                         numpy: .helper(Helper("deriv_sign", """
                             def deriv_sign(x):
                                 \"\"\"sign(x): 1.0 or -1.0; sign(+-0) and sign(nan) are x itself (np.sign(-0.0) is 0.0).\"\"\"
                                 return np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, x))
                             """)))
        case .sigmoid:
            return OpRow(name: "sigmoid", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(ValueRange(low: 0, high: 1)),
                         latex: .function("\\sigma"),
                         c: .helper(Helper("deriv_sigmoid", """
                             // sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                             static double deriv_sigmoid(double x)
                             {
                                 const double e = exp(-fabs(x));
                                 return x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                             }
                             """)),
                         swift: .helper(Helper("deriv_sigmoid", """
                             /// sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                             fileprivate func deriv_sigmoid(_ x: Double) -> Double {
                                 let e = exp(-abs(x))
                                 return x >= 0 ? 1 / (1 + e) : e / (1 + e)
                             }
                             """)),
                         javascript: .helper(Helper("deriv_sigmoid", """
                             // sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                             function deriv_sigmoid(x) {
                               const e = Math.exp(-Math.abs(x));
                               return x >= 0 ? 1 / (1 + e) : e / (1 + e);
                             }
                             """)),
                         python: .helper(Helper("deriv_sigmoid", """
                             def deriv_sigmoid(x):
                                 \"\"\"sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.\"\"\"
                                 e = math.exp(-abs(x))
                                 return 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
                             """)),
                         numpy: .helper(Helper("deriv_sigmoid", """
                             def deriv_sigmoid(x):
                                 \"\"\"sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.\"\"\"
                                 e = np.exp(-np.abs(x))
                                 return np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
                             """)))
        case .relu:
            return OpRow(name: "relu", arity: 1, notation: .function, cost: .compare, commutative: false,
                         domain: -3...3, kink: "relu'(0) = 0", aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.nonNegative),
                         latex: .function("\\operatorname{relu}"),
                         c: .helper(Helper("deriv_relu", """
                             // relu(x) = max(x, 0).
                             static double deriv_relu(double x) { return x >= 0.0 || x != x ? x : 0.0; }
                             """)),
                         swift: .helper(Helper("deriv_relu", """
                             /// relu(x) = max(x, 0).
                             fileprivate func deriv_relu(_ x: Double) -> Double { x >= 0 || x.isNaN ? x : 0 }
                             """)),
                         javascript: .helper(Helper("deriv_relu", """
                             // relu(x) = max(x, 0).
                             function deriv_relu(x) { return x >= 0 || x !== x ? x : 0; }
                             """)),
                         python: .helper(Helper("deriv_relu", """
                             def deriv_relu(x):
                                 \"\"\"relu(x) = max(x, 0).\"\"\"
                                 return x if x >= 0.0 or x != x else 0.0
                             """)),
                         numpy: .helper(Helper("deriv_relu", """
                             def deriv_relu(x):
                                 \"\"\"relu(x) = max(x, 0): x itself for x >= 0 (-0.0 stays -0.0) and nan.\"\"\"
                                 return np.where(x < 0.0, 0.0, x)
                             """)))
        case .softplus:
            return OpRow(name: "softplus", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.nonNegative),
                         latex: .function("\\operatorname{softplus}"),
                         c: .helper(Helper("deriv_softplus", """
                             // softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                             static double deriv_softplus(double x) { return (x >= 0.0 || x != x ? x : 0.0) + log1p(exp(-fabs(x))); }
                             """)),
                         swift: .helper(Helper("deriv_softplus", """
                             /// softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                             fileprivate func deriv_softplus(_ x: Double) -> Double { (x >= 0 || x.isNaN ? x : 0) + log1p(exp(-abs(x))) }
                             """)),
                         javascript: .helper(Helper("deriv_softplus", """
                             // softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                             function deriv_softplus(x) { return (x >= 0 || x !== x ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))); }
                             """)),
                         python: .helper(Helper("deriv_softplus", """
                             def deriv_softplus(x):
                                 \"\"\"softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).\"\"\"
                                 return (x if x >= 0.0 or x != x else 0.0) + math.log1p(math.exp(-abs(x)))
                             """)),
                         numpy: .helper(Helper("deriv_softplus", """
                             def deriv_softplus(x):
                                 \"\"\"softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).\"\"\"
                                 return np.where(x < 0.0, 0.0, x) + np.log1p(np.exp(-np.abs(x)))
                             """)))
        case .erf:
            return OpRow(name: "erf", arity: 1, notation: .function, cost: .transcendental, commutative: false,
                         domain: -3...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.unit),
                         latex: .function("\\operatorname{erf}"),
                         c: .library("erf"),
                         swift: .library("erf"),
                         javascript: .helper(Helper("deriv_erf", defines: ["deriv_erfSeries"], """
                             // erf(x), which Math lacks; within 1 ulp of glibc's erf (checked on 240,000 points).
                             // |x| < 1: x + x*y(x^2), y the Maclaurin series of erf(x)/x - 1 (20 terms, Horner).
                             // 1 <= |x| < 6: 1 - erfc(x), erfc(x) = exp(-x^2) / (sqrt(pi) K), K the continued fraction
                             //   x + (1/2)/(x + 1/(x + (3/2)/(x + ...))) summed from 240/x^2 + 8 terms up; exp(-x^2) is
                             //   exp(-h)*(1 - l) with x^2 = h + l exactly (Dekker's product), so rounding x^2 costs nothing.
                             // |x| >= 6: +-1 (erfc(6) < 2.2e-17 is under half an ulp of 1).
                             const deriv_erfSeries = [
                               0.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252,
                               0.005223977625442188, -0.0008548327023450853, 0.00012055332981789664, -1.492565035840625e-05,
                               1.6462114365889248e-06, -1.6365844691234924e-07, 1.4807192815879218e-08, -1.2290555301717928e-09,
                               9.422759064650411e-11, -6.7113668551641105e-12, 4.4632242632864775e-13, -2.7835162072109215e-14,
                               1.6342614095367152e-15, -9.063970842808673e-17, 4.763348040515068e-18, -2.3784598852774293e-19,
                             ];
                             function deriv_erf(x) {
                               const a = Math.abs(x);
                               if (!(a < 6)) return a >= 6 ? Math.sign(x) : x;
                               if (a < 1) {
                                 const z = x * x;
                                 let y = deriv_erfSeries[19];
                                 for (let k = 18; k >= 0; k--) y = deriv_erfSeries[k] + z * y;
                                 return x + x * y;
                               }
                               const c = a * 134217729, ah = c - (c - a), al = a - ah;
                               const h = a * a, l = ((ah * ah - h) + 2 * ah * al) + al * al;
                               let k = a;
                               for (let n = Math.ceil(240 / h) + 8; n > 0; n--) k = a + 0.5 * n / k;
                               const r = 1 - Math.exp(-h) * (1 - l) / (1.772453850905516 * k);
                               return x < 0 ? -r : r;
                             }
                             """)),
                         python: .library("math.erf"),
                         numpy: .helper(Helper("deriv_erf", """
                             def deriv_erf(x):
                                 \"\"\"erf(x) entry by entry, which NumPy lacks: the C library's, through math.erf.\"\"\"
                                 from math import erf
                                 return np.vectorize(erf, otypes=[np.float64])(x)
                             """)))
        case .atan2:
            return OpRow(name: "atan2", arity: 2, notation: .function, cost: .transcendental, commutative: false,
                         domain: 0.5...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\operatorname{atan2}"),
                         c: .library("atan2"),
                         swift: .library("atan2"),
                         javascript: .library("Math.atan2"),
                         python: .library("math.atan2"),
                         numpy: .library("np.arctan2"))
        case .hypot:
            return OpRow(name: "hypot", arity: 2, notation: .function, cost: .transcendental, commutative: true,
                         domain: 0.5...3, kink: nil, aliases: [], variadic: false,
                         whyNotFinite: NonFinite.overflow,
                         range: ValueRange.always(.nonNegative),
                         latex: .function("\\operatorname{hypot}"),
                         c: .library("hypot"),
                         swift: .library("hypot"),
                         javascript: .library("Math.hypot"),
                         python: .library("math.hypot"),
                         numpy: .library("np.hypot"))
        case .max:
            return OpRow(name: "max", arity: 2, notation: .function, cost: .compare, commutative: false,
                         domain: -3...3, kink: "the whole adjoint goes to the first argument that attains the maximum", aliases: [], variadic: true,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\max"),
                         c: .helper(Helper("deriv_max", """
                             // max(a, b): a on ties; NaN when either is NaN (fmax would drop it).
                             static double deriv_max(double a, double b) { return a >= b || a != a ? a : b; }
                             """)),
                         swift: .helper(Helper("deriv_max", """
                             /// max(a, b): a on ties; NaN when either is NaN.
                             fileprivate func deriv_max(_ a: Double, _ b: Double) -> Double { a >= b || a.isNaN ? a : b }
                             """)),
                         javascript: .helper(Helper("deriv_max", """
                             // max(a, b): a on ties (Math.max(-0, 0) would give 0); NaN when either is NaN.
                             function deriv_max(a, b) { return a >= b || a !== a ? a : b; }
                             """)),
                         python: .helper(Helper("deriv_max", """
                             def deriv_max(a, b):
                                 \"\"\"max(a, b): a on ties; nan when either is nan.\"\"\"
                                 return a if a >= b or a != a else b
                             """)),
                         numpy: .helper(Helper("deriv_max", """
                             def deriv_max(a, b):
                                 \"\"\"max(a, b) entry by entry: a on ties; nan when either is nan.\"\"\"
                                 return np.where((a >= b) | (a != a), a, b)
                             """)))
        case .min:
            return OpRow(name: "min", arity: 2, notation: .function, cost: .compare, commutative: false,
                         domain: -3...3, kink: "the whole adjoint goes to the first argument that attains the minimum", aliases: [], variadic: true,
                         whyNotFinite: NonFinite.pole,
                         range: ValueRange.always(.anything),
                         latex: .function("\\min"),
                         c: .helper(Helper("deriv_min", """
                             // min(a, b): a on ties; NaN when either is NaN (fmin would drop it).
                             static double deriv_min(double a, double b) { return a <= b || a != a ? a : b; }
                             """)),
                         swift: .helper(Helper("deriv_min", """
                             /// min(a, b): a on ties; NaN when either is NaN.
                             fileprivate func deriv_min(_ a: Double, _ b: Double) -> Double { a <= b || a.isNaN ? a : b }
                             """)),
                         javascript: .helper(Helper("deriv_min", """
                             // min(a, b): a on ties; NaN when either is NaN.
                             function deriv_min(a, b) { return a <= b || a !== a ? a : b; }
                             """)),
                         python: .helper(Helper("deriv_min", """
                             def deriv_min(a, b):
                                 \"\"\"min(a, b): a on ties; nan when either is nan.\"\"\"
                                 return a if a <= b or a != a else b
                             """)),
                         numpy: .helper(Helper("deriv_min", """
                             def deriv_min(a, b):
                                 \"\"\"min(a, b) entry by entry: a on ties; nan when either is nan.\"\"\"
                                 return np.where((a <= b) | (a != a), a, b)
                             """)))
        case .lt: return .comparison("lt", "<", latex: "<")
        case .le: return .comparison("le", "<=", latex: "\\le")
        case .gt: return .comparison("gt", ">", latex: ">")
        case .ge: return .comparison("ge", ">=", latex: "\\ge")
        case .eq: return .comparison("eq", "==", latex: "=", commutative: true)
        case .ne: return .comparison("ne", "!=", latex: "\\ne", commutative: true)
        case .select:
            return OpRow(name: "select", arity: 3, notation: .symbol("?"), cost: .compare, commutative: false,
                         domain: -3...3, kink: "no derivative with respect to the condition", aliases: [], variadic: false,
                         whyNotFinite: NonFinite.pole,
                         range: { _, b, c, _ in ValueRange(low: Swift.min(b.low, c.low), high: Swift.max(b.high, c.high)) },
                         latex: .builtIn,
                         c: .builtIn,
                         swift: .builtIn,
                         javascript: .builtIn,
                         python: .builtIn,
                         numpy: .builtIn)
        }
    }


    /// ∂out/∂(argument `i`) for `out = op(x, y, z)`, or nil where it is zero everywhere (so
    /// neither mode spends an operation on it). Written once against `DerivativeAlgebra`, for
    /// numbers and graph nodes (`a`); `x`, `y`, `z` are the arguments, `out` the value (several
    /// partials reuse it where that is cheaper, as CasADi's rules do), `i` the argument. Kinks
    /// follow `info.kink`. Like `evaluate`, a `switch` beside the rows rather than a field: the
    /// sweeps call it per edge, and a rule held in the row (a closure per algebra) made reverse
    /// mode 10–40% slower.
    @_spi(DerivCore) public func partial<A: DerivativeAlgebra>(_ i: Int, _ x: A.Value, _ y: A.Value?, _ z: A.Value?,
                                              out: A.Value, in a: A) -> A.Value? {
        let one = a.constant(1)
        switch self {
        case .input, .constant:
            return nil
        case .add:      return one
        case .sub:      return i == 0 ? one : a.constant(-1)
        case .mul:      return i == 0 ? y! : x
        case .div:      return i == 0 ? a.div(one, y!) : a.neg(a.div(out, y!))
        case .neg:      return a.constant(-1)
        case .pow:      return a.powerPartial(i, x, y!, out: out)
        case .sin:      return a.call(.cos, x)
        case .cos:      return a.neg(a.call(.sin, x))
        case .tan:      return a.add(one, a.square(out))
        case .asin:     return a.div(one, a.call(.sqrt, a.sub(one, a.square(x))))
        case .acos:     return a.div(a.constant(-1), a.call(.sqrt, a.sub(one, a.square(x))))
        case .atan:     return a.div(one, a.add(one, a.square(x)))
        case .sinh:     return a.call(.cosh, x)
        case .cosh:     return a.call(.sinh, x)
        case .tanh:     return a.sub(one, a.square(out))
        case .asinh:    return a.div(one, a.call(.sqrt, a.add(a.square(x), one)))
        case .acosh:    return a.div(one, a.call(.sqrt, a.sub(a.square(x), one)))
        case .atanh:    return a.div(one, a.sub(one, a.square(x)))
        case .exp:      return out
        case .log:      return a.div(one, x)
        case .log2:     return a.div(a.constant(1 / 0.6931471805599453), x)
        case .log10:    return a.div(a.constant(1 / 2.302585092994046), x)
        case .log1p:    return a.div(one, a.add(one, x))
        case .expm1:    return a.add(out, one)
        case .sqrt:     return a.div(a.constant(0.5), out)
        case .cbrt:     return a.div(one, a.mul(a.constant(3), a.square(out)))
        case .abs:      return a.call(.sign, x)
        case .sign:     return nil
        case .sigmoid:  return a.mul(out, a.sub(one, out))
        case .relu:     return a.call(.sign, out)
        case .softplus: return a.call(.sigmoid, x)
        case .erf:      return a.mul(a.constant(1.1283791670955126), a.call(.exp, a.neg(a.square(x))))
        case .atan2:    let r = a.add(a.square(x), a.square(y!))
                        return i == 0 ? a.div(y!, r) : a.div(a.neg(x), r)
        case .hypot:    return a.div(i == 0 ? x : y!, out)
        case .max:      return i == 0 ? a.call(.ge, x, y!) : a.call(.lt, x, y!)
        case .min:      return i == 0 ? a.call(.le, x, y!) : a.call(.gt, x, y!)
        case .lt, .le, .gt, .ge, .eq, .ne:
            return nil
        case .select:
            if i == 0 { return nil }
            return a.apply(.select, x, i == 1 ? one : a.constant(0), i == 1 ? a.constant(0) : one)
        }
    }
    /// The value of the operation in IEEE double arithmetic; unused arguments are ignored. This
    /// column of the table is a `switch` of its own, beside the rows, rather than a field of
    /// `OpRow`: the interpreters run it per node and per point, and a function read from a row
    /// cannot be inlined there (measured: the one-point interpreter about 1.5× slower, the batch
    /// interpreter 2–3×, its arithmetic loops no longer vectorized).
    ///
    /// The numerically careful forms here are the definitions every emitter reproduces:
    /// - `sigmoid(x)` = 1/(1+e^(−x)) for x ≥ 0, e^x/(1+e^x) otherwise: never overflows; one
    ///   `exp(−|x|)` serves both branches.
    /// - `softplus(x)` = max(x, 0) + log1p(e^(−|x|)): never overflows.
    /// - `x^2` is `x*x` (`Op.squareExponent`; exactly what the emitted code computes).
    /// - `max(a, b)` = `a >= b || a != a ? a : b`: NaN in either argument gives NaN; ties give `a`.
    /// - `relu(x)` = `max(x, 0)`; `sign(x)` is ±1, or x itself for ±0 and NaN.
    @inline(__always)
    @_spi(DerivCore) public func evaluate(_ x: Double, _ y: Double = 0, _ z: Double = 0) -> Double {
        switch self {
        case .input, .constant: return .nan
        case .add:      return x + y
        case .sub:      return x - y
        case .mul:      return x * y
        case .div:      return x / y
        case .neg:      return -x
        case .pow:      return Op.power(x, y)
        case .sin:      return Foundation.sin(x)
        case .cos:      return Foundation.cos(x)
        case .tan:      return Foundation.tan(x)
        case .asin:     return Foundation.asin(x)
        case .acos:     return Foundation.acos(x)
        case .atan:     return Foundation.atan(x)
        case .sinh:     return Foundation.sinh(x)
        case .cosh:     return Foundation.cosh(x)
        case .tanh:     return Foundation.tanh(x)
        case .asinh:    return Foundation.asinh(x)
        case .acosh:    return Foundation.acosh(x)
        case .atanh:    return Foundation.atanh(x)
        case .exp:      return Foundation.exp(x)
        case .log:      return Foundation.log(x)
        case .log2:     return Foundation.log2(x)
        case .log10:    return Foundation.log10(x)
        case .log1p:    return Foundation.log1p(x)
        case .expm1:    return Foundation.expm1(x)
        case .sqrt:     return x.squareRoot()
        case .cbrt:     return Foundation.cbrt(x)
        case .abs:      return Swift.abs(x)
        case .sign:     return x > 0 ? 1 : (x < 0 ? -1 : x)
        case .sigmoid:  let e = Foundation.exp(-Swift.abs(x))
                        return x >= 0 ? 1 / (1 + e) : e / (1 + e)
        case .relu:     return x >= 0 || x != x ? x : 0
        case .softplus: return (x >= 0 || x != x ? x : 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
        case .erf:      return Foundation.erf(x)
        case .atan2:    return Foundation.atan2(x, y)
        case .hypot:    return Foundation.hypot(x, y)
        case .max:      return x >= y || x != x ? x : y
        case .min:      return x <= y || x != x ? x : y
        case .lt:       return x < y ? 1 : 0
        case .le:       return x <= y ? 1 : 0
        case .gt:       return x > y ? 1 : 0
        case .ge:       return x >= y ? 1 : 0
        case .eq:       return x == y ? 1 : 0
        case .ne:       return x != y ? 1 : 0
        case .select:   return x != 0 ? y : z
        }
    }
}
