import Foundation

extension Op {
    /// The value of the operation in IEEE double arithmetic (its row's `evaluate`). Unused
    /// arguments are ignored.
    ///
    /// The numerically careful forms in the rows are the definitions every emitter reproduces:
    /// - `sigmoid(x)` = 1/(1+e^(−x)) for x ≥ 0, e^x/(1+e^x) otherwise: never overflows; one
    ///   `exp(−|x|)` serves both branches.
    /// - `softplus(x)` = max(x, 0) + log1p(e^(−|x|)): never overflows.
    /// - `x^2` is `x*x` (`Op.squareExponent`; exactly what the emitted code computes).
    /// - `max(a, b)` = `a >= b || a != a ? a : b`: NaN in either argument gives NaN; ties give `a`.
    /// - `relu(x)` = `max(x, 0)`; `sign(x)` is ±1, or x itself for ±0 and NaN.
    @inline(__always)
    public func evaluate(_ x: Double, _ y: Double = 0, _ z: Double = 0) -> Double {
        Op.evaluations[Int(rawValue)](x, y, z)
    }

    /// The rows' `evaluate`, by raw value: plain function pointers, read per node by the
    /// interpreters.
    private static let evaluations: [Evaluation] = table.map(\.evaluate)

    /// Why finite arguments gave the non-finite value `r`, for the interpreter's warning
    /// (docs/LANGUAGE.md, "Numbers at the edges"): a division by zero, an overflow, a pole or an
    /// argument outside the domain.
    func whyNotFinite(_ x: Double, _ y: Double, _ r: Double) -> String {
        Op.table[Int(rawValue)].whyNotFinite(x, y, r)
    }

    /// The range of the operation's value given ranges of its arguments (`exponent`: the
    /// exponent of `pow` when it is a constant). Bounds hold in IEEE arithmetic (`ValueRange`).
    func range(_ a: ValueRange, _ b: ValueRange, _ c: ValueRange, exponent: Double?) -> ValueRange {
        Op.table[Int(rawValue)].range(a, b, c, exponent)
    }

    /// `x^2` is computed as `x*x`: the one exponent deriv computes by multiplying, in the
    /// interpreters, the emitted code (`x * x` for a literal 2, and the `deriv_pow` helpers) and
    /// the simplifier (`x*x` → `x^2` is exact because of it).
    public static let squareExponent = 2

    /// `x^y` as deriv computes it (`squareExponent`).
    @inline(__always)
    static func power(_ x: Double, _ y: Double) -> Double {
        y == Double(squareExponent) ? x * x : Foundation.pow(x, y)
    }
}
