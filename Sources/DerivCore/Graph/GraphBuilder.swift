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
/// | `(k*x)*c` → `(k*c)*x` for constants k = 2^m ≥ 1, \|c\| ≥ 1, k*c finite | exact | `k*x` is exact or overflows, and then so does `(k*c)*x` (reverse mode meets `100*(2*b)`) |
/// | `x+0` → `x`, `0-x` → `-x` | sign of zero only | `-0+0` is `+0`; the results compare equal |
///
/// | `log(1+u)` → `log1p(u)`, `exp(u)-1` → `expm1(u)`, `log1p(exp(u))` → `softplus(u)` | more accurate | see `carefulForm` (CarefulForms.swift) |
///
/// Not applied, because they change results at ∞ or NaN: `x*0 → 0`, `x-x → 0`, `x/x → 1`.
/// Differentiation never needs them: a zero derivative is structural (no node at all), so it is
/// never multiplied or added.
@_spi(DerivCore) public final class GraphBuilder: DerivativeAlgebra {
    /// The nodes, their origins, the source ranges and the hash-consing index. Unchecked: every
    /// access to a class's stored property is otherwise checked for exclusivity at run time, and
    /// on this path (several reads per new node) those checks cost about a fifth of the time; a
    /// builder is used by one thread, and no access to the store overlaps another.
    @exclusivity(unchecked) @usableFromInline var store: Store
    @inlinable @_spi(DerivCore) public var nodes: [Node] { store.nodes }
    @_spi(DerivCore) public var inputs: [String]
    /// Inputs numbered after `inputs`, standing in for nodes of another graph (`Graph.standIns`).
    @_spi(DerivCore) public var standIns: [NodeID] = []
    @_spi(DerivCore) public var names = NodeNames()
    /// The source origin given to nodes created from now on (set by the pass that creates them).
    @_spi(DerivCore) public var currentOrigin: Int32 {
        get { store.currentOrigin }
        set { store.currentOrigin = newValue }
    }

    @_spi(DerivCore) public init(inputs: [String] = [], sourceRanges: [SourceRange] = [], reservingCapacity n: Int = 0) {
        self.inputs = inputs
        store = Store(capacity: n, sourceRanges: sourceRanges)
    }

    /// A builder that starts with every node of `graph` under the same id, with its names and
    /// source origins: passes that extend a graph (differentiation) start from it in one linear
    /// pass. The nodes are indexed as they are, not rebuilt, so nothing about them changes.
    @_spi(DerivCore) public init(extending graph: Graph, reservingCapacity n: Int = 0) {
        inputs = graph.inputs
        standIns = graph.standIns
        names = graph.names
        names.reserveCapacity(nodes: Swift.max(n, graph.count))
        store = Store(capacity: Swift.max(n, graph.count), sourceRanges: graph.sourceRanges)
        store.append(contentsOf: graph)
    }

    @inlinable @_spi(DerivCore) public subscript(id: NodeID) -> Node { store.nodes[Int(id)] }

    /// The source origin recorded for a node (-1 for none).
    @_spi(DerivCore) public func origin(of id: NodeID) -> Int32 { store.origins[Int(id)] }

    /// The number of nodes.
    @inlinable @_spi(DerivCore) public var count: Int { store.nodes.count }

    /// The origin the next `addSourceRange` returns.
    @_spi(DerivCore) public var nextSourceRange: Int32 { Int32(store.sourceRanges.count) }

    /// Registers a source range for `currentOrigin`.
    @_spi(DerivCore) public func addSourceRange(_ r: SourceRange) -> Int32 {
        store.sourceRanges.append(r)
        return Int32(store.sourceRanges.count - 1)
    }

    /// The graph built so far; its first `exactPrefix` nodes are a function as written (see `Graph.exactPrefix`).
    @_spi(DerivCore) public func finish(outputs: [NodeID], outputNames: [String], exactPrefix: Int = 0) -> Graph {
        Graph(nodes: store.nodes, inputs: inputs, outputs: outputs, outputNames: outputNames, names: names,
              origins: store.origins, sourceRanges: store.sourceRanges, exactPrefix: exactPrefix,
              standIns: standIns)
    }

