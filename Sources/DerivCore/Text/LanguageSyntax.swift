/// How tightly a printed expression binds, lowest first. The levels are the grammar's
/// (grammar/deriv.ebnf); other languages map onto them.
@_spi(DerivCore) public enum Precedence: Int, Comparable, Sendable {
    case conditional, comparison, additive, multiplicative, unary, power, atom
    @_spi(DerivCore) public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

/// A printed expression and the precedence of its outermost operator.
@_spi(DerivCore) public struct Printed: Sendable {
    @_spi(DerivCore) public var text: String
    @_spi(DerivCore) public var precedence: Precedence
    /// For a comparison spelled as a number (`x < y ? 1.0 : 0.0` in C), the bare test (`x < y`),
    /// so that a conditional using it can test it directly instead of comparing with 0.
    @_spi(DerivCore) public var condition: String?

    @_spi(DerivCore) public init(_ text: String, _ precedence: Precedence, condition: String? = nil) {
        self.text = text
        self.precedence = precedence
        self.condition = condition
    }

    /// The text, in parentheses when it binds more loosely than `required`.
    @_spi(DerivCore) public func at(_ required: Precedence) -> String {
        precedence < required ? "(" + text + ")" : text
    }
}

/// How one language writes numbers and operations: the data that distinguishes the printers
/// and emitters, which otherwise share one walker (`ExpressionPrinter`).
///
/// `write` gets each operand already printed into a `TextBuffer` and writes the operation's text
/// after them; the buffer's `infix`, `prefix` and `call` place parentheses only where the
/// precedence levels need them. `spell` does the same for operands given as strings.
@_spi(DerivCore) public struct LanguageSyntax: Sendable {
    @_spi(DerivCore) public let name: String
    /// Words a temporary or input may not be called (keywords, library names).
    @_spi(DerivCore) public let reserved: Set<String>
    @_spi(DerivCore) public let number: @Sendable (Double) -> Printed
    /// Writes operation `op` over its printed operands at the end of the buffer and returns where.
    @_spi(DerivCore) public let write: @Sendable (Op, [Span], inout TextBuffer) -> Span
    /// True when `x^2` is spelled `x * x` (exactly what deriv computes): the printer then names
    /// a compound base instead of writing, and computing, it twice.
    @_spi(DerivCore) public let squareRepeatsBase: Bool
    /// How a variable's name, with its role, is written (`w1` → `w_{1}` in LaTeX, the adjoint
    /// `c_bar` → `\bar{c}`); nil for names as they are.
    @_spi(DerivCore) public let identifier: (@Sendable (String, NodeRole) -> String)?

    @_spi(DerivCore) public init(name: String, reserved: Set<String>, squareRepeatsBase: Bool = false,
                number: @escaping @Sendable (Double) -> Printed,
                write: @escaping @Sendable (Op, [Span], inout TextBuffer) -> Span,
                identifier: (@Sendable (String, NodeRole) -> String)? = nil) {
        self.name = name; self.reserved = reserved; self.squareRepeatsBase = squareRepeatsBase
        self.number = number; self.write = write
        self.identifier = identifier
    }

    /// A syntax whose rules read whole texts (LaTeX moves a sign out of a fraction), spelled on
    /// strings: `spell` gets each operand's text and returns the operation's.
    @_spi(DerivCore) public init(name: String, reserved: Set<String>, number: @escaping @Sendable (Double) -> Printed,
                spell: @escaping @Sendable (Op, [Printed]) -> Printed,
                identifier: (@Sendable (String, NodeRole) -> String)? = nil) {
        self.init(name: name, reserved: reserved, number: number, write: { op, a, buffer in
            let text = spell(op, a.map { buffer.printed($0) })
            return buffer.append(text)
        }, identifier: identifier)
    }

    /// Operation `op` over operands given as printed strings.
    @_spi(DerivCore) public func spell(_ op: Op, _ args: [Printed]) -> Printed {
        var buffer = TextBuffer(capacity: args.reduce(64) { $0 + 2 * $1.text.utf8.count })
        let spans = args.map { buffer.append($0) }
        let result = write(op, spans, &buffer)
        return buffer.printed(result)
    }

    /// The value of a printed finite number literal (`2.0`, `-0.5`, `1e-05`), nil for anything else.
    @_spi(DerivCore) public static func literal(_ p: Printed) -> Double? {
        guard let v = Double(p.text), v.isFinite else { return nil }
        return v
    }

    /// The shortest decimal text that reads back to the same Double (`0.1`, `1e-05`), with
    /// integers written without a fraction (`2`), or with `.0` when `forceFraction`.
    @_spi(DerivCore) public static func decimal(_ v: Double, forceFraction: Bool) -> String {
        var s = v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        if v == 0, v.sign == .minus { s = "-0" }
        if forceFraction, !s.contains("."), !s.contains("e") { s += ".0" }
        return s
    }

