/// Forward mode as a graph-to-graph transformation.
///
/// One sweep carries a tangent ẋ for every node in topological order: ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ, with
/// the partials read from `Op.partial`, the table reverse mode reads too. A tangent that is
/// structurally zero is absent (nil), so terms that would be `0·p` are never built; a partial that
/// is structurally zero is never built either; signs travel beside the tangents (`SignedTerm`),
/// so a partial −1 or −sin costs no `neg` node. The sweep starts at the first seeded input, as no
/// node before it can have a tangent, and stops after the last user of any node that has one, so
/// each column of a sparse Jacobian costs only the span it reaches. A sweep costs about as much
/// as the function, and a full
/// Jacobian needs one sweep per input: forward mode wins when inputs are few.
public enum Forward {
    /// Tangents of every node of `graph` (copied into `builder` as `primal`) given the seeds on
    /// some inputs; nil where the tangent is zero. `suffix` names tangents of named nodes
    /// (`c` → `c_dot`).
    public static func tangents(of graph: Graph, primal: [NodeID], seeds: [Int: NodeID], into b: GraphBuilder,
                                suffix: String = "_dot") -> [NodeID?] {
        Sweep(graph, primal: primal).run(seeds: seeds, into: b, suffix: suffix).map { $0.map(b.node) }
    }

    /// What every sweep over one graph shares, worked out once for all the columns of a Jacobian.
    struct Sweep {
        let graph: Graph
        let primal: [NodeID]
        /// Nodes above this id are new, so they may be named after the node they are the tangent of.
        let lastPrimal: NodeID
        let inputNodes: [NodeID?]
        /// The id of each node's last user (its own id if it has none).
        let lastUser: [Int32]
        /// Program variables, lowest id first: the first to claim a tangent names it.
        let named: [NodeID]

        init(_ graph: Graph, primal: [NodeID]) {
            self.graph = graph
            self.primal = primal
            lastPrimal = primal.max() ?? -1
            inputNodes = graph.inputNodes()
            var lastUser = (0..<Int32(graph.count)).map { $0 }
            for i in 0..<graph.count { graph.nodes[i].forEachArgument { _, arg in lastUser[Int(arg)] = Int32(i) } }
            self.lastUser = lastUser
            named = graph.names.keys.sorted()
        }

        /// The tangent of every node, its sign kept apart; nil where it is zero.
        func run(seeds: [Int: NodeID], into b: GraphBuilder, suffix: String) -> [SignedTerm?] {
            var tangent = [SignedTerm?](repeating: nil, count: graph.count)
            var start = graph.count
            var end = -1
            for (input, seed) in seeds {
                guard let node = inputNodes[input] else { continue }
                tangent[Int(node)] = b.signed(seed)
                start = Swift.min(start, Int(node) + 1)
                end = Swift.max(end, Int(lastUser[Int(node)]))
            }
            var i = start
            while i <= end {
                defer { i += 1 }
                let n = graph.nodes[i]
                if n.op.isLeaf { continue }
                var sum: SignedTerm?
                n.forEachArgument { k, arg in
                    guard let t = tangent[Int(arg)] else { return }
                    b.currentOrigin = b.origin(of: primal[i])
                    let x = primal[Int(n.a)]
                    let y = n.b >= 0 ? primal[Int(n.b)] : nil
                    let z = n.c >= 0 ? primal[Int(n.c)] : nil
                    guard let p = n.op.partial(k, x, y, z, out: primal[i], in: b) else { return }
                    let term = b.product(b.signed(p), t)
                    sum = sum.map { b.sum($0, term) } ?? term
                }
                tangent[i] = sum
                if sum != nil { end = Swift.max(end, Int(lastUser[i])) }
            }
            b.currentOrigin = -1
            // A negative tangent is held as its magnitude: that node is named `minus_c_dot`.
            for node in named {
                if let dot = tangent[Int(node)], dot.node > lastPrimal, b.names[dot.node] == nil {
                    b.names[dot.node] = (dot.negative ? "minus_" : "") + graph.names[node]! + suffix
                }
            }
            return tangent
        }
    }
}
