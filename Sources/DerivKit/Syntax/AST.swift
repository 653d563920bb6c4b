/// The syntax tree of a program, stored flat: every node sits in `nodes` after its children
/// (post-order), so passes over it are loops, not recursion, and freeing it never recurses.
public struct AST: Sendable {
    public enum BinaryOperator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    }

    public enum Kind: Hashable, Sendable {
        case number(Double)
        case name(String)
        case negate
        case binary(BinaryOperator)
        /// A call `name(args…)`; `nameRange` points at the name, for "did you mean" messages.
        case call(String, nameRange: SourceRange)
        /// `condition ? then : else`
        case conditional
    }

    public struct Node: Sendable {
        public var kind: Kind
        /// Indices of the children in `AST.nodes` (each smaller than this node's own index).
        public var children: [Int32]
        public var range: SourceRange
    }

    /// `name = expression` (target set) or a bare expression.
    public struct Statement: Sendable {
        public var target: String?
        public var targetRange: SourceRange?
        public var root: Int
        public var range: SourceRange
    }

    public internal(set) var nodes: [Node] = []
    public internal(set) var statements: [Statement] = []

    mutating func add(_ kind: Kind, _ children: [Int32], _ range: SourceRange) -> Int {
        nodes.append(Node(kind: kind, children: children, range: range))
        return nodes.count - 1
    }
}
