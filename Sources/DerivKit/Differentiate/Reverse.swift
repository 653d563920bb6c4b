/// Reverse mode as a graph-to-graph transformation.
///
/// After the primal nodes, one sweep visits the nodes in reverse topological order and pushes
/// each node's adjoint ȳ to its arguments: x̄ᵢ += ∂y/∂xᵢ · ȳ (seed 003: downstream gradient =
/// local gradient × upstream gradient). A node's adjoint is complete when the sweep reaches it,
/// because all its users come later in topological order; fan-out is summed. Adjoints that are
/// structurally zero are absent (nil). One sweep gives the gradient of one output with respect to
/// every input, at a small constant multiple of the function's cost: reverse mode wins when
/// outputs are few.
public enum Reverse {
    /// Adjoints of every node of `graph` (copied into `b` as `primal`) given seeds on some nodes
    /// (usually `[output: 1]`); nil where the adjoint is zero. Named nodes get named adjoints
    /// (`c` → `c_bar`).
    public static func adjoints(of graph: Graph, primal: [NodeID], seeds: [NodeID: NodeID], into b: GraphBuilder,
                                suffix: String = "_bar") -> [NodeID?] {
        var adjoint = [NodeID?](repeating: nil, count: graph.count)
        for (node, seed) in seeds { adjoint[Int(node)] = seed }
        let lastPrimal = primal.max() ?? -1
        for i in stride(from: graph.count - 1, through: 0, by: -1) {
            guard let bar = adjoint[i] else { continue }
            let n = graph.nodes[i]
            if let name = graph.names[NodeID(i)] ?? (n.op == .input ? graph.inputs[n.inputIndex] : nil),
               bar > lastPrimal, b.names[bar] == nil {
                b.names[bar] = name + suffix
            }
            if n.op.isLeaf { continue }
            b.currentOrigin = b.origin(of: primal[i])
            let x = primal[Int(n.a)]
            let y = n.b >= 0 ? primal[Int(n.b)] : nil
            let z = n.c >= 0 ? primal[Int(n.c)] : nil
            n.forEachArgument { k, arg in
                guard let p = n.op.partial(k, x, y, z, out: primal[i], in: b) else { return }
                let term = b.mul(p, bar)
                adjoint[Int(arg)] = adjoint[Int(arg)].map { b.add($0, term) } ?? term
            }
        }
        b.currentOrigin = -1
        return adjoint
    }
}
