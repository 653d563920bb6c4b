@_spi(DerivCore) import DerivCore
/// Which sweep computes derivatives.
public enum Mode: String, CaseIterable, Sendable {
    case forward, reverse
}

/// Derivative graphs built from a function graph by the two sweeps. Each result is a `Graph`
/// whose outputs are listed in the doc comment, pruned of nodes no output needs.
package enum Derivatives {
    /// Outputs: output `output` of the function, then ∂f/∂x for each input index in `wrt`.
    /// Reverse mode: one adjoint sweep. Forward mode: one tangent sweep per input.
    package static func gradient(_ g: Graph, output: Int = 0, wrt: [Int], mode: Mode = .reverse) -> Graph {
        jacobian(g, outputs: [output], wrt: wrt, mode: mode)
    }

    /// Outputs: the selected function outputs, then the Jacobian row-major: ∂f₀/∂x₀, ∂f₀/∂x₁, …,
    /// ∂f₁/∂x₀, … Reverse mode: one sweep per output; forward mode: one sweep per input.
    package static func jacobian(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int], mode: Mode) -> Graph {
        let outs = selected ?? Array(g.outputs.indices)
        // A sweep makes about two nodes per node it reaches: forward mode reserves for one sweep per
        // input (up to 16; sweeps from more inputs usually reach less), so a big graph is not
        // copied and rehashed as it grows (random:1000000 with 10 inputs: 12.7 s → 4.2 s).
        let sweeps = mode == .forward ? Swift.min(wrt.count, 16) : 1
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * Swift.max(4, 1 + 2 * sweeps))
        let rows = jacobianEntries(g, outputs: outs.map { g.outputs[$0] }, wrt: wrt, mode: mode, into: b)
        var names = outs.map { g.outputNames[$0] }
        names.reserveCapacity(outs.count * (1 + wrt.count))
        for k in outs {
            let prefix = "d" + g.outputNames[k] + "/d"
            for x in wrt { names.append(prefix + g.inputs[x]) }
        }
        let entries = dense(rows, columns: wrt.count, zero: b.constant(0)).flatMap { $0 }
        return b.finishPruned(outputs: outs.map { g.outputs[$0] } + entries, outputNames: names,
                              exactPrefix: g.count)
    }

    /// A Jacobian that lists only its entries that are not exactly zero, as CasADi's does: for a
    /// sparse Jacobian (each output depending on few inputs) it costs time and memory in
    /// proportion to those entries, not to outputs × inputs.
    package struct SparseJacobian {
        /// Outputs: the selected function outputs, then the listed entries in row-major order.
        package let graph: Graph
        /// Each listed entry as (row, column): an index into the selected outputs and into `wrt`.
        /// Every entry not listed is exactly 0 (structurally, or a derivative folded to +0).
        package let entries: [(row: Int, column: Int)]
    }

    /// The Jacobian of the selected outputs with respect to `wrt`, its zero entries left out.
    package static func sparseJacobian(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int], mode: Mode) -> SparseJacobian {
        let outs = selected ?? Array(g.outputs.indices)
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * 4)
        let rows = jacobianEntries(g, outputs: outs.map { g.outputs[$0] }, wrt: wrt, mode: mode, into: b)
        let zero = b.constant(0)
        var outputs = outs.map { g.outputs[$0] }
        var names = outs.map { g.outputNames[$0] }
        var entries: [(row: Int, column: Int)] = []
        for (r, row) in rows.enumerated() {
            let prefix = "d" + g.outputNames[outs[r]] + "/d"
            for (c, entry) in row where entry != zero {
                entries.append((r, c))
                outputs.append(entry)
                names.append(prefix + g.inputs[wrt[c]])
            }
        }
        return SparseJacobian(graph: b.finishPruned(outputs: outputs, outputNames: names, exactPrefix: g.count),
                              entries: entries)
    }

    /// A Jacobian-vector product graph: inputs are the function's inputs followed by one tangent
    /// input per `wrt` input (named `x_dot`); outputs are the function's outputs, then their tangents.
    package static func jvp(_ g: Graph, wrt: [Int]) -> Graph {
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * 3)
        b.inputs += wrt.map { g.inputs[$0] + "_dot" }
        var seeds: [Int: NodeID] = [:]
        for (k, x) in wrt.enumerated() { seeds[x] = b.input(g.inputs.count + k) }
        var sweep = Forward.Sweep(g)
        sweep.run(seeds: seeds, into: b, naming: .tangent)
        let outputs = g.outputs + g.outputs.map { sweep.tangent[Int($0)].map(b.node) ?? b.constant(0) }
        return b.finishPruned(outputs: outputs, outputNames: g.outputNames + g.outputNames.map { $0 + "_dot" },
                              exactPrefix: g.count)
    }

    /// A vector-Jacobian product graph, the reverse-mode counterpart of `jvp`: inputs are the
    /// function's inputs followed by one cotangent input per output (named `f_bar`); outputs are
    /// the function's outputs, then ∂(Σₖ f̄ₖ·fₖ)/∂x for each `wrt` input. One adjoint sweep.
    package static func vjp(_ g: Graph, wrt: [Int]) -> Graph {
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * 4)
        b.inputs += g.outputNames.map { $0 + "_bar" }
        var seeds: [NodeID: NodeID] = [:]
        for (k, out) in g.outputs.enumerated() {
            let seed = b.input(g.inputs.count + k)
            seeds[out] = seeds[out].map { b.add($0, seed) } ?? seed
        }
        let bar = Reverse.adjoints(of: g, seeds: seeds, into: b)
        let inputNodes = g.inputNodes()
        let gradient = wrt.map { x in inputNodes[x].flatMap { bar[Int($0)] } ?? b.constant(0) }
        return b.finishPruned(outputs: g.outputs + gradient,
                              outputNames: g.outputNames + wrt.map { g.inputs[$0] + "_bar" }, exactPrefix: g.count)
    }

    /// Forward over reverse: outputs f, then the gradient (n entries), then the Hessian row-major
    /// (n×n): row r is the tangent of ∂f/∂x_r, column c the direction x_c.
    package static func hessian(_ g: Graph, output: Int = 0, wrt: [Int]) -> Graph {
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * 8)
        let zero = b.constant(0)
        let (gradient, gradientGraph) = reverseGradient(g, output: output, wrt: wrt, into: b, zero: zero)
        let hessian = dense(jacobianEntries(gradientGraph, outputs: gradient, wrt: wrt,
                                            mode: .forward, into: b), columns: wrt.count, zero: zero)
        let f = g.outputNames[output]
        var names = [f] + wrt.map { "d\(f)/d\(g.inputs[$0])" }
        for r in wrt { for c in wrt { names.append("d2\(f)/d\(g.inputs[r])d\(g.inputs[c])") } }
        return b.finishPruned(outputs: [g.outputs[output]] + gradient + hessian.flatMap { $0 },
                              outputNames: names, exactPrefix: g.count)
    }

    /// A Hessian-vector product graph, forward over reverse as `hessian` is, but one forward sweep
    /// along a direction instead of one per input, so it costs a small multiple of one gradient
    /// and never builds the Hessian. Inputs: the function's inputs, then one direction input per
    /// `wrt` input (named `x_dot`). Outputs: f, the gradient (one entry per `wrt` input), then
    /// H·v (entry r is the derivative of ∂f/∂x_r along v).
    package static func hvp(_ g: Graph, output: Int = 0, wrt: [Int]) -> Graph {
        let b = GraphBuilder(extending: g, reservingCapacity: g.count * 6)
        let zero = b.constant(0)
        let (gradient, gradientGraph) = reverseGradient(g, output: output, wrt: wrt, into: b, zero: zero)
        // One tangent sweep over the gradient graph, seeded with v.
        b.inputs += wrt.map { g.inputs[$0] + "_dot" }
        var seeds: [Int: NodeID] = [:]
        for (k, x) in wrt.enumerated() { seeds[x] = b.input(g.inputs.count + k) }
        let tangents = Forward.tangents(of: gradientGraph, seeds: seeds, into: b)
        let product = gradient.map { tangents[Int($0)] ?? zero }
        let f = g.outputNames[output]
        let names = [f] + wrt.map { "d\(f)/d\(g.inputs[$0])" } + wrt.map { "hvp_\(g.inputs[$0])" }
        return b.finishPruned(outputs: [g.outputs[output]] + gradient + product, outputNames: names, exactPrefix: g.count)
    }

    /// The first half of forward over reverse (`hessian`, `hvp`): the reverse-mode gradient of
    /// output `output` in `b`, one node per `wrt` input, and the graph so far, which the forward
    /// sweep then differentiates in the same builder.
    private static func reverseGradient(_ g: Graph, output: Int, wrt: [Int], into b: GraphBuilder,
                                        zero: NodeID) -> (gradient: [NodeID], graph: Graph) {
        let gradient = dense(jacobianEntries(g, outputs: [g.outputs[output]], wrt: wrt, mode: .reverse, into: b),
                             columns: wrt.count, zero: zero)[0]
        return (gradient, b.finish(outputs: gradient, outputNames: []))
    }

    /// One entry of a Jacobian row: the column (an index into `wrt`) and the node computing it.
    package typealias Entry = (column: Int, node: NodeID)

    /// The Jacobian of `outputs` (nodes of `g`) with respect to the inputs `wrt`, as nodes of `b`:
    /// one row per output, listing the entries that are not structurally zero in column order.
    /// `b` extends `g`, so `g`'s nodes are `b`'s nodes with the same ids. Each sweep costs what it reaches, not the whole graph,
    /// and each row or column what it lists, so a sparse Jacobian costs about its nonzeros.
    /// `recording`, when given, receives what each sweep did (`SweepRecord`), sweep by sweep.
    package static func jacobianEntries(_ g: Graph, outputs: [NodeID], wrt: [Int], mode: Mode, into b: GraphBuilder,
                                recording: ((SweepRecord) -> Void)? = nil) -> [[Entry]] {
        let one = b.constant(1)
        switch mode {
        case .reverse:
            var columnsOfInput = [[Int]](repeating: [], count: g.inputs.count)
            for (c, x) in wrt.enumerated() { columnsOfInput[x].append(c) }
            var sweep = Reverse.Sweep(g, recording: recording != nil)
            return outputs.map { out in
                sweep.run(seeds: [out: one], into: b)
                if let recording, let record = sweep.record { recording(record) }
                var row: [Entry] = []
                for node in sweep.reached where g.nodes[Int(node)].op == .input {
                    let entry = b.node(sweep.adjoint[Int(node)]!)
                    for c in columnsOfInput[g.nodes[Int(node)].inputIndex] { row.append((c, entry)) }
                }
                return row.sorted { $0.column < $1.column }
            }
        case .forward:
            var rowsOfNode: [NodeID: [Int]] = [:]
            for (r, out) in outputs.enumerated() { rowsOfNode[out, default: []].append(r) }
            var isOutput = [Bool](repeating: false, count: g.count)
            for out in outputs { isOutput[Int(out)] = true }
            var rows = [[Entry]](repeating: [], count: outputs.count)
            var sweep = Forward.Sweep(g, recording: recording != nil)
            for (c, x) in wrt.enumerated() {
                sweep.run(seeds: [x: one], into: b, naming: .tangentAlong(g.inputs[x]))
                if let recording, let record = sweep.record { recording(record) }
                for node in sweep.reached where isOutput[Int(node)] {
                    let entry = b.node(sweep.tangent[Int(node)]!)
                    for r in rowsOfNode[node]! { rows[r].append((c, entry)) }
                }
            }
            return rows
        }
    }

    /// Rows of entries as dense rows of `columns` nodes, `zero` where no entry is listed.
    private static func dense(_ rows: [[Entry]], columns: Int, zero: NodeID) -> [[NodeID]] {
        rows.map { row in
            var dense = [NodeID](repeating: zero, count: columns)
            for (c, node) in row { dense[c] = node }
            return dense
        }
    }
}
