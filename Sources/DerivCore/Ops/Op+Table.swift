import Foundation

/// The columns of the operation table (OpTable.swift) as the rest of deriv reads them.
extension Op {
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
    @_spi(DerivCore) public static let squareExponent = 2

    /// `x^y` as deriv computes it (`squareExponent`).
    @inline(__always)
    static func power(_ x: Double, _ y: Double) -> Double {
        y == Double(squareExponent) ? x * x : Foundation.pow(x, y)
    }
}
