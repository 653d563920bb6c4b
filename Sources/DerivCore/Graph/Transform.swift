extension GraphBuilder {
    /// Copies `graph`'s nodes into this builder (merging with what is already here) and returns
    /// the new id of every old node. Names and source origins come along; inputs are matched by
    /// index, so the builder must have the same inputs (or a superset in the same order).
    public func copy(_ graph: Graph) -> [NodeID] {
        copy(graph, inputs: nil)
    }

    /// Copies `graph` as `copy(_:)` does, but with its input `i` replaced by node `inputs[i]`
    /// of this builder (substitution). With `rewriting` false the nodes are copied `exactly`
    /// (no folding, operands in their order): for a graph already simplified, whose order of
    /// factors (`-0.1*a`, not `a*-0.1`) is the one people read.
    func copy(_ graph: Graph, inputs substitutes: [NodeID]?, rewriting: Bool = true) -> [NodeID] {
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

extension Graph {
    /// `transform` applied to each output on its own (the graph of that output alone), the
    /// results in one graph again, where equal parts are one node (hash-consing): what
    /// `transform` makes of an output then does not depend on the other outputs. Nil when that
    /// would cost too much (the outputs times the nodes past `Graph.simplificationLimit`: each
    /// output may need most of the graph), or the graph has an exact prefix.
    func eachOutputAlone(_ transform: (Graph) -> Graph) -> Graph? {
        guard exactPrefix == 0, outputs.count * count <= Graph.simplificationLimit else { return nil }
        let b = GraphBuilder(inputs: inputs, reservingCapacity: count)
        b.standIns = standIns
        // This graph's named nodes first, so a part a transform leaves as the program wrote it
        // meets its own node (hash-consing) and keeps the program's name (`u`, `out_h1`);
        // what no output uses is pruned at the end.
        _ = b.copy(self, inputs: nil, rewriting: false)
        let results = outputs.indices.map { k -> NodeID in
            let alone = transform(selectingOutputs([k]))
            return b.copy(alone, inputs: nil, rewriting: false)[Int(alone.outputs[0])]
        }
        return b.finishPruned(outputs: results, outputNames: outputNames)
    }
}
