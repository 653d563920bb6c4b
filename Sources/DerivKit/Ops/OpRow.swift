import Foundation

/// Everything deriv knows about one operation but its value: a row of the table `Op.row`
/// (OpTable.swift), beside which `Op.evaluate` gives the value.
/// The initializer takes every field and none has a default, so a row that lacks a piece does
/// not compile. `A` is the algebra the local partials are built in (`Double` numbers or graph
/// nodes); every other field is the same for each algebra.
struct OpRow<A: DerivativeAlgebra> {
    /// Name, arity, notation, cost class, commutativity, sampling domain, kink, aliases, variadic.
    let info: OpInfo
    /// Why finite arguments `x`, `y` gave the non-finite value `r`, for a `warning:` line.
    let whyNotFinite: (_ x: Double, _ y: Double, _ r: Double) -> String
    /// The interval the value lies in, given its arguments' (`exponent`: a constant exponent of `pow`).
    let range: (_ a: ValueRange, _ b: ValueRange, _ c: ValueRange, _ exponent: Double?) -> ValueRange
    /// ∂out/∂(argument `i`), or nil where it is zero everywhere (`Op.partial`).
    let partial: (PartialSite<A>) -> A.Value?
    /// How `deriv diff --format latex` writes it.
    let latex: LaTeXForm
    /// How each emitted language computes it: a library call, a helper with its body, or the
    /// language's operator rules.
    let c: OpCode, swift: OpCode, javascript: OpCode, python: OpCode

    init(name: String, arity: Int, notation: Notation, cost: CostClass, commutative: Bool,
         domain: ClosedRange<Double>, kink: String?, aliases: [String], variadic: Bool,
         whyNotFinite: @escaping (Double, Double, Double) -> String,
         range: @escaping (ValueRange, ValueRange, ValueRange, Double?) -> ValueRange,
         partial: @escaping (PartialSite<A>) -> A.Value?, latex: LaTeXForm,
         c: OpCode, swift: OpCode, javascript: OpCode, python: OpCode) {
        info = OpInfo(name, arity, notation, cost, commutative: commutative, domain: domain, kink: kink,
                      aliases: aliases, variadic: variadic)
        self.whyNotFinite = whyNotFinite; self.range = range
        self.partial = partial; self.latex = latex
        self.c = c; self.swift = swift; self.javascript = javascript; self.python = python
    }
}

/// One operation's local-partial rule in algebra `A`: the row's `partial`, read once per algebra.
public struct PartialRule<A: DerivativeAlgebra> {
    let build: (PartialSite<A>) -> A.Value?
}

/// Where a local partial is built: the algebra, which argument (`i`), the operation's arguments
/// and value, and the constant 1; the algebra's operations are forwarded so that a rule reads
/// as a formula (`d.div(d.one, d.x)`).
public struct PartialSite<A: DerivativeAlgebra> {
    public let algebra: A
    /// The argument the partial is taken with respect to: 0, 1 or 2.
    public let i: Int
    public let x: A.Value, y: A.Value?, z: A.Value?
    /// The operation's own value, which several partials reuse (exp, sqrt, tanh, division).
    public let out: A.Value
    public let one: A.Value

    public func constant(_ c: Double) -> A.Value { algebra.constant(c) }
    public func apply(_ op: Op, _ x: A.Value, _ y: A.Value?, _ z: A.Value?) -> A.Value { algebra.apply(op, x, y, z) }
    public func call(_ op: Op, _ x: A.Value) -> A.Value { algebra.call(op, x) }
    public func call(_ op: Op, _ x: A.Value, _ y: A.Value) -> A.Value { algebra.call(op, x, y) }
    public func add(_ x: A.Value, _ y: A.Value) -> A.Value { algebra.add(x, y) }
    public func sub(_ x: A.Value, _ y: A.Value) -> A.Value { algebra.sub(x, y) }
    public func mul(_ x: A.Value, _ y: A.Value) -> A.Value { algebra.mul(x, y) }
    public func div(_ x: A.Value, _ y: A.Value) -> A.Value { algebra.div(x, y) }
    public func neg(_ x: A.Value) -> A.Value { algebra.neg(x) }
    public func square(_ x: A.Value) -> A.Value { algebra.square(x) }
}

/// The causes a domain warning names (docs/LANGUAGE.md, "Numbers at the edges"), for the rows'
/// `whyNotFinite`.
enum NonFinite {
    /// A pole (±∞) or an argument outside the domain (NaN).
    static func pole(_ x: Double, _ y: Double, _ r: Double) -> String { r.isNaN ? "outside the domain" : "a pole" }
    /// An overflow (±∞), else as `pole`.
    static func overflow(_ x: Double, _ y: Double, _ r: Double) -> String { r.isInfinite ? "overflow" : pole(x, y, r) }
}

extension ValueRange {
    /// A range rule that does not depend on the arguments.
    static func always(_ r: ValueRange) -> (ValueRange, ValueRange, ValueRange, Double?) -> ValueRange {
        { _, _, _, _ in r }
    }
}
