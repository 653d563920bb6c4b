/// Forward mode as a graph-to-graph transformation.
///
/// One sweep carries a tangent ẋ for every node in topological order: ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ, with
/// the partials read from `Op.partial`, the table reverse mode reads too. A tangent that is
/// structurally zero is absent (nil), so terms that would be `0·p` are never built; a partial that
/// is structurally zero is never built either. A sweep costs about as much as the function, and a
/// full Jacobian needs one sweep per input: forward mode wins when inputs are few.
public enum Forward {
    /// Tangents of every node of `graph` (copied into `builder` as `primal`) given the seeds on
    /// some inputs; nil where the tangent is zero. `suffix` names tangents of named nodes
    /// (`c` → `c_dot`).
    public static func tangents(of graph: Graph, primal: [NodeID], seeds: [Int: NodeID], into b: GraphBuilder,
                                suffix: String = "_dot") -> [NodeID?] {
        var tangent = [NodeID?](repeating: nil, count: graph.count)
        let lastPrimal = primal.max() ?? -1
        for i in 0..<graph.count {
            let n = graph.nodes[i]
            if n.op == .input { tangent[i] = seeds[n.inputIndex]; continue }
            if n.op == .constant { continue }
            b.currentOrigin = b.origin(of: primal[i])
            let x = primal[Int(n.a)]
            let y = n.b >= 0 ? primal[Int(n.b)] : nil
            let z = n.c >= 0 ? primal[Int(n.c)] : nil
            var sum: NodeID?
            n.forEachArgument { k, arg in
                guard let t = tangent[Int(arg)],
                      let p = n.op.partial(k, x, y, z, out: primal[i], in: b) else { return }
                let term = b.mul(p, t)
                sum = sum.map { b.add($0, term) } ?? term
            }
            tangent[i] = sum
            if let s = sum, s > lastPrimal, let name = graph.names[NodeID(i)], b.names[s] == nil {
                b.names[s] = name + suffix
            }
        }
        b.currentOrigin = -1
        return tangent
    }
}
