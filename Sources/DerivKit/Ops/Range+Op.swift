extension Op {
    /// The range of the operation's value given ranges of its arguments (`exponent`: the
    /// exponent of `pow` when it is a constant). Bounds hold in IEEE arithmetic (`ValueRange`).
    func range(_ a: ValueRange, _ b: ValueRange, _ c: ValueRange, exponent: Double?) -> ValueRange {
        switch self {
        case .add: return ValueRange(low: a.low + b.low, high: a.high + b.high)
        case .sub: return ValueRange(low: a.low - b.high, high: a.high - b.low)
        case .neg: return ValueRange(low: -a.high, high: -a.low)
        case .mul:
            let corners = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
            if corners.contains(where: \.isNaN) { return .anything }
            return ValueRange(low: corners.min()!, high: corners.max()!)
        case .pow:
            // x^e ≥ 0 for an even or non-integer e (NaN below 0), and for x > 0 (so never −0:
            // (−0)^−1 = −∞).
            if let e = exponent, e != e.rounded() || e.truncatingRemainder(dividingBy: 2) == 0 { return .nonNegative }
            return a.low > 0 ? .nonNegative : .anything
        case .exp, .sqrt, .abs, .softplus, .relu, .hypot: return .nonNegative
        case .cosh: return ValueRange(low: 1, high: .infinity)
        case .sigmoid: return ValueRange(low: 0, high: 1)
        case .sin, .cos, .tanh, .erf, .sign: return .unit
        case .lt, .le, .gt, .ge, .eq, .ne: return ValueRange(low: 0, high: 1)
        case .select: return ValueRange(low: Swift.min(b.low, c.low), high: Swift.max(b.high, c.high))
        case .input, .constant, .div, .tan, .asin, .acos, .atan, .sinh, .asinh, .acosh, .atanh, .log, .log2, .log10,
             .log1p, .expm1, .cbrt, .atan2, .max, .min:
            return .anything
        }
    }
}
