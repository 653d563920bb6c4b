/// Builds a `Graph` one node at a time, merging equal nodes (hash-consing: `x^2` written twice is
/// one node) and applying only rewrites that keep every result the same in IEEE arithmetic, plus
/// two that can change only the sign of a zero. The rewrites, each decided on purpose:
///
/// | rewrite | IEEE | why |
/// |---|---|---|
/// | constant folding | exact (same `Op.evaluate`) | not done when it would turn finite constants into NaN/∞, so evaluation still warns |
/// | `a+b` ≡ `b+a`, `a*b` ≡ `b*a` (operands sorted) | exact | IEEE + and * are commutative |
/// | `x*1`, `x/1`, `x^1`, `x-0` → `x` | exact | |
/// | `x*(-1)`, `x/(-1)` → `-x`; `-(-x)` → `x` | exact | negation is exact |
/// | `x+(-y)` → `x-y`; `x-(-y)` → `x+y`; `(-x)*(-y)` → `x*y` | exact | |
/// | `x^0` → `1` | exact | IEEE pow(x, 0) = 1 even for NaN |
/// | `x*x` → `x^2` | exact | `x^2` evaluates as `x*x` |
/// | `x+0` → `x`, `0-x` → `-x` | sign of zero only | `-0+0` is `+0`; the results compare equal |
///
/// Not applied, because they change results at ∞ or NaN: `x*0 → 0`, `x-x → 0`, `x/x → 1`.
/// Differentiation never needs them: a zero derivative is structural (no node at all), so it is
/// never multiplied or added.
public final class GraphBuilder: DerivativeAlgebra {
    /// The nodes, their origins and the hash-consing index, in one stored property: a new node
    /// then costs one (dynamically checked) access to the builder's storage, not one per array.
    private var store: Store
    public var nodes: [Node] { store.nodes }
    public var inputs: [String]
    public var names: [NodeID: String] = [:]
    private var sourceRanges: [SourceRange]
    /// The source origin given to nodes created from now on (set by the pass that creates them).
    public var currentOrigin: Int32 = -1

    public init(inputs: [String] = [], sourceRanges: [SourceRange] = [], reservingCapacity n: Int = 0) {
        self.inputs = inputs
        self.sourceRanges = sourceRanges
        store = Store(capacity: n)
    }

    /// A builder that starts with every node of `graph` under the same id, with its names and
    /// source origins: passes that extend a graph (differentiation) start from it in one linear
    /// pass. The nodes are indexed as they are, not rebuilt, so nothing about them changes.
    public init(extending graph: Graph, reservingCapacity n: Int = 0) {
        inputs = graph.inputs
        names = graph.names
        sourceRanges = graph.sourceRanges
        store = Store(capacity: Swift.max(n, graph.count))
        store.append(contentsOf: graph)
    }

    public subscript(id: NodeID) -> Node { store.nodes[Int(id)] }

    /// The source origin recorded for a node (-1 for none).
    public func origin(of id: NodeID) -> Int32 { store.origins[Int(id)] }

    /// Registers a source range for `currentOrigin`.
    public func addSourceRange(_ r: SourceRange) -> Int32 {
        sourceRanges.append(r)
        return Int32(sourceRanges.count - 1)
    }

    public func finish(outputs: [NodeID], outputNames: [String]) -> Graph {
        Graph(nodes: store.nodes, inputs: inputs, outputs: outputs, outputNames: outputNames, names: names,
              origins: store.origins, sourceRanges: sourceRanges)
    }

    // MARK: Leaves

    public func input(_ i: Int) -> NodeID { intern(Node(op: .input, payload: UInt64(i))) }

    public func constant(_ c: Double) -> NodeID { intern(Node(op: .constant, payload: c.bitPattern)) }

    public func constantValue(_ id: NodeID) -> Double? {
        let n = self[id]
        return n.op == .constant ? n.constantValue : nil
    }

    private func isConstant(_ id: NodeID, _ v: Double) -> Bool {
        guard let c = constantValue(id) else { return false }
        return c == v
    }

