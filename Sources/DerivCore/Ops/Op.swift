import Foundation

/// How an operation is counted in `deriv ops` (per-kind breakdown).
public enum CostClass: String, CaseIterable, Sendable {
    case free, addSub, mul, div, pow, transcendental, compare
}

/// How an operation is written in source text.
@_spi(DerivCore) public enum Notation: Sendable {
    case leaf
    /// A prefix function call `name(args)`.
    case function
    /// An infix or prefix operator symbol.
    case symbol(String)
}

/// The static facts about an operation.
@_spi(DerivCore) public struct OpInfo: Sendable {
    /// The function name (`sin`) or a word for an operator (`add`), used in SSA listings.
    @_spi(DerivCore) public let name: String
    @_spi(DerivCore) public let arity: Int
    @_spi(DerivCore) public let notation: Notation
    @_spi(DerivCore) public let cost: CostClass
    @_spi(DerivCore) public let commutative: Bool
    /// Where tests sample each argument so that the operation and its partials are smooth there.
    @_spi(DerivCore) public let domain: ClosedRange<Double>
    /// The convention at a point where the derivative does not exist, if there is one.
    @_spi(DerivCore) public let kink: String?
    /// Further names a program may call it by (`ln` for `log`; `pow` for `^`).
    @_spi(DerivCore) public let aliases: [String]
    /// True when a call may take more arguments than `arity` (`max(a, b, c)`), lowered to a
    /// chain of nodes.
    @_spi(DerivCore) public let variadic: Bool

    init(_ name: String, _ arity: Int, _ notation: Notation, _ cost: CostClass, commutative: Bool,
         domain: ClosedRange<Double>, kink: String?, aliases: [String], variadic: Bool) {
        self.name = name; self.arity = arity; self.notation = notation; self.cost = cost
        self.commutative = commutative; self.domain = domain; self.kink = kink
        self.aliases = aliases; self.variadic = variadic
    }

    /// The names a program may call the operation by.
    @_spi(DerivCore) public var callNames: [String] {
        if case .function = notation { return [name] + aliases }
        return aliases
    }
}

extension Op {
    /// The table's rows (OpTable.swift), read once.
    static let table: [OpRow] = allCases.map { $0.row() }

    /// The static facts of the operation's row.
    @_spi(DerivCore) public var info: OpInfo { Op.table[Int(rawValue)].info }

    /// `info.arity` and `info.commutative`, read from tables built once from `info`, because
    /// hash-consing and every sweep ask for them per node and `info` builds a whole `OpInfo`.
    @inlinable @_spi(DerivCore) public var arity: Int { Int(Op.facts[Int(rawValue)] & 3) }
    @inlinable @_spi(DerivCore) public var isCommutative: Bool { Op.facts[Int(rawValue)] & 4 != 0 }
    @inlinable @_spi(DerivCore) public var isLeaf: Bool { self == .input || self == .constant }

    /// Per op: its arity in the low two bits, then 4 if it is commutative.
    @usableFromInline static let facts: [UInt8] = allCases.map { UInt8($0.info.arity) | ($0.info.commutative ? 4 : 0) }

    /// Functions callable by name in programs, with their aliases. A variadic one (`max`, `min`)
    /// takes `arity` or more arguments and lowers to a chain of nodes.
    @_spi(DerivCore) public static func function(named name: String) -> (op: Op, arity: ClosedRange<Int>)? {
        guard let op = functionsByName[name] else { return nil }
        return (op, op.arity...(op.info.variadic ? Int.max : op.arity))
    }

    /// Every name a program may call, for "did you mean" suggestions.
    @_spi(DerivCore) public static let functionNames: [String] = functionsByName.keys.sorted()

    private static let functionsByName: [String: Op] = {
        var table: [String: Op] = [:]
        for op in Op.allCases { for name in op.info.callNames { table[name] = op } }
        return table
    }()
}
