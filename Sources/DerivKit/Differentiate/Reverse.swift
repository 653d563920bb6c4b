/// Reverse mode as a graph-to-graph transformation.
///
/// After the primal nodes, one sweep visits the nodes in reverse topological order and pushes
/// each node's adjoint ȳ to its arguments: x̄ᵢ += ∂y/∂xᵢ · ȳ (seed 003: downstream gradient =
/// local gradient × upstream gradient). A node's adjoint is complete when the sweep reaches it,
/// because all its users come later in topological order; fan-out is summed. Adjoints that are
/// structurally zero are absent (nil), and constants get none (nothing differentiates with
/// respect to them), so their partials, such as ∂(x^2)/∂2 = x^2·log(x), are never built. Signs
/// travel beside the adjoints (`SignedTerm`), so a partial −1 or −sin costs no `neg` node. The
/// sweep starts at the highest seed and stops once no adjoint is waiting to be pushed, so each
/// row of a sparse Jacobian costs only the nodes it reaches. One sweep gives the gradient of one
/// output with respect to every input, at a small constant multiple of the function's cost:
/// reverse mode wins when outputs are few.
public enum Reverse {
    /// Adjoints of every node of `graph` (copied into `b` as `primal`) given seeds on some nodes
    /// (usually `[output: 1]`); nil where the adjoint is zero. Named nodes get named adjoints
    /// (`c` → `c_bar`).
    public static func adjoints(of graph: Graph, primal: [NodeID], seeds: [NodeID: NodeID], into b: GraphBuilder,
                                suffix: String = "_bar") -> [NodeID?] {
        Sweep(graph, primal: primal, suffix: suffix).run(seeds: seeds, into: b).map { $0.map(b.node) }
    }

    /// What every sweep over one graph shares, worked out once for all the rows of a Jacobian.
    struct Sweep {
        let graph: Graph
        let primal: [NodeID]
        let suffix: String
        /// Nodes above this id are new, so they may be named after the node they are the adjoint of.
        let lastPrimal: NodeID
        /// Program variables and inputs, highest id first: the first to claim an adjoint names it.
        let named: [NodeID]

        init(_ graph: Graph, primal: [NodeID], suffix: String) {
            self.graph = graph
            self.primal = primal
            self.suffix = suffix
            lastPrimal = primal.max() ?? -1
            let inputs = graph.inputNodes().compactMap { $0 }.filter { graph.names[$0] == nil }
            named = (Array(graph.names.keys) + inputs).sorted(by: >)
        }

        /// The program's name for a node, or the input's name.
        private func name(_ node: NodeID) -> String {
            graph.names[node] ?? graph.inputs[graph.nodes[Int(node)].inputIndex]
        }

        /// The adjoint of every node, its sign kept apart; nil where it is zero.
        func run(seeds: [NodeID: NodeID], into b: GraphBuilder) -> [SignedTerm?] {
            var adjoint = [SignedTerm?](repeating: nil, count: graph.count)
            var waiting = 0
            for (node, seed) in seeds where adjoint[Int(node)] == nil {
                adjoint[Int(node)] = b.signed(seed)
                waiting += 1
            }
            var i = Int(seeds.keys.max() ?? -1)
            while waiting > 0 {
                defer { i -= 1 }
                guard let bar = adjoint[i] else { continue }
                waiting -= 1
                let n = graph.nodes[i]
                if n.op.isLeaf { continue }
                b.currentOrigin = b.origin(of: primal[i])
                let x = primal[Int(n.a)]
                let y = n.b >= 0 ? primal[Int(n.b)] : nil
                let z = n.c >= 0 ? primal[Int(n.c)] : nil
                n.forEachArgument { k, arg in
                    guard graph.nodes[Int(arg)].op != .constant,
                          let p = n.op.partial(k, x, y, z, out: primal[i], in: b) else { return }
                    let term = b.product(b.signed(p), bar)
                    if let sum = adjoint[Int(arg)] {
                        adjoint[Int(arg)] = b.sum(sum, term)
                    } else {
                        adjoint[Int(arg)] = term
                        waiting += 1
                    }
                }
            }
            b.currentOrigin = -1
            // A negative adjoint is held as its magnitude: that node is named `minus_c_bar`.
            for node in named {
                if let bar = adjoint[Int(node)], bar.node > lastPrimal, b.names[bar.node] == nil {
                    b.names[bar.node] = (bar.negative ? "minus_" : "") + name(node) + suffix
                }
            }
            return adjoint
        }
    }
}
