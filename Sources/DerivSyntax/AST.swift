@_spi(DerivCore) import DerivCore
/// The syntax tree of a program, stored flat: every node sits in `nodes` after its children
/// (post-order), so passes over it are loops, not recursion, and freeing it never recurses.
package struct AST: Equatable, Sendable {
    package enum BinaryOperator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
        /// Elementwise, for vectors and matrices (docs/MATRICES.md); on scalars they are `*`, `/`, `^`.
        case elementMultiply = ".*", elementDivide = "./", elementPower = ".^"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    }

    package enum Kind: Hashable, Sendable {
        case number(Double)
        case name(Symbol)
        case negate
        case binary(BinaryOperator)
        /// A call `name(args…)`; `AST.callNameRanges[nameRangeIndex]` is where the name is, for
        /// "did you mean" messages.
        case call(Symbol, nameRangeIndex: Int32)
        /// `condition ? then : else`
        case conditional
        /// `x'`: the transpose of its one child.
        case transpose
        /// `[a, b, c]`: a vector literal, its children the entries; a matrix literal `[[1, 2], [3, 4]]`
        /// is a list of row lists.
        case list
        /// `x[i]`, `A[i, j]`: the first child indexed by the others (1-based).
        case index
    }

    /// One node; a plain value (no references), so the millions of nodes of a big program cost
    /// no allocation and no reference counting each.
    package struct Node: Equatable, Sendable {
        package var kind: Kind
        /// Where the indices of the children are in `AST.childIndices`.
        let firstChild: Int32
        let childCount: Int32
        package var range: SourceRange
    }

    /// `name = expression` (target set) or a bare expression.
    package struct Statement: Equatable, Sendable {
        package var target: Symbol?
        package var targetRange: SourceRange?
        package var root: Int
        package var range: SourceRange
    }

    /// One declared input of `x, y: scalar` (grammar/deriv.ebnf, "Declarations"): a program's
    /// declarations come before its statements and fix the order of the inputs they name.
    package struct Declaration: Equatable, Sendable {
        /// A dimension of a vector or matrix: a positive whole number or a name.
        package enum Dimension: Equatable, Sendable {
            case size(Int)
            case name(Symbol)
        }
        package enum Shape: Equatable, Sendable {
            case scalar
            case vector(Dimension)
            case matrix(rows: Dimension, columns: Dimension)

            /// The dimensions the shape names, rows before columns (none for a scalar).
            package var dimensions: [Dimension] {
                switch self {
                case .scalar: return []
                case .vector(let n): return [n]
                case .matrix(let m, let n): return [m, n]
                }
            }
        }
        package var name: Symbol
        /// Where the name is.
        package var range: SourceRange
        package var shape: Shape
        /// Where the shape is (`vector(n)`).
        package var shapeRange: SourceRange
    }

    package internal(set) var nodes: [Node] = []
    /// The declared inputs, in the order the program declares them.
    package internal(set) var declarations: [Declaration] = []
    package internal(set) var statements: [Statement] = []
    /// The children of every node, node after node; each child's index is smaller than its parent's.
    package internal(set) var childIndices: [Int32] = []
    /// The text of each symbol (`Symbol.index` indexes it).
    package internal(set) var spellings: [String] = []
    /// Where the name of each call is. Kept apart from the nodes, so that a node takes 48 bytes
    /// instead of 64: a big program's millions of nodes are written once and read once each.
    package internal(set) var callNameRanges: [SourceRange] = []

    /// The text of a name.
    package func spelling(_ s: Symbol) -> String { spellings[Int(s.index)] }

    /// The indices in `nodes` of the children of node `i`, in order.
    package func children(of i: Int) -> ArraySlice<Int32> {
        let n = nodes[i]
        return childIndices[Int(n.firstChild)..<Int(n.firstChild + n.childCount)]
    }

    /// Records where the name of a call is, for `Kind.call`.
    mutating func addCallName(_ range: SourceRange) -> Int32 {
        callNameRanges.append(range)
        return Int32(callNameRanges.count - 1)
    }

    mutating func add(_ kind: Kind, children: ArraySlice<Int> = [], _ range: SourceRange) -> Int {
        nodes.append(Node(kind: kind, firstChild: Int32(childIndices.count), childCount: Int32(children.count), range: range))
        for c in children { childIndices.append(Int32(c)) }
        return nodes.count - 1
    }
}
