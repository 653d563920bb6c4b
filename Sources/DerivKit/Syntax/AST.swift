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
        public var children: Children
        public var range: SourceRange
    }

    /// A node's child indices: up to three stored inline (every operator, and calls of up to three
    /// arguments), more in an array, so the millions of nodes of a big program need no allocation each.
    public struct Children: RandomAccessCollection, Sendable {
        private var inline: (Int32, Int32, Int32) = (-1, -1, -1)
        private let storedCount: Int32
        private var more: [Int32] = []

        init(_ indices: [Int32]) {
            storedCount = Int32(indices.count)
            let count = indices.count
            if count > 3 { more = indices; return }
            if count > 0 { inline.0 = indices[0] }
            if count > 1 { inline.1 = indices[1] }
            if count > 2 { inline.2 = indices[2] }
        }

        public var count: Int { Int(storedCount) }
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(i: Int) -> Int32 {
            precondition(i >= 0 && i < count, "child index out of range")
            if count > 3 { return more[i] }
            return i == 0 ? inline.0 : (i == 1 ? inline.1 : inline.2)
        }
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
        nodes.append(Node(kind: kind, children: Children(children), range: range))
        return nodes.count - 1
    }
}
