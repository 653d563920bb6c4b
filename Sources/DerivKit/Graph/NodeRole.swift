/// What a named node holds: a program value, or the adjoint or tangent of the named node it
/// derives from, possibly held as its magnitude (`minus_c_bar`). Kept beside each name in
/// `NodeNames` (three bytes a node), so passes read what a node is without parsing its name.
public struct NodeRole: Sendable, Hashable {
    public enum Kind: UInt8, Sendable {
        /// A program variable's value (`c`).
        case value
        /// An input; the role derived names start from (`y` of `y_bar`).
        case input
        /// An adjoint, reverse mode (`c_bar`).
        case adjoint
        /// A tangent, forward mode (`c_dot`, `c_dx`).
        case tangent
    }

    public let kind: Kind
    /// Whether the node holds the negation of what its name says (`minus_c_bar` holds −c̄).
    public let negative: Bool
    /// Whether the name is an input's adjoint or a tangent of one, with no sign on the way
    /// (`y_bar`, `y_bar_dx`): printed as `d/dy` instead, so its name is dropped from formulas.
    public let ofInputAdjoint: Bool

    public static let value = NodeRole(kind: .value, negative: false, ofInputAdjoint: false)
    public static let input = NodeRole(kind: .input, negative: false, ofInputAdjoint: false)

    private init(kind: Kind, negative: Bool, ofInputAdjoint: Bool) {
        (self.kind, self.negative, self.ofInputAdjoint) = (kind, negative, ofInputAdjoint)
    }

    /// The role of `derivation` of a node whose role is `of`, negated when `negative`.
    init(_ derivation: Derivation, negative: Bool, of: NodeRole) {
        let kind: Kind
        switch derivation {
        case .adjoint: kind = .adjoint
        case .tangent, .tangentAlong: kind = .tangent
        }
        self.init(kind: kind, negative: negative,
                  ofInputAdjoint: !negative && (of.ofInputAdjoint || (of.kind == .input && kind == .adjoint)))
    }
}

/// How a derived node relates to the node it derives from, and how its name is spelled from
/// that node's name.
public enum Derivation: Sendable, Hashable {
    /// The adjoint, reverse mode: `c` → `c_bar`.
    case adjoint
    /// The tangent along the direction inputs, forward mode: `c` → `c_dot`.
    case tangent
    /// The tangent along input `x` alone (a column of a Jacobian): `c` → `c_dx`.
    case tangentAlong(String)

    /// The text appended to the name derived from.
    var suffix: String {
        switch self {
        case .adjoint: "_bar"
        case .tangent: "_dot"
        case .tangentAlong(let input): "_d" + input
        }
    }
}
