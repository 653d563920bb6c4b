import Foundation

/// Every operation a graph node can hold. Everything deriv knows about one is a row of the
/// tables in this folder, each an exhaustive `switch`, so a new case that lacks a row anywhere
/// does not compile:
///
/// | table | file | what |
/// |---|---|---|
/// | `info` | Op.swift | name, aliases, arity, notation, cost class, sampling domain, kink |
/// | `evaluate`, `whyNotFinite` | Evaluate+Op.swift | value in Double; cause of a domain warning |
/// | `partial` | Partials.swift | local derivatives, for both modes and `trace` |
/// | `range` | Range+Op.swift | value range, for the simplifier |
/// | `latex` | LaTeX+Op.swift | how LaTeX writes it |
/// | `cCode`, `swiftCode`, `javascriptCode`, `pythonCode` | OpCode+*.swift | library call or helper body per emitted language |
public enum Op: UInt8, CaseIterable, Hashable, Sendable {
    /// Leaves: a program input (payload: its index) and a constant (payload: the Double's bits).
    case input, constant
    case add, sub, mul, div, neg, pow
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case exp, log, log2, log10, log1p, expm1, sqrt, cbrt, abs, sign, sigmoid, relu, softplus, erf
    case atan2, hypot, max, min
    /// Comparisons give 1 or 0; `select(c, a, b)` is `c != 0 ? a : b` (the language's `c ? a : b`).
    case lt, le, gt, ge, eq, ne, select
}

/// How an operation is counted in `deriv ops` (per-kind breakdown).
public enum CostClass: String, CaseIterable, Sendable {
    case free, addSub, mul, div, pow, transcendental, compare
}

/// How an operation is written in source text.
public enum Notation: Sendable {
    case leaf
    /// A prefix function call `name(args)`.
    case function
    /// An infix or prefix operator symbol.
    case symbol(String)
}

/// The static facts about an operation.
public struct OpInfo: Sendable {
    /// The function name (`sin`) or a word for an operator (`add`), used in SSA listings.
    public let name: String
    public let arity: Int
    public let notation: Notation
    public let cost: CostClass
    public let commutative: Bool
    /// Where tests sample each argument so that the operation and its partials are smooth there.
    public let domain: ClosedRange<Double>
    /// The convention at a point where the derivative does not exist, if there is one.
    public let kink: String?
    /// Further names a program may call it by (`ln` for `log`; `pow` for `^`).
    public let aliases: [String]
    /// True when a call may take more arguments than `arity` (`max(a, b, c)`), lowered to a
    /// chain of nodes.
    public let variadic: Bool

    init(_ name: String, _ arity: Int, _ notation: Notation, _ cost: CostClass, commutative: Bool = false,
         domain: ClosedRange<Double> = -3...3, kink: String? = nil, aliases: [String] = [], variadic: Bool = false) {
        self.name = name; self.arity = arity; self.notation = notation; self.cost = cost
        self.commutative = commutative; self.domain = domain; self.kink = kink
        self.aliases = aliases; self.variadic = variadic
    }

    /// The names a program may call the operation by.
    public var callNames: [String] {
        if case .function = notation { return [name] + aliases }
        return aliases
    }
}

