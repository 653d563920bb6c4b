import Foundation

/// Everything deriv knows about one operation but its local partials and its value: a row of
/// the table `Op.row` (OpTable.swift), beside which `Op.partial` and `Op.evaluate` give those.
/// The initializer takes every field and none has a default, so a row that lacks a piece does
/// not compile.
@_spi(DerivCore) public struct OpRow: Sendable {
    /// Name, arity, notation, cost class, commutativity, sampling domain, kink, aliases, variadic.
    let info: OpInfo
    /// Why finite arguments `x`, `y` gave the non-finite value `r`, for a `warning:` line.
    let whyNotFinite: @Sendable (_ x: Double, _ y: Double, _ r: Double) -> String
    /// The interval the value lies in, given its arguments' (`exponent`: a constant exponent of `pow`).
    let range: @Sendable (_ a: ValueRange, _ b: ValueRange, _ c: ValueRange, _ exponent: Double?) -> ValueRange
    /// How `deriv diff --format latex` writes it.
    let latex: LaTeXForm
    /// How each emitted language computes it: a library call, a helper with its body, or the
    /// language's operator rules (`numpy`: entry by entry over arrays, docs/EMIT.md).
    @_spi(DerivCore) public let c: OpCode, swift: OpCode, javascript: OpCode, python: OpCode, numpy: OpCode

    init(name: String, arity: Int, notation: Notation, cost: CostClass, commutative: Bool,
         domain: ClosedRange<Double>, kink: String?, aliases: [String], variadic: Bool,
         whyNotFinite: @escaping @Sendable (Double, Double, Double) -> String,
         range: @escaping @Sendable (ValueRange, ValueRange, ValueRange, Double?) -> ValueRange,
         latex: LaTeXForm,
         c: OpCode, swift: OpCode, javascript: OpCode, python: OpCode, numpy: OpCode) {
        info = OpInfo(name, arity, notation, cost, commutative: commutative, domain: domain, kink: kink,
                      aliases: aliases, variadic: variadic)
        self.whyNotFinite = whyNotFinite; self.range = range
        self.latex = latex
        self.c = c; self.swift = swift; self.javascript = javascript; self.python = python; self.numpy = numpy
    }

    /// The row of a comparison `a SYMBOL b`: 1 or 0, derivative 0 everywhere, written by each
    /// language's operator rules and in LaTeX as an Iverson bracket around `latex`.
    static func comparison(_ name: String, _ symbol: String, latex: String, commutative: Bool = false) -> OpRow {
        OpRow(name: name, arity: 2, notation: .symbol(symbol), cost: .compare, commutative: commutative,
              domain: -3...3, kink: "derivative 0", aliases: [], variadic: false,
              whyNotFinite: NonFinite.pole,
              range: ValueRange.always(ValueRange(low: 0, high: 1)),
              latex: .iverson(latex),
              c: .builtIn, swift: .builtIn, javascript: .builtIn, python: .builtIn, numpy: .builtIn)
    }
}

/// The causes a domain warning names (docs/LANGUAGE.md, "Numbers at the edges"), for the rows'
/// `whyNotFinite`.
enum NonFinite {
    /// A pole (±∞) or an argument outside the domain (NaN).
    static let pole: @Sendable (Double, Double, Double) -> String = { _, _, r in r.isNaN ? "outside the domain" : "a pole" }
    /// An overflow (±∞), else as `pole`.
    static let overflow: @Sendable (Double, Double, Double) -> String = { x, y, r in r.isInfinite ? "overflow" : pole(x, y, r) }
}

extension ValueRange {
    /// A range rule that does not depend on the arguments.
    static func always(_ r: ValueRange) -> @Sendable (ValueRange, ValueRange, ValueRange, Double?) -> ValueRange {
        { _, _, _, _ in r }
    }
}
