@_spi(DerivCore) import DerivCore
/// The local partials that sweeps over one graph have built, kept for the sweeps after them (one
/// sweep per column or row of a Jacobian): a later sweep reads a node's partials from an array
/// indexed by node, in the order it visits the nodes, instead of building them again, which
/// hash-consing answers with a lookup far back in its table (past the caches, a miss each).
///
/// Recording starts with the second sweep, so a lone sweep (a gradient in reverse mode) pays
/// nothing for it. Every sweep of one owner must build into the same builder.
struct KnownPartials {
    private let count: Int
    /// By `3 * node + k`: 0 not built yet, -1 structurally zero, p + 1 the partial's node p.
    private var known: [NodeID] = []
    private var sweeps = 0

    init(count: Int) { self.count = count }

    /// Called at the start of each sweep.
    mutating func sweepStarts() {
        sweeps += 1
        if sweeps == 2 { known = [NodeID](repeating: 0, count: 3 * count) }
    }

    /// ∂n/∂(argument k) for node `i`, `n`, built in `b` or known from an earlier sweep; nil where
    /// it is structurally zero.
    @inline(__always)
    mutating func partial(_ k: Int, of n: Node, at i: Int, in b: GraphBuilder) -> NodeID? {
        guard !known.isEmpty else { return KnownPartials.build(k, of: n, at: i, in: b) }
        let slot = 3 * i + k
        switch known[slot] {
        case 0:
            let p = KnownPartials.build(k, of: n, at: i, in: b)
            known[slot] = p.map { $0 + 1 } ?? -1
            return p
        case -1: return nil
        case let p: return p - 1
        }
    }

    /// ∂n/∂(argument k) for node `i`, `n`, built in `b` by the rule of `Op.partial`; nil where zero.
    static func build(_ k: Int, of n: Node, at i: Int, in b: GraphBuilder) -> NodeID? {
        b.partial(n.op, k, n.a, n.b >= 0 ? n.b : nil, n.c >= 0 ? n.c : nil, out: NodeID(i))
    }
}
