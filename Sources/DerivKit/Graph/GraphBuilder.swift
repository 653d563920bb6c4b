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
/// | `log(1+u)` → `log1p(u)`, `exp(u)-1` → `expm1(u)`, `log1p(exp(u))` → `softplus(u)` | more accurate | see `carefulForm` (CarefulForms.swift) |
///
/// Not applied, because they change results at ∞ or NaN: `x*0 → 0`, `x-x → 0`, `x/x → 1`.
/// Differentiation never needs them: a zero derivative is structural (no node at all), so it is
/// never multiplied or added.
public final class GraphBuilder: DerivativeAlgebra {
    public private(set) var nodes: [Node] = []
    private var index: [Node: NodeID] = [:]
    public var inputs: [String]
    public var names: [NodeID: String] = [:]
    private var origins: [Int32] = []
    private var sourceRanges: [SourceRange]
    /// The source origin given to nodes created from now on (set by the pass that creates them).
    public var currentOrigin: Int32 = -1

    public init(inputs: [String] = [], sourceRanges: [SourceRange] = [], reservingCapacity n: Int = 0) {
        self.inputs = inputs
        self.sourceRanges = sourceRanges
        nodes.reserveCapacity(n)
        origins.reserveCapacity(n)
        index.reserveCapacity(n)
    }

    public subscript(id: NodeID) -> Node { nodes[Int(id)] }

    /// The source origin recorded for a node (-1 for none).
    public func origin(of id: NodeID) -> Int32 { origins[Int(id)] }

    /// Registers a source range for `currentOrigin`.
    public func addSourceRange(_ r: SourceRange) -> Int32 {
        sourceRanges.append(r)
        return Int32(sourceRanges.count - 1)
    }

    /// The graph built so far; its first `exactPrefix` nodes are a function as written (see `Graph.exactPrefix`).
    public func finish(outputs: [NodeID], outputNames: [String], exactPrefix: Int = 0) -> Graph {
        Graph(nodes: nodes, inputs: inputs, outputs: outputs, outputNames: outputNames, names: names,
              origins: origins, sourceRanges: sourceRanges, exactPrefix: exactPrefix)
    }

    // MARK: Leaves

    public func input(_ i: Int) -> NodeID { intern(Node(op: .input, payload: UInt64(i))) }

    public func constant(_ c: Double) -> NodeID { intern(Node(op: .constant, payload: c.bitPattern)) }

    public func constantValue(_ id: NodeID) -> Double? {
        let n = nodes[Int(id)]
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
        if let ca = constantValue(a), op.arity < 2 || constantValue(b) != nil, op.arity < 3 || constantValue(c) != nil {
            let cb = op.arity >= 2 ? constantValue(b)! : 0
            let cc = op.arity >= 3 ? constantValue(c)! : 0
            let v = op.evaluate(ca, cb, cc)
            if v.isFinite || !ca.isFinite || !cb.isFinite || !cc.isFinite { return constant(v) }
        }
        if op.info.commutative, b < a { swap(&a, &b) }
        if let simpler = rewrite(op, a, b, c) { return simpler }
        return intern(Node(op: op, a: a, b: b, c: c))
    }

    /// The exact identities listed in the type's documentation; nil when none applies.
    private func rewrite(_ op: Op, _ a: NodeID, _ b: NodeID, _ c: NodeID) -> NodeID? {
        let na = nodes[Int(a)]
        let nb = b >= 0 ? nodes[Int(b)] : na
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
        return carefulForm(op, a, b)
    }

    /// Adds `node` exactly as given (no folding, no rewrites, operands in the given order), or
    /// returns the equal node already here. For passes that simplify on their own and choose the
    /// operand order people read (`Graph.simplified()` writes `2*x`, not `x*2`).
    public func exactly(_ node: Node) -> NodeID { intern(node) }

    private func intern(_ node: Node) -> NodeID {
        if let id = index[node] { return id }
        let id = NodeID(nodes.count)
        nodes.append(node)
        origins.append(currentOrigin)
        index[node] = id
        return id
    }
}
