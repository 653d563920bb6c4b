/// What a named node holds: a program value, or the adjoint or tangent of the named node it
/// derives from, possibly held as its magnitude (`minus_c_bar`). Kept beside each name in
/// `NodeNames` (four bytes a node), so passes read what a node is without parsing its name.
@_spi(DerivCore) public struct NodeRole: Sendable, Hashable {
    @_spi(DerivCore) public enum Kind: UInt8, Sendable {
        /// A program variable's value (`c`).
        case value
        /// An input; the role derived names start from (`y` of `y_bar`).
        case input
        /// An adjoint, reverse mode (`c_bar`).
        case adjoint
        /// A tangent, forward mode (`c_dot`, `c_dx`).
        case tangent
    }

    @_spi(DerivCore) public let kind: Kind
    /// Whether the node holds the negation of what its name says (`minus_c_bar` holds −c̄).
    @_spi(DerivCore) public let negative: Bool
    /// Whether the name is an input's adjoint or a tangent of one, with no sign on the way
    /// (`y_bar`, `y_bar_dx`): printed as `d/dy` instead, so its name is dropped from formulas.
    @_spi(DerivCore) public let ofInputAdjoint: Bool
    /// The adjoints and tangents whose suffixes end the name (`_bar`, `_dot`), outermost first:
    /// `c_bar_dot` has two (a dot over a bar), `c_bar_dx` none (a tangent along one input ends it).
    @_spi(DerivCore) public let accents: Accents

    @_spi(DerivCore) public static let value = NodeRole(kind: .value, negative: false, ofInputAdjoint: false, accents: Accents())
    @_spi(DerivCore) public static let input = NodeRole(kind: .input, negative: false, ofInputAdjoint: false, accents: Accents())

    private init(kind: Kind, negative: Bool, ofInputAdjoint: Bool, accents: Accents) {
        (self.kind, self.negative, self.ofInputAdjoint, self.accents) = (kind, negative, ofInputAdjoint, accents)
    }

    /// The role of `derivation` of a node whose role is `of`, negated when `negative`.
    init(_ derivation: Derivation, negative: Bool, of: NodeRole) {
        let kind: Kind
        switch derivation {
        case .adjoint: kind = .adjoint
        case .tangent, .tangentAlong: kind = .tangent
        }
        self.init(kind: kind, negative: negative,
                  ofInputAdjoint: !negative && (of.ofInputAdjoint || (of.kind == .input && kind == .adjoint)),
                  accents: derivation.accent.map { of.accents.adding($0) } ?? Accents())
    }

    /// The suffixes `_bar` and `_dot` that end a derived name, as data: up to four, outermost
    /// first, two bits each. Past four the innermost are not recorded, and the name's text
    /// before the recorded ones still ends with theirs (read as a name's own spelling is).
    @_spi(DerivCore) public struct Accents: Sendable, Hashable, Sequence {
        /// An accent over a derived name: the adjoint's bar, the tangent's dot.
        @_spi(DerivCore) public enum Accent: UInt8, Sendable, CaseIterable {
            case bar = 1, dot = 2
            /// The suffix it stands for in the name's text.
            @_spi(DerivCore) public var suffix: String { self == .bar ? "_bar" : "_dot" }
        }

        private var bits: UInt8 = 0

        @_spi(DerivCore) public init() {}

        /// These accents with `accent` outermost.
        func adding(_ accent: Accent) -> Accents {
            var more = Accents()
            more.bits = bits << 2 | accent.rawValue
            return more
        }

        @_spi(DerivCore) public var isEmpty: Bool { bits == 0 }

        /// How many bytes of the name's text the accents' suffixes take (4 each).
        @_spi(DerivCore) public var suffixLength: Int {
            var length = 0, rest = bits
            while rest != 0 {
                length += 4
                rest >>= 2
            }
            return length
        }

        @_spi(DerivCore) public func makeIterator() -> Iterator { Iterator(rest: bits) }

        /// The accents, outermost first.
        @_spi(DerivCore) public struct Iterator: IteratorProtocol {
            fileprivate var rest: UInt8

            @_spi(DerivCore) public mutating func next() -> Accent? {
                guard let accent = Accent(rawValue: rest & 3) else { return nil }
                rest >>= 2
                return accent
            }
        }
    }
}

/// How a derived node relates to the node it derives from, and how its name is spelled from
/// that node's name.
@_spi(DerivCore) public enum Derivation: Sendable, Hashable {
    /// The adjoint, reverse mode: `c` → `c_bar`.
    case adjoint
    /// The tangent along the direction inputs, forward mode: `c` → `c_dot`.
    case tangent
    /// The tangent along input `x` alone (a column of a Jacobian): `c` → `c_dx`.
    case tangentAlong(String)

    /// The accent over the name derived from, when the suffix is one (`_bar`, `_dot`).
    var accent: NodeRole.Accents.Accent? {
        switch self {
        case .adjoint: .bar
        case .tangent: .dot
        case .tangentAlong: nil
        }
    }

    /// The text appended to the name derived from.
    var suffix: String {
        switch self {
        case .adjoint, .tangent: accent!.suffix
        case .tangentAlong(let input): "_d" + input
        }
    }
}
