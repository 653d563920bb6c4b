/// Something partial derivatives can be written in: `Double` (numbers at a point) or a
/// `GraphBuilder` (new graph nodes). Writing each rule once against this protocol gives both the
/// numeric local gradients of `deriv trace` and the symbolic derivative graphs, from one table.
public protocol DerivativeAlgebra {
    associatedtype Value
    func constant(_ c: Double) -> Value
    func apply(_ op: Op, _ x: Value, _ y: Value?, _ z: Value?) -> Value
    /// The number `x` stands for when it is known now (a constant node; every `Double`), else nil.
    func constantValue(_ x: Value) -> Double?
}

extension DerivativeAlgebra {
    func call(_ op: Op, _ x: Value) -> Value { apply(op, x, nil, nil) }
    func call(_ op: Op, _ x: Value, _ y: Value) -> Value { apply(op, x, y, nil) }
    func add(_ x: Value, _ y: Value) -> Value { apply(.add, x, y, nil) }
    func sub(_ x: Value, _ y: Value) -> Value { apply(.sub, x, y, nil) }
    func mul(_ x: Value, _ y: Value) -> Value { apply(.mul, x, y, nil) }
    func div(_ x: Value, _ y: Value) -> Value { apply(.div, x, y, nil) }
    func neg(_ x: Value) -> Value { apply(.neg, x, nil, nil) }
    func square(_ x: Value) -> Value { apply(.pow, x, constant(2), nil) }

    /// `p`, except 0 where `v` is 0: `v == 0 ? 0 : p`, decided now when `v` is known.
    func zero(where v: Value, else p: Value) -> Value {
        if let c = constantValue(v) { return c == 0 ? constant(0) : p }
        return apply(.select, apply(.eq, v, constant(0), nil), constant(0), p)
    }
}

extension Op {
    /// ∂out/∂(argument `i`) for `out = op(x, y, z)`, or nil where it is zero everywhere
    /// (so neither mode spends an operation on it). Partials reuse `out` where that is cheaper
    /// (exp, expm1, sqrt, tanh, sigmoid, division), as CasADi's rules do. Kinks follow `info.kink`.
    public func partial<A: DerivativeAlgebra>(_ i: Int, _ x: A.Value, _ y: A.Value?, _ z: A.Value?,
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
}

extension DerivativeAlgebra {
    /// The partials of `out = x^y`, with the convention where the formulas meet 0·∞ (both modes
    /// use it, through this one rule; grammar/deriv.ebnf lists it with the kinks):
    ///
    /// - ∂/∂x = y·x^(y−1), and 0 where y = 0: x^0 = 1 for every x, also at x = 0, where the
    ///   formula gives 0·0^(−1) = 0·∞ = NaN.
    /// - ∂/∂y = x^y·log(x), and 0 where x^y = 0: at x = 0 with y > 0, x^y is 0 for every nearby y,
    ///   where the formula gives 0·log(0) = 0·(−∞) = NaN. With a constant base other than 0 and ±∞
    ///   (`2^y`) the formula never meets that case, so no test is built.
    ///
    /// Elsewhere the formulas stand: ∂/∂x at x = 0 with 0 < y < 1 is +∞ (`sqrt`-like), ∂/∂y at
    /// x = 0 with y = 0 is −∞ (1·log 0), and both are NaN for x < 0 where x^y is (non-integer y).
    /// The simplifier removes a test that can never fire (`Graph.simplified()`: an exponent
    /// that is never 0, such as `y^2 + 1`), so printed derivatives show it only where it matters.
    func powerPartial(_ i: Int, _ x: Value, _ y: Value, out: Value) -> Value {
        if i == 0 { return zero(where: y, else: mul(y, apply(.pow, x, sub(y, constant(1)), nil))) }
        let tamedBase = constantValue(x).map { $0 != 0 && $0.isFinite } ?? false
        return zero(where: tamedBase ? x : out, else: mul(out, apply(.log, x, nil, nil)))
    }
}

/// Numbers at a point: the local gradients of `deriv trace` and the tests' reference sweeps.
public struct NumericAlgebra: DerivativeAlgebra {
    public init() {}
    public func constant(_ c: Double) -> Double { c }
    public func constantValue(_ x: Double) -> Double? { x }
    public func apply(_ op: Op, _ x: Double, _ y: Double?, _ z: Double?) -> Double {
        op.evaluate(x, y ?? 0, z ?? 0)
    }
}