    // MARK: Operations

    public func apply(_ op: Op, _ x: NodeID, _ y: NodeID?, _ z: NodeID?) -> NodeID {
        var a = x, b = y ?? -1
        let c = z ?? -1
        // Constant folding.
        let arity = op.arity
        if let ca = constantValue(a), arity < 2 || constantValue(b) != nil, arity < 3 || constantValue(c) != nil {
            let cb = arity >= 2 ? constantValue(b)! : 0
            let cc = arity >= 3 ? constantValue(c)! : 0
            let v = op.evaluate(ca, cb, cc)
            if v.isFinite || !ca.isFinite || !cb.isFinite || !cc.isFinite { return constant(v) }
        }
        if op.isCommutative, b < a { swap(&a, &b) }
        if let simpler = rewrite(op, a, b, c) { return simpler }
        return intern(Node(op: op, a: a, b: b, c: c))
    }

    /// The exact identities listed in the type's documentation; nil when none applies.
    private func rewrite(_ op: Op, _ a: NodeID, _ b: NodeID, _ c: NodeID) -> NodeID? {
        let na = self[a]
        let nb = b >= 0 ? self[b] : na
        switch op {
        case .add:
            if isConstant(a, 0) { return b }
            if isConstant(b, 0) { return a }
            if nb.op == .neg { return apply(.sub, a, nb.a, nil) }
            if na.op == .neg { return apply(.sub, b, na.a, nil) }
        case .sub:
            if isConstant(b, 0) { return a }
            if isConstant(a, 0) { return apply(.neg, b, nil, nil) }
            if nb.op == .neg { return apply(.add, a, nb.a, nil) }
        case .mul:
            if isConstant(a, 1) { return b }
            if isConstant(b, 1) { return a }
            if isConstant(a, -1) { return apply(.neg, b, nil, nil) }
            if isConstant(b, -1) { return apply(.neg, a, nil, nil) }
            if na.op == .neg, nb.op == .neg { return apply(.mul, na.a, nb.a, nil) }
            if a == b { return apply(.pow, a, constant(2), nil) }
        case .div:
            if isConstant(b, 1) { return a }
            if isConstant(b, -1) { return apply(.neg, a, nil, nil) }
        case .neg:
            if na.op == .neg { return na.a }
        case .pow:
            if isConstant(b, 1) { return a }
            if isConstant(b, 0) { return constant(1) }
        default:
            break
        }
        return nil
    }

    private func intern(_ node: Node) -> NodeID { store.intern(node, origin: currentOrigin) }
}

extension GraphBuilder {
    /// A builder's nodes, the source origin of each, and the index that finds a node by contents.
    private struct Store {
        var nodes: [Node] = []
        var origins: [Int32] = []
        var index: NodeTable

        init(capacity n: Int) {
            nodes.reserveCapacity(n)
            origins.reserveCapacity(n)
            index = NodeTable(capacity: n)
        }

        /// The id of the node equal to `node`, added (with `origin`) if it is new.
        mutating func intern(_ node: Node, origin: Int32) -> NodeID {
            let hash = NodeTable.hash(node)
            if let id = nodes.withUnsafeBufferPointer({ index.find(node, hash: hash, in: $0) }) { return id }
            let id = NodeID(nodes.count)
            nodes.append(node)
            origins.append(origin)
            nodes.withUnsafeBufferPointer { index.insert(id, hash: hash, nodes: $0) }
            return id
        }

        /// Appends every node of `graph` under its own id (the store must be empty).
        mutating func append(contentsOf graph: Graph) {
            nodes += graph.nodes
            origins += graph.origins
            // Equal nodes (a graph not made by a builder may hold some) are all indexed; linear
            // probing finds the first one, as interning would have.
            nodes.withUnsafeBufferPointer { p in
                for i in p.indices { index.insert(NodeID(i), hash: NodeTable.hash(p[i]), nodes: p) }
            }
        }
    }
}