    /// Constants that read better by name, with their values computed exactly as deriv folds the
    /// text (so printing one and parsing it back gives the same bits; `x^2` is `x*x`), their
    /// LaTeX, and how tightly the text binds. Squares come from derivatives of order 2
    /// (`2^x`: `log(2)^2*2^x`; `sin(pi*x)`: `-pi^2*sin(pi*x)`).
    @_spi(DerivCore) public static let namedConstants: [(value: Double, text: String, latex: String, precedence: Precedence)] = [
        (Op.log.evaluate(2), "log(2)", "\\ln\\left(2\\right)", .atom),
        (Op.log.evaluate(10), "log(10)", "\\ln\\left(10\\right)", .atom),
        (Op.sqrt.evaluate(2), "sqrt(2)", "\\sqrt{2}", .atom),
        (Op.sqrt.evaluate(Double.pi), "sqrt(pi)", "\\sqrt{\\pi}", .atom),
        (Op.sqrt.evaluate(2 * Double.pi), "sqrt(2*pi)", "\\sqrt{2 \\pi}", .atom),
        (Op.exp.evaluate(1), "exp(1)", "e", .atom),
        (Double.pi * Double.pi, "pi^2", "\\pi^{2}", .power),
        (Op.log.evaluate(2) * Op.log.evaluate(2), "log(2)^2", "\\ln\\left(2\\right)^{2}", .power),
        (Op.log.evaluate(10) * Op.log.evaluate(10), "log(10)^2", "\\ln\\left(10\\right)^{2}", .power),
    ]

    /// `v` as p/q (`1/3`, `-2/7`) when that is exactly how deriv folds `p/q`, `q` is at most 100
    /// and the decimal would be long; nil otherwise.
    @_spi(DerivCore) public static func smallFraction(_ v: Double) -> (p: Int, q: Int)? {
        guard v.isFinite, v != v.rounded(), decimal(v, forceFraction: false).count > 8 else { return nil }
        for q in 2...100 {
            let p = (v * Double(q)).rounded()
            if Swift.abs(p) < 1000, p / Double(q) == v { return (Int(p), q) }
        }
        return nil
    }

    /// `v` as k·π/m for small k (sign included) and m, when `k*pi/m` evaluates to exactly `v`
    /// the way deriv folds it (left to right), so `pi/2` and `2*pi` print as such and read back.
    @_spi(DerivCore) public static func piMultiple(_ v: Double) -> (k: Int, m: Int)? {
        guard v.isFinite, v != 0 else { return nil }
        for m in 1...12 {
            let k = (v * Double(m) / Double.pi).rounded()
            guard Swift.abs(k) >= 1, Swift.abs(k) <= 12, gcd(Int(Swift.abs(k)), m) == 1 else { continue }
            if k * Double.pi / Double(m) == v { return (Int(k), m) }
        }
        return nil
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}

extension LanguageSyntax {
    /// deriv's own language: what `deriv diff` prints, and what deriv parses back.
    @_spi(DerivCore) public static let deriv = LanguageSyntax(
        name: "deriv",
        reserved: ["pi"],  // multiples of π print as `pi`, `2*pi`, `pi/2`
        number: { v in
            if v.isNaN { return Printed("0/0", .multiplicative) }
            if v.isInfinite { return Printed(v > 0 ? "1/0" : "-1/0", v > 0 ? .multiplicative : .unary) }
            if let (k, m) = piMultiple(v) {
                let numerator = k == 1 ? "pi" : k == -1 ? "-pi" : "\(k)*pi"
                if m == 1 { return Printed(numerator, Swift.abs(k) == 1 ? (k < 0 ? .unary : .atom) : .multiplicative) }
                return Printed(numerator + "/\(m)", .multiplicative)
            }
            if let named = namedConstants.first(where: { $0.value == Swift.abs(v) }) {
                return v < 0 ? Printed("-" + named.text, .unary) : Printed(named.text, named.precedence)
            }
            if let (p, q) = smallFraction(v) { return Printed("\(p)/\(q)", .multiplicative) }
            let s = decimal(v, forceFraction: false)
            return Printed(s, v < 0 || (v == 0 && v.sign == .minus) ? .unary : .atom)
        },
        write: { op, a, w in
            switch op {
            case .add: return w.infix("+", .additive, a[0], a[1])
            case .sub: return w.infix("-", .additive, a[0], a[1])
            case .mul: return w.infix("*", .multiplicative, a[0], a[1], spaced: false)
            case .div: return w.infix("/", .multiplicative, a[0], a[1], spaced: false)
            case .neg: return w.prefix("-", a[0])
            case .pow:
                let start = w.count
                w.append(a[0], at: .atom)
                w.append("^")
                w.append(a[1], at: .unary)
                return w.span(from: start, .power)
            case .lt: return w.nonAssociative("<", .comparison, a[0], a[1])
            case .le: return w.nonAssociative("<=", .comparison, a[0], a[1])
            case .gt: return w.nonAssociative(">", .comparison, a[0], a[1])
            case .ge: return w.nonAssociative(">=", .comparison, a[0], a[1])
            case .eq: return w.nonAssociative("==", .comparison, a[0], a[1])
            case .ne: return w.nonAssociative("!=", .comparison, a[0], a[1])
            case .select:
                // A conditional in the middle is parenthesized: `a ? (b ? c : d) : e` reads better.
                let start = w.count
                w.append(a[0], at: .comparison)
                w.append(" ? ")
                w.append(a[1], at: .comparison)
                w.append(" : ")
                w.append(a[2], at: .conditional)
                return w.span(from: start, .conditional)
            default: return w.call(op.info.name, a)
            }
        })
}