extension Op {
    /// The facts table: one row per operation.
    public var info: OpInfo {
        switch self {
        case .input:    return OpInfo("input", 0, .leaf, .free)
        case .constant: return OpInfo("const", 0, .leaf, .free)
        case .add:      return OpInfo("add", 2, .symbol("+"), .addSub, commutative: true)
        case .sub:      return OpInfo("sub", 2, .symbol("-"), .addSub)
        case .mul:      return OpInfo("mul", 2, .symbol("*"), .mul, commutative: true)
        case .div:      return OpInfo("div", 2, .symbol("/"), .div, domain: 0.5...3)
        case .neg:      return OpInfo("neg", 1, .symbol("-"), .addSub)
        case .pow:      return OpInfo("pow", 2, .symbol("^"), .pow, domain: 0.2...2.5, aliases: ["pow"])
        case .sin:      return OpInfo("sin", 1, .function, .transcendental)
        case .cos:      return OpInfo("cos", 1, .function, .transcendental)
        case .tan:      return OpInfo("tan", 1, .function, .transcendental, domain: -1.2...1.2)
        case .asin:     return OpInfo("asin", 1, .function, .transcendental, domain: -0.9...0.9)
        case .acos:     return OpInfo("acos", 1, .function, .transcendental, domain: -0.9...0.9)
        case .atan:     return OpInfo("atan", 1, .function, .transcendental)
        case .sinh:     return OpInfo("sinh", 1, .function, .transcendental)
        case .cosh:     return OpInfo("cosh", 1, .function, .transcendental)
        case .tanh:     return OpInfo("tanh", 1, .function, .transcendental)
        case .asinh:    return OpInfo("asinh", 1, .function, .transcendental)
        case .acosh:    return OpInfo("acosh", 1, .function, .transcendental, domain: 1.2...4)
        case .atanh:    return OpInfo("atanh", 1, .function, .transcendental, domain: -0.9...0.9)
        case .exp:      return OpInfo("exp", 1, .function, .transcendental)
        case .log:      return OpInfo("log", 1, .function, .transcendental, domain: 0.2...4, aliases: ["ln"])
        case .log2:     return OpInfo("log2", 1, .function, .transcendental, domain: 0.2...4)
        case .log10:    return OpInfo("log10", 1, .function, .transcendental, domain: 0.2...4)
        case .log1p:    return OpInfo("log1p", 1, .function, .transcendental, domain: -0.5...3)
        case .expm1:    return OpInfo("expm1", 1, .function, .transcendental)
        case .sqrt:     return OpInfo("sqrt", 1, .function, .transcendental, domain: 0.2...4)
        case .cbrt:     return OpInfo("cbrt", 1, .function, .transcendental, domain: 0.2...4)
        case .abs:      return OpInfo("abs", 1, .function, .addSub, kink: "abs'(0) = 0")
        case .sign:     return OpInfo("sign", 1, .function, .compare, kink: "sign' = 0 everywhere")
        case .sigmoid:  return OpInfo("sigmoid", 1, .function, .transcendental)
        case .relu:     return OpInfo("relu", 1, .function, .compare, kink: "relu'(0) = 0")
        case .softplus: return OpInfo("softplus", 1, .function, .transcendental)
        case .erf:      return OpInfo("erf", 1, .function, .transcendental)
        case .atan2:    return OpInfo("atan2", 2, .function, .transcendental, domain: 0.5...3)
        case .hypot:    return OpInfo("hypot", 2, .function, .transcendental, commutative: true, domain: 0.5...3)
        case .max:      return OpInfo("max", 2, .function, .compare,
                                      kink: "the whole adjoint goes to the first argument that attains the maximum", variadic: true)
        case .min:      return OpInfo("min", 2, .function, .compare,
                                      kink: "the whole adjoint goes to the first argument that attains the minimum", variadic: true)
        case .lt:       return OpInfo("lt", 2, .symbol("<"), .compare, kink: "derivative 0")
        case .le:       return OpInfo("le", 2, .symbol("<="), .compare, kink: "derivative 0")
        case .gt:       return OpInfo("gt", 2, .symbol(">"), .compare, kink: "derivative 0")
        case .ge:       return OpInfo("ge", 2, .symbol(">="), .compare, kink: "derivative 0")
        case .eq:       return OpInfo("eq", 2, .symbol("=="), .compare, commutative: true, kink: "derivative 0")
        case .ne:       return OpInfo("ne", 2, .symbol("!="), .compare, commutative: true, kink: "derivative 0")
        case .select:   return OpInfo("select", 3, .symbol("?"), .compare, kink: "no derivative with respect to the condition")
        }
    }

    /// `info.arity` and `info.commutative`, read from tables built once from `info`, because
    /// hash-consing and every sweep ask for them per node and `info` builds a whole `OpInfo`.
    public var arity: Int { Int(Op.facts[Int(rawValue)] & 3) }
    public var isCommutative: Bool { Op.facts[Int(rawValue)] & 4 != 0 }
    public var isLeaf: Bool { self == .input || self == .constant }

    /// Per op: its arity in the low two bits, then 4 if it is commutative.
    private static let facts: [UInt8] = allCases.map { UInt8($0.info.arity) | ($0.info.commutative ? 4 : 0) }

    /// Functions callable by name in programs, with their aliases. A variadic one (`max`, `min`)
    /// takes `arity` or more arguments and lowers to a chain of nodes.
    public static func function(named name: String) -> (op: Op, arity: ClosedRange<Int>)? {
        guard let op = functionsByName[name] else { return nil }
        return (op, op.arity...(op.info.variadic ? Int.max : op.arity))
    }

    /// Every name a program may call, for "did you mean" suggestions.
    public static let functionNames: [String] = functionsByName.keys.sorted()

    private static let functionsByName: [String: Op] = {
        var table: [String: Op] = [:]
        for op in Op.allCases { for name in op.info.callNames { table[name] = op } }
        return table
    }()
}
