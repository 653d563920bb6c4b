/// How tightly a printed expression binds, lowest first. The levels are the grammar's
/// (grammar/deriv.ebnf); other languages map onto them.
public enum Precedence: Int, Comparable, Sendable {
    case conditional, comparison, additive, multiplicative, unary, power, atom
    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

/// A printed expression and the precedence of its outermost operator.
public struct Printed: Sendable {
    public var text: String
    public var precedence: Precedence
    /// For a comparison spelled as a number (`x < y ? 1.0 : 0.0` in C), the bare test (`x < y`),
    /// so that a conditional using it can test it directly instead of comparing with 0.
    public var condition: String?

    public init(_ text: String, _ precedence: Precedence, condition: String? = nil) {
        self.text = text
        self.precedence = precedence
        self.condition = condition
    }

    /// The text, in parentheses when it binds more loosely than `required`.
    public func at(_ required: Precedence) -> String {
        precedence < required ? "(" + text + ")" : text
    }
}

/// How one language writes numbers and operations: the data that distinguishes the printers
/// and emitters, which otherwise share one walker (`ExpressionPrinter`).
///
/// `spell` gets each argument already printed and returns the operation's text; the helpers
/// `infix`, `prefix` and `call` place parentheses only where the precedence levels need them.
public struct LanguageSyntax: Sendable {
    public let name: String
    /// Words a temporary or input may not be called (keywords, library names).
    public let reserved: Set<String>
    public let number: @Sendable (Double) -> Printed
    public let spell: @Sendable (Op, [Printed]) -> Printed
    /// True when `x^2` is spelled `x * x` (exactly what deriv computes): the printer then names
    /// a compound base instead of writing, and computing, it twice.
    public let squareRepeatsBase: Bool

    public init(name: String, reserved: Set<String>, squareRepeatsBase: Bool = false,
                number: @escaping @Sendable (Double) -> Printed,
                spell: @escaping @Sendable (Op, [Printed]) -> Printed) {
        self.name = name; self.reserved = reserved; self.squareRepeatsBase = squareRepeatsBase
        self.number = number; self.spell = spell
    }

    // MARK: Building blocks for `spell`

    /// A left-associative binary operator: `a - b`, `a / b`; the right operand binds tighter.
    public static func infix(_ symbol: String, _ level: Precedence, _ a: Printed, _ b: Printed) -> Printed {
        Printed(a.at(level) + " " + symbol + " " + b.at(Precedence(rawValue: level.rawValue + 1)!), level)
    }

    /// A non-associative binary operator (comparisons): both operands bind tighter.
    public static func nonAssociative(_ symbol: String, _ level: Precedence, _ a: Printed, _ b: Printed) -> Printed {
        let tighter = Precedence(rawValue: level.rawValue + 1)!
        return Printed(a.at(tighter) + " " + symbol + " " + b.at(tighter), level)
    }

    /// A prefix operator whose operand must bind at least at `operandLevel`.
    public static func prefix(_ symbol: String, _ a: Printed, operandLevel: Precedence = .power) -> Printed {
        Printed(symbol + a.at(operandLevel), .unary)
    }

    /// A function call `name(a, b)`.
    public static func call(_ name: String, _ args: [Printed]) -> Printed {
        Printed(name + "(" + args.map(\.text).joined(separator: ", ") + ")", .atom)
    }

    /// The value of a printed finite number literal (`2.0`, `-0.5`, `1e-05`), nil for anything else.
    public static func literal(_ p: Printed) -> Double? {
        guard let v = Double(p.text), v.isFinite else { return nil }
        return v
    }

    /// The shortest decimal text that reads back to the same Double (`0.1`, `1e-05`), with
    /// integers written without a fraction (`2`), or with `.0` when `forceFraction`.
    public static func decimal(_ v: Double, forceFraction: Bool) -> String {
        var s = v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        if v == 0, v.sign == .minus { s = "-0" }
        if forceFraction, !s.contains("."), !s.contains("e") { s += ".0" }
        return s
    }
}

extension LanguageSyntax {
    /// deriv's own language: what `deriv diff` prints, and what deriv parses back.
    public static let deriv = LanguageSyntax(
        name: "deriv",
        reserved: [],  // constants print as numbers, so no name is taken
        number: { v in
            if v.isNaN { return Printed("0/0", .multiplicative) }
            if v.isInfinite { return Printed(v > 0 ? "1/0" : "-1/0", v > 0 ? .multiplicative : .unary) }
            let s = decimal(v, forceFraction: false)
            return Printed(s, v < 0 || (v == 0 && v.sign == .minus) ? .unary : .atom)
        },
        spell: { op, a in
            switch op {
            case .add: return infix("+", .additive, a[0], a[1])
            case .sub: return infix("-", .additive, a[0], a[1])
            case .mul: return infix("*", .multiplicative, a[0], a[1])
            case .div: return infix("/", .multiplicative, a[0], a[1])
            case .neg: return prefix("-", a[0])
            case .pow: return Printed(a[0].at(.atom) + "^" + a[1].at(.unary), .power)
            case .lt: return nonAssociative("<", .comparison, a[0], a[1])
            case .le: return nonAssociative("<=", .comparison, a[0], a[1])
            case .gt: return nonAssociative(">", .comparison, a[0], a[1])
            case .ge: return nonAssociative(">=", .comparison, a[0], a[1])
            case .eq: return nonAssociative("==", .comparison, a[0], a[1])
            case .ne: return nonAssociative("!=", .comparison, a[0], a[1])
            case .select:
                return Printed(a[0].at(.comparison) + " ? " + a[1].text + " : " + a[2].at(.conditional), .conditional)
            default: return call(op.info.name, a)
            }
        })
}
