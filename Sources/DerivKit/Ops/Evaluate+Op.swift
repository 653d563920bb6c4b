import Foundation

extension Op {
    /// The value of the operation in IEEE double arithmetic. Unused arguments are ignored.
    ///
    /// The numerically careful forms here are the definitions every emitter reproduces:
    /// - `sigmoid(x)` = 1/(1+e^(−x)) for x ≥ 0, e^x/(1+e^x) otherwise: never overflows; one
    ///   `exp(−|x|)` serves both branches.
    /// - `softplus(x)` = max(x, 0) + log1p(e^(−|x|)): never overflows.
    /// - `x^2` is `x*x` (exactly what the emitted code computes).
    /// - `max(a, b)` = `a >= b || a != a ? a : b`: NaN in either argument gives NaN; ties give `a`.
    /// - `relu(x)` = `max(x, 0)`; `sign(x)` is ±1, or x itself for ±0 and NaN.
    @inline(__always)
    public func evaluate(_ x: Double, _ y: Double = 0, _ z: Double = 0) -> Double {
        switch self {
        case .input, .constant: return .nan
        case .add:      return x + y
        case .sub:      return x - y
        case .mul:      return x * y
        case .div:      return x / y
        case .neg:      return -x
        case .pow:      return y == 2 ? x * x : Foundation.pow(x, y)
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

extension Op {
    /// Why finite arguments gave the non-finite value `r`, for the interpreter's warning
    /// (docs/LANGUAGE.md, "Numbers at the edges"): a division by zero, an overflow, a pole or an
    /// argument outside the domain.
    func whyNotFinite(_ x: Double, _ y: Double, _ r: Double) -> String {
        let pole = r.isNaN ? "outside the domain" : "a pole"
        let overflow = r.isInfinite ? "overflow" : pole
        switch self {
        case .div: return y == 0 ? "division by zero" : pole
        case .pow: return x == 0 && y < 0 ? "division by zero" : overflow
        case .add, .sub, .mul, .exp, .expm1, .sinh, .cosh, .hypot: return overflow
        case .input, .constant, .neg, .sin, .cos, .tan, .asin, .acos, .atan, .tanh, .asinh, .acosh, .atanh,
             .log, .log2, .log10, .log1p, .sqrt, .cbrt, .abs, .sign, .sigmoid, .relu, .softplus, .erf, .atan2,
             .max, .min, .lt, .le, .gt, .ge, .eq, .ne, .select:
            return pole
        }
    }
}