    /// `finish(…).pruned()` as the builder's last use: the nodes and origins move into the graph
    /// instead of being shared with the builder, so pruning compacts them in place rather than
    /// copying them, and the hash-consing index is freed before it. The builder is left empty.
    @_spi(DerivCore) public func finishPruned(outputs: [NodeID], outputNames: [String], exactPrefix: Int = 0) -> Graph {
        var g = Graph(nodes: [], inputs: inputs, outputs: outputs, outputNames: outputNames, names: NodeNames(),
                      origins: [], sourceRanges: store.sourceRanges, exactPrefix: exactPrefix,
                      standIns: standIns)
        swap(&g.nodes, &store.nodes)
        swap(&g.origins, &store.origins)
        swap(&g.names, &names)
        store = Store(capacity: 0, sourceRanges: [])
        g.prune()
        return g
    }

    // MARK: Leaves

    @_spi(DerivCore) public func input(_ i: Int) -> NodeID { intern(Node(op: .input, payload: UInt64(i))) }

    @_spi(DerivCore) public func constant(_ c: Double) -> NodeID { intern(Node(op: .constant, payload: c.bitPattern)) }

    @_spi(DerivCore) public func constantValue(_ id: NodeID) -> Double? {
        let n = self[id]
        return n.op == .constant ? n.constantValue : nil
    }

    // MARK: Operations

    @_spi(DerivCore) public func apply(_ op: Op, _ x: NodeID, _ y: NodeID?, _ z: NodeID?) -> NodeID {
        var a = x, b = y ?? -1
        let c = z ?? -1
        var na = self[a]
        var nb = b >= 0 ? self[b] : na
        let nc = c >= 0 ? self[c] : na
        // Constant folding.
        let arity = op.arity
        if na.op == .constant, arity < 2 || nb.op == .constant, arity < 3 || nc.op == .constant {
            let (ca, cb, cc) = (na.constantValue, arity >= 2 ? nb.constantValue : 0, arity >= 3 ? nc.constantValue : 0)
            let v = op.evaluate(ca, cb, cc)
            if v.isFinite || !ca.isFinite || !cb.isFinite || !cc.isFinite { return constant(v) }
        }
        if op.isCommutative, b < a {
            swap(&a, &b)
            swap(&na, &nb)
        }
        if let simpler = rewrite(op, a, b, na, nb) { return simpler }
        return intern(Node(op: op, a: a, b: b, c: c))
    }

    /// The exact identities listed in the type's documentation; nil when none applies.
    /// `na` and `nb` are the nodes `a` and `b` (`nb` is `na` for a unary operation).
    private func rewrite(_ op: Op, _ a: NodeID, _ b: NodeID, _ na: Node, _ nb: Node) -> NodeID? {
        switch op {
        case .add:
            if na.isConstant(0) { return b }
            if nb.isConstant(0) { return a }
            if nb.op == .neg { return apply(.sub, a, nb.a, nil) }
            if na.op == .neg { return apply(.sub, b, na.a, nil) }
        case .sub:
            if nb.isConstant(0) { return a }
            if na.isConstant(0) { return apply(.neg, b, nil, nil) }
            if nb.op == .neg { return apply(.add, a, nb.a, nil) }
        case .mul:
            if na.isConstant(1) { return b }
            if nb.isConstant(1) { return a }
            if na.isConstant(-1) { return apply(.neg, b, nil, nil) }
            if nb.isConstant(-1) { return apply(.neg, a, nil, nil) }
            if na.op == .neg, nb.op == .neg { return apply(.mul, na.a, nb.a, nil) }
            if a == b { return square(a) }
            if let scaled = scaledProduct(na, nb) ?? scaledProduct(nb, na) { return scaled }
        case .div:
            if nb.isConstant(1) { return a }
            if nb.isConstant(-1) { return apply(.neg, a, nil, nil) }
        case .neg:
            if na.op == .neg { return na.a }
        case .pow:
            if nb.isConstant(1) { return a }
            if nb.isConstant(0) { return constant(1) }
        default:
            break
        }
        return carefulForm(op, a, b)
    }

    /// Adds `node` exactly as given (no folding, no rewrites, operands in the given order), or
    /// returns the equal node already here. For passes that simplify on their own and choose the
    /// operand order people read (`Graph.simplified()` writes `2*x`, not `x*2`).
    @_spi(DerivCore) public func exactly(_ node: Node) -> NodeID { intern(node) }

    /// `(k*x)*c` as `(k*c)*x` when that is exact (see the table): `scaled` is `k*x`, `c` a constant.
    private func scaledProduct(_ scaled: Node, _ c: Node) -> NodeID? {
        guard scaled.op == .mul, c.op == .constant, Swift.abs(c.constantValue) >= 1 else { return nil }
        let (k, x) = self[scaled.a].op == .constant ? (self[scaled.a], scaled.b) : (self[scaled.b], scaled.a)
        guard k.op == .constant, k.constantValue >= 1, k.constantValue.significandBitPattern == 0,
              (k.constantValue * c.constantValue).isFinite else { return nil }
        return apply(.mul, constant(k.constantValue * c.constantValue), x, nil)
    }

