/// How one emitted language computes one operation: the fields `c`, `swift`, `javascript`,
/// `python` and `numpy` of its row (OpTable.swift; docs/EMIT.md).
/// The language's syntax (`LanguageSyntax.c`, …) reads the row; it knows no operation by name.
@_spi(DerivCore) public enum OpCode: Sendable {
    /// Written by the language's own operator rules: arithmetic, comparisons, the conditional.
    case builtIn
    /// A call of a library function: `sin`, `fabs`, `Math.sin`, `math.atan`.
    case library(String)
    /// A call of a helper function written into the file, once, when the code calls it.
    case helper(Helper)
    /// `x^y`: `x * x` for the literal 2 (exactly what deriv computes), `library(x, c)` for
    /// another literal exponent (the helper when there is no library function), else the helper.
    case power(library: String?, helper: Helper)
    /// `a / b` when `b` is a nonzero literal, else the helper (Python raises on division by zero).
    case division(Helper)

    /// The helper this row may call.
    var helper: Helper? {
        switch self {
        case .builtIn, .library: return nil
        case .helper(let h), .power(_, let h), .division(let h): return h
        }
    }
}

/// A function the emitted code may need beside the language's own math library (`deriv_sigmoid`,
/// IEEE-valued wrappers in Python, `deriv_erf` in JavaScript).
@_spi(DerivCore) public struct Helper: Sendable {
    /// The function's name; the helper is written when the code calls it.
    @_spi(DerivCore) public let name: String
    /// Further module-level names the helper's text defines (a coefficient table).
    let extraNames: [String]
    /// The helper's source text, ending in one newline.
    @_spi(DerivCore) public let text: String

    @_spi(DerivCore) public init(_ name: String, defines extraNames: [String] = [], _ text: String) {
        var body = Substring(text)
        while body.last == "\n" { body.removeLast() }
        self.name = name; self.extraNames = extraNames; self.text = body + "\n"
    }

    @_spi(DerivCore) public var names: [String] { [name] + extraNames }

    /// Python: `math.name(x)` where its argument is in the domain, else the IEEE value `body` gives.
    static func pythonGuard(_ name: String, _ body: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise ValueError.\"\"\"
                return \(body)

            """)
    }

    /// Python: `math.name(x)`, or `value` where it overflows.
    static func pythonOverflow(_ name: String, _ value: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise OverflowError.\"\"\"
                try:
                    return math.\(name)(x)
                except OverflowError:
                    return \(value)

            """)
    }
}

/// One language's rows, read once into an array so that emitting looks a row up by index.
@_spi(DerivCore) public struct OpCodeTable: Sendable {
    @usableFromInline let rows: [OpCode]

    @_spi(DerivCore) public init(_ field: KeyPath<OpRow, OpCode>) { rows = Op.table.map { $0[keyPath: field] } }

    @inlinable @_spi(DerivCore) public subscript(op: Op) -> OpCode { rows[Int(op.rawValue)] }

    /// The helpers the rows may call, each once, in the order an emitted file lists them:
    /// `Op.helperOrder`, then table order.
    @_spi(DerivCore) public var helpers: [Helper] {
        let ordered = Op.helperOrder + Op.allCases.filter { !Op.helperOrder.contains($0) }
        var seen = Set<String>()
        return ordered.compactMap { self[$0].helper }.filter { seen.insert($0.name).inserted }
    }
}

extension Op {
    /// The order in which emitted files have always listed their helpers (kept so that files
    /// stay byte for byte as they were); an operation missing here comes after these, in table
    /// order, so a new one need not be added.
    static let helperOrder: [Op] = [
        .div, .pow, .sin, .cos, .tan, .asin, .acos, .acosh, .atanh, .log, .log2, .log10, .log1p, .sqrt,
        .exp, .expm1, .sinh, .cosh, .sign, .max, .min, .relu, .sigmoid, .softplus, .erf,
    ]
}
