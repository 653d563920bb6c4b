extension GraphBuilder {
    /// Copies `graph`'s nodes into this builder (merging with what is already here) and returns
    /// the new id of every old node. Names and source origins come along; inputs are matched by
    /// index, so the builder must have the same inputs (or a superset in the same order).
    @_spi(DerivCore) public func copy(_ graph: Graph) -> [NodeID] {
        copy(graph, inputs: nil)
    }

    /// Copies `graph` as `copy(_:)` does, but with its input `i` replaced by node `inputs[i]`
    /// of this builder (substitution). With `rewriting` false the nodes are copied `exactly`
    /// (no folding, operands in their order): for a graph already simplified, whose order of
    /// factors (`-0.1*a`, not `a*-0.1`) is the one people read.
    @_spi(DerivCore) public func copy(_ graph: Graph, inputs substitutes: [NodeID]?, rewriting: Bool = true) -> [NodeID] {
        var map = [NodeID](repeating: -1, count: graph.count)
        var rangeMap: [Int32: Int32] = [:]
        for i in 0..<graph.count {
            let n = graph.nodes[i]
            let o = graph.origins[i]
            if o >= 0 {
                if let m = rangeMap[o] { currentOrigin = m } else {
                    currentOrigin = addSourceRange(graph.sourceRanges[Int(o)])
                    rangeMap[o] = currentOrigin
                }
            } else {
                currentOrigin = -1
            }
            let id: NodeID
            switch n.op {
            case .input: id = substitutes?[n.inputIndex] ?? input(n.inputIndex)
            case .constant: id = constant(n.constantValue)
            default:
                func m(_ x: NodeID) -> NodeID? { x >= 0 ? map[Int(x)] : nil }
                id = rewriting ? apply(n.op, map[Int(n.a)], m(n.b), m(n.c))
                    : exactly(Node(op: n.op, a: map[Int(n.a)], b: m(n.b) ?? -1, c: m(n.c) ?? -1, payload: n.payload))
            }
            map[i] = id
            if let name = graph.names[NodeID(i)] { names.nameIfUnnamed(id, name, role: graph.names.role(NodeID(i))) }
        }
        currentOrigin = -1
        return map
    }
}