    private func intern(_ node: Node) -> NodeID { store.intern(node) }
}

extension GraphBuilder {
    /// Which index a builder finds its nodes with (`NodeIndex`): the fast `windowed` one, always
    /// in deriv, or the plain `dictionary`, which tests choose for a whole pipeline with
    /// `GraphBuilder.$interning.withValue(.dictionary) { … }` to compare the two. Read once, when
    /// a builder is made.
    enum Interning: Sendable { case windowed, dictionary }
    @TaskLocal static var interning = Interning.windowed

    /// A builder's nodes, the source origin of each (an index into `sourceRanges`), and the
    /// index that finds a node by contents (`NodeIndex`).
    @usableFromInline struct Store {
        @usableFromInline var nodes: [Node] = []
        var origins: [Int32] = []
        var sourceRanges: [SourceRange]
        var index: FastNodeIndex
        /// The plain index, used instead of `index` in a builder made under `.dictionary`.
        var plainIndex: DictionaryNodeIndex?
        var currentOrigin: Int32 = -1

        init(capacity n: Int, sourceRanges: [SourceRange]) {
            self.sourceRanges = sourceRanges
            nodes.reserveCapacity(n)
            origins.reserveCapacity(n)
            adviseHugePages(&nodes)
            adviseHugePages(&origins)
            if GraphBuilder.interning == .dictionary {
                index = FastNodeIndex(capacity: 0)
                plainIndex = DictionaryNodeIndex(capacity: n)
            } else {
                index = FastNodeIndex(capacity: n)
            }
        }

        /// The id of the node equal to `node`, added (with `currentOrigin`) if it is new.
        mutating func intern(_ node: Node) -> NodeID {
            let newID = NodeID(nodes.count)
            let id = plainIndex == nil ? Store.find(node, newID, nodes, &index) : Store.find(node, newID, nodes, &plainIndex!)
            if id != newID { return id }
            nodes.append(node)
            origins.append(currentOrigin)
            return newID
        }

        @inline(__always)
        private static func find<Index: NodeIndex>(_ node: Node, _ newID: NodeID, _ nodes: [Node],
                                                   _ index: inout Index) -> NodeID {
            nodes.withUnsafeBufferPointer { index.findOrClaim(node, newID: newID, in: $0) }
        }

        /// Appends every node of `graph` under its own id (the store must be empty). Equal nodes
        /// (a graph not made by a builder may hold some) are all indexed; the first one is found,
        /// as interning would have found it.
        mutating func append(contentsOf graph: Graph) {
            nodes += graph.nodes
            origins += graph.origins
            if plainIndex == nil { Store.record(nodes, &index) } else { Store.record(nodes, &plainIndex!) }
        }

        private static func record<Index: NodeIndex>(_ nodes: [Node], _ index: inout Index) {
            nodes.withUnsafeBufferPointer { p in
                for i in p.indices { index.record(NodeID(i), in: p) }
            }
        }
    }
}

extension GraphBuilder {
    /// `id` as `c ? arm : 0` or `c ? 0 : arm` (the form `product` in DerivDifferentiate builds;
    /// the simplifier merges such terms into one conditional).
    @inlinable @_spi(DerivCore) public func zeroArm(_ id: NodeID) -> (condition: NodeID, zeroWhenTrue: Bool, arm: NodeID)? {
        let s = self[id]
        guard s.op == .select else { return nil }
        let zeroWhenTrue = self[s.b].isConstant(0), zeroWhenFalse = self[s.c].isConstant(0)
        guard zeroWhenTrue != zeroWhenFalse else { return nil }
        let arm = zeroWhenTrue ? s.c : s.b
        return (s.a, zeroWhenTrue, arm)
    }
}

extension GraphBuilder {
    /// `op.partial` over graph nodes, specialized here for this algebra: the sweeps of
    /// DerivDifferentiate call it per edge, and a generic call from another module would run
    /// unspecialized.
    @_spi(DerivCore) public func partial(_ op: Op, _ i: Int, _ x: NodeID, _ y: NodeID?, _ z: NodeID?, out: NodeID) -> NodeID? {
        op.partial(i, x, y, z, out: out, in: self)
    }
}
