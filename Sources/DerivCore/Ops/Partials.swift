/// Something partial derivatives can be written in: `Double` (numbers at a point) or a
/// `GraphBuilder` (new graph nodes). Writing each rule once against this protocol gives both the
/// numeric local gradients of `deriv trace` and the symbolic derivative graphs, from one table.
@_spi(DerivCore) public protocol DerivativeAlgebra {
    associatedtype Value
    func constant(_ c: Double) -> Value
    func apply(_ op: Op, _ x: Value, _ y: Value?, _ z: Value?) -> Value
    /// The number `x` stands for when it is known now (a constant node; every `Double`), else nil.
    func constantValue(_ x: Value) -> Double?
}

extension DerivativeAlgebra {
    @inlinable @_spi(DerivCore) public func call(_ op: Op, _ x: Value) -> Value { apply(op, x, nil, nil) }
    func call(_ op: Op, _ x: Value, _ y: Value) -> Value { apply(op, x, y, nil) }
    @inlinable @_spi(DerivCore) public func add(_ x: Value, _ y: Value) -> Value { apply(.add, x, y, nil) }
    @inlinable @_spi(DerivCore) public func sub(_ x: Value, _ y: Value) -> Value { apply(.sub, x, y, nil) }
    @inlinable @_spi(DerivCore) public func mul(_ x: Value, _ y: Value) -> Value { apply(.mul, x, y, nil) }
    @inlinable @_spi(DerivCore) public func div(_ x: Value, _ y: Value) -> Value { apply(.div, x, y, nil) }
    @inlinable @_spi(DerivCore) public func neg(_ x: Value) -> Value { apply(.neg, x, nil, nil) }
    /// `x^2`, a power node, computed as `x*x` (`Op.squareExponent`).
    func square(_ x: Value) -> Value { apply(.pow, x, constant(Double(Op.squareExponent)), nil) }

    /// `p`, except 0 where `v` is 0: `v == 0 ? 0 : p`, decided now when `v` is known.
    func zero(where v: Value, else p: Value) -> Value {
        if let c = constantValue(v) { return c == 0 ? constant(0) : p }
        return apply(.select, apply(.eq, v, constant(0), nil), constant(0), p)
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

/// Numbers at a point: the tests' reference for the rules (`deriv trace` evaluates the nodes the
/// sweeps build instead).
@_spi(DerivCore) public struct NumericAlgebra: DerivativeAlgebra {
    @_spi(DerivCore) public init() {}
    @_spi(DerivCore) public func constant(_ c: Double) -> Double { c }
    @_spi(DerivCore) public func constantValue(_ x: Double) -> Double? { x }
    @_spi(DerivCore) public func apply(_ op: Op, _ x: Double, _ y: Double?, _ z: Double?) -> Double {
        op.evaluate(x, y ?? 0, z ?? 0)
    }
}
