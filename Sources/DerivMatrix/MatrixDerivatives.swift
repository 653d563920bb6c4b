@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
/// Derivatives of matrix graphs as graph-to-graph transformations (docs/MATRICES.md): each
/// extends the function's graph with the nodes of a sweep, whose values are matrices, and
/// reads each operation's derivative from its row (`MatrixOperation.derivative`).
package enum MatrixDerivatives {
    /// The graph of the value and the gradient of the scalar output `g.outputs[0]` by reverse mode
    /// (one sweep, x̄ += Lᵀ(ȳ) for each argument): its outputs are the value, then the adjoint of
    /// each input in `wrt` (input indices), in its input's shape.
    package static func gradient(_ g: MatrixGraph, wrt: [Int]) -> MatrixGraph {
        gradientSweep(g, wrt: wrt).graph
    }

    /// `gradient`, with where each adjoint and each of its terms is in the graph: what `trace`
    /// shows, read from the one gradient graph.
    package static func gradientSweep(_ g: MatrixGraph, wrt: [Int]) -> MatrixSweep {
        precondition(g[g.outputs[0]].shape.isScalar, "a gradient is of a scalar output")
        return reverse(g, wrt: wrt) { $0.constant(1) }
    }

    /// The graph of the value and the vector-Jacobian product of the output `g.outputs[0]` by
    /// reverse mode: it takes the output's adjoint (`f_bar`, of the output's shape) as one more
    /// input, after the inputs; its outputs are the value, then the adjoint of each input in `wrt`.
    package static func vjp(_ g: MatrixGraph, wrt: [Int]) -> MatrixGraph {
        reverse(g, wrt: wrt) { $0.input(named: "f_bar", g[g.outputs[0]].shape) }.graph
    }

    /// One reverse sweep from the output, whose adjoint is the node `seed` makes.
    private static func reverse(_ g: MatrixGraph, wrt: [Int], seed: (MatrixBuilder) -> Int) -> MatrixSweep {
        let b = MatrixBuilder(g)
        let out = g.outputs[0]
        var adjoint = [Int?](repeating: nil, count: g.count)
        var terms = [[MatrixSweep.Term]](repeating: [], count: g.count)
        adjoint[out] = seed(b)
        for i in stride(from: out, through: 0, by: -1) {
            guard let upstream = adjoint[i] else { continue }
            for (k, a) in g[i].arguments.enumerated() {
                guard let map = g[i].operation.derivative(k, of: i, b) else { continue }
                let term = map.applyAdjoint(upstream, argument: g[a].shape, b)
                terms[a].append(MatrixSweep.Term(user: i, node: term, map: map, spread: g[a].shape.isScalar && !g[i].shape.isScalar))
                adjoint[a] = adjoint[a].map { b.add($0, term) } ?? term
            }
        }
        let inputNodes = inputNodeIndices(g)
        b.graph.outputs = [out] + wrt.map { k in
            inputNodes[k].flatMap { adjoint[$0] } ?? b.node(.broadcast(g.inputShapes[k]), [b.constant(0)])
        }
        return MatrixSweep(graph: b.graph, function: g.count, adjoints: adjoint, terms: terms)
    }

    /// The graph of the values and the directional derivatives (tangents) of the outputs by
    /// forward mode (one sweep, ẏ = Σ L(ẋ)): it takes a direction, one more input per input
    /// (`x_dot`, of `x`'s shape), after the inputs; its outputs are the outputs, then their tangents.
    /// Only the directions of the inputs `wrt` (input indices; all when nil) are followed.
    package static func jvp(_ g: MatrixGraph, wrt: [Int]? = nil) -> MatrixGraph {
        let b = MatrixBuilder(g)
        var tangent = [Int?](repeating: nil, count: g.count)
        let inputNodes = inputNodeIndices(g)
        for k in g.inputNames.indices {
            let direction = b.input(named: g.inputNames[k] + "_dot", g.inputShapes[k])
            if let node = inputNodes[k], wrt?.contains(k) ?? true { tangent[node] = direction }
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
        b.graph.outputs = g.outputs + g.outputs.map { tangent[$0] ?? b.node(.broadcast(g[$0].shape), [b.constant(0)]) }
        return b.graph
    }

    /// The Jacobian of the output at `point` with respect to each input in `wrt`: one matrix per
    /// input, a row per entry of the output and a column per entry of the input (both row by
    /// row). Reverse mode runs the `vjp` graph once per entry of the output, forward mode the
    /// `jvp` graph once per entry of the inputs. Returns the output's value too.
    package static func jacobian(_ g: MatrixGraph, at point: [Matrix], wrt: [Int], mode: Mode) -> (value: Matrix, jacobian: [Matrix]) {
        let value = MatrixEvaluator.evaluate(g, inputs: point)[0]
        let rows = value.shape.count
        var blocks = wrt.map { k in [Double](repeating: 0, count: rows * g.inputShapes[k].count) }
        if mode == .reverse {
            let v = vjp(g, wrt: wrt)
            var seed = Matrix(value.shape, [Double](repeating: 0, count: rows))
            for r in 0..<rows {
                seed.entries[r] = 1
                let adjoints = MatrixEvaluator.evaluate(v, inputs: point + [seed]).dropFirst()
                seed.entries[r] = 0
                for (j, a) in adjoints.enumerated() {
                    let n = a.entries.count
                    // + 0: an entry off the diagonal of an entry-by-entry operation is p·0, which is -0
                    // for p < 0 (in both modes); the Jacobian writes it 0.
                    for c in 0..<n { blocks[j][r * n + c] = a.entries[c] + 0 }
                }
            }
        } else {
            var direction = g.inputShapes.map { Matrix($0, [Double](repeating: 0, count: $0.count)) }
            for (j, k) in wrt.enumerated() {
                // One tangent graph per input, as a sweep of scalar forward mode follows one input:
                // the other inputs' tangents are structural zeros, not numbers 0 (0·∞ would be NaN
                // where the value does not depend on this input).
                let t = jvp(g, wrt: [k])
                let n = g.inputShapes[k].count
                for c in 0..<n {
                    direction[k].entries[c] = 1
                    let tangent = MatrixEvaluator.evaluate(t, inputs: point + direction)[1]
                    direction[k].entries[c] = 0
                    for r in 0..<rows { blocks[j][r * n + c] = tangent.entries[r] + 0 }
                }
            }
        }
        return (value, wrt.indices.map { j in Matrix(MatrixShape(rows, g.inputShapes[wrt[j]].count), blocks[j]) })
    }

    /// The Hessian of the scalar output at `point` with respect to the entries of the inputs `wrt`
    /// (each input's entries row by row, the inputs in order), by forward mode over the
    /// reverse-mode gradient graph: one Hessian-vector product per entry, along its unit
    /// direction, gives that entry's row. Returns the value and the gradient (in the inputs' shapes) too.
    package static func hessian(_ g: MatrixGraph, at point: [Matrix], wrt: [Int]) -> (value: Double, gradient: [Matrix], hessian: [[Double]]) {
        let h = jvp(gradient(g, wrt: wrt))
        var direction = g.inputShapes.map { Matrix($0, [Double](repeating: 0, count: $0.count)) }
        let n = wrt.count
        var first: [Matrix] = []
        var rows: [[Double]] = []
        for k in wrt {
            for e in 0..<g.inputShapes[k].count {
                direction[k].entries[e] = 1
                let r = MatrixEvaluator.evaluate(h, inputs: point + direction)
                direction[k].entries[e] = 0
                if first.isEmpty { first = Array(r[0...n]) }
                // The outputs: the value and the gradient, then their tangents; + 0 writes -0 as 0.
                rows.append(r[(n + 2)...].flatMap { $0.entries.map { $0 + 0 } })
            }
        }
        if first.isEmpty { first = Array(MatrixEvaluator.evaluate(gradient(g, wrt: wrt), inputs: point)) }
        return (first[0].entries[0], Array(first.dropFirst()), rows)
    }

    /// The node of each input, nil for an input no node reads.
    static func inputNodeIndices(_ g: MatrixGraph) -> [Int?] {
        var nodes = [Int?](repeating: nil, count: g.inputNames.count)
        for (i, n) in g.nodes.enumerated() { if case .input(let k) = n.operation { nodes[k] = i } }
        return nodes
    }
}
