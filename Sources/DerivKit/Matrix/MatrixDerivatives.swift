/// Derivatives of matrix graphs as graph-to-graph transformations (docs/MATRICES.md): each
/// extends the function's graph with the nodes of a sweep, whose values are matrices, and
/// reads each operation's derivative from its row (`MatrixOperation.derivative`).
public enum MatrixDerivatives {
    /// The graph of the value and the gradient of the scalar output `g.outputs[0]` by reverse mode
    /// (one sweep, x̄ += Lᵀ(ȳ) for each argument): its outputs are the value, then the adjoint of
    /// each input in `wrt` (input indices), in its input's shape.
    public static func gradient(_ g: MatrixGraph, wrt: [Int]) -> MatrixGraph {
        let b = MatrixBuilder(g)
        let out = g.outputs[0]
        precondition(g[out].shape.isScalar, "a gradient is of a scalar output")
        var adjoint = [Int?](repeating: nil, count: g.count)
        adjoint[out] = b.constant(1)
        for i in stride(from: out, through: 0, by: -1) {
            guard let upstream = adjoint[i] else { continue }
            for (k, a) in g[i].arguments.enumerated() {
                guard let map = g[i].operation.derivative(k, of: i, b) else { continue }
                let term = map.applyAdjoint(upstream, argument: g[a].shape, b)
                adjoint[a] = adjoint[a].map { b.add($0, term) } ?? term
            }
        }
        let inputNodes = inputNodeIndices(g)
        b.graph.outputs = [out] + wrt.map { k in
            inputNodes[k].flatMap { adjoint[$0] } ?? b.constant(zeros(g.inputShapes[k]))
        }
        return b.graph
    }

    /// The graph of the values and the directional derivatives (tangents) of the outputs by
    /// forward mode (one sweep, ẏ = Σ L(ẋ)): it takes a direction, one more input per input
    /// (`x_dot`, of `x`'s shape), after the inputs; its outputs are the outputs, then their tangents.
    public static func jvp(_ g: MatrixGraph) -> MatrixGraph {
        let b = MatrixBuilder(g)
        var tangent = [Int?](repeating: nil, count: g.count)
        let inputNodes = inputNodeIndices(g)
        for k in g.inputNames.indices {
            let direction = b.input(named: g.inputNames[k] + "_dot", g.inputShapes[k])
            if let node = inputNodes[k] { tangent[node] = direction }
        }
        let last = g.outputs.max() ?? -1
        for i in 0..<(last + 1) where !g[i].arguments.isEmpty {
            var sum: Int?
            for (k, a) in g[i].arguments.enumerated() {
                guard let d = tangent[a], let map = g[i].operation.derivative(k, of: i, b) else { continue }
                let term = map.apply(d, out: g[i].shape, b)
                sum = sum.map { b.add($0, term) } ?? term
            }
            tangent[i] = sum
        }
        b.graph.outputs = g.outputs + g.outputs.map { tangent[$0] ?? b.constant(zeros(g[$0].shape)) }
        return b.graph
    }

    /// The gradient of the scalar output by forward mode: the `jvp` graph run once per entry of
    /// each input in `wrt`, along that entry. Returns the value and one matrix per `wrt` input.
    public static func forwardGradient(_ g: MatrixGraph, at point: [Matrix], wrt: [Int]) -> (value: Double, gradient: [Matrix]) {
        let j = jvp(g)
        var direction = g.inputShapes.map { Matrix($0, [Double](repeating: 0, count: $0.count)) }
        var value = Double.nan
        let gradient = wrt.map { k -> Matrix in
            var entries = [Double](repeating: 0, count: g.inputShapes[k].count)
            for e in entries.indices {
                direction[k].entries[e] = 1
                let r = MatrixEvaluator.evaluate(j, inputs: point + direction)
                direction[k].entries[e] = 0
                value = r[0].entries[0]
                entries[e] = r[1].entries[0]
            }
            return Matrix(g.inputShapes[k], entries)
        }
        if wrt.isEmpty {
            value = MatrixEvaluator.evaluate(g, inputs: point)[0].entries[0]
        }
        return (value, gradient)
    }

    /// The node of each input, nil for an input no node reads.
    static func inputNodeIndices(_ g: MatrixGraph) -> [Int?] {
        var nodes = [Int?](repeating: nil, count: g.inputNames.count)
        for (i, n) in g.nodes.enumerated() { if case .input(let k) = n.operation { nodes[k] = i } }
        return nodes
    }

    private static func zeros(_ s: MatrixShape) -> Matrix { Matrix(s, [Double](repeating: 0, count: s.count)) }
}
