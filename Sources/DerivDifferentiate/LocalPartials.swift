@_spi(DerivCore) import DerivCore
/// The local partial ∂node/∂argument of every edge of a graph at a point, as the sweeps build
/// them: the rules of `Op.partial` built into a graph that extends the function's
/// (`KnownPartials`, the sweeps' own path) and evaluated there, so a partial shown on an edge
/// (`deriv graph --format dot --at`) is the number `deriv trace` shows and the derivative graph
/// multiplies by.
package struct LocalPartials {
    /// By `3 * node + k`: the partial's node, or -1 where it is zero everywhere.
    private let partial: [NodeID]
    private let numbers: [Double]

    /// - Parameter values: one per input of `graph`.
    package init(_ graph: Graph, at values: [Double]) {
        let b = GraphBuilder(extending: graph)
        var partial = [NodeID](repeating: -1, count: 3 * graph.count)
        for (i, n) in graph.nodes.enumerated() where !n.op.isLeaf {
            n.forEachArgument { k, _ in
                if let p = KnownPartials.build(k, of: n, at: i, in: b) { partial[3 * i + k] = p }
            }
        }
        self.partial = partial
        numbers = Evaluator.evaluate(b.finish(outputs: [], outputNames: []), inputs: values).values
    }

    /// ∂node/∂(argument `k`) at the point; nil where it is zero everywhere.
    package subscript(node: NodeID, argument k: Int) -> Double? {
        let p = partial[3 * Int(node) + k]
        return p < 0 ? nil : numbers[Int(p)]
    }
}
