/// Derivative graphs for printing (`deriv diff`, `jacobian`, `hessian`): only the derivatives as
/// outputs, each simplified (`Graph.simplified()`), so what is printed is what is worth reading.
extension Derivatives {
    /// ∂fₖ/∂xⱼ for the selected outputs (all by default) and inputs, row-major, from one
    /// reverse sweep per output (sweeps share the function's nodes and each other's adjoints).
    /// Outputs are named `df/dx`.
    public static func partials(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int]) -> Graph {
        let outs = selected ?? Array(g.outputs.indices)
        var j = jacobian(g, outputs: outs, wrt: wrt, mode: .reverse)
        // `x_bar` names an input's adjoint, which is printed as `d/dx` anyway; a shared part
        // named `y_bar` in `d/dx = y_bar` would only confuse.
        let adjointNames = Set(g.inputs.map { $0 + "_bar" })
        j.names = j.names.filter { !adjointNames.contains($0.value) }
        return j.selectingOutputs(Array(outs.count..<j.outputs.count)).simplified()
    }

    /// dⁿfₖ/dxⁿ for each selected output and input (output-major), each by forward mode applied
    /// to the simplified derivative of one order less (the first by reverse mode, as `partials`).
    public static func pure(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int], order: Int) -> Graph {
        let outs = selected ?? Array(g.outputs.indices)
        let b = GraphBuilder(inputs: g.inputs)
        var results: [NodeID] = [], names: [String] = []
        for k in outs {
            for x in wrt {
                var d = partials(g, outputs: [k], wrt: [x])
                for _ in 1..<Swift.max(order, 1) {
                    d = gradient(d, wrt: [x], mode: .forward).selectingOutputs([1]).simplified()
                }
                results.append(b.copy(d)[Int(d.outputs[0])])
                names.append("d\(order)\(g.outputNames[k])/d\(g.inputs[x])\(order)")
            }
        }
        return b.finish(outputs: results, outputNames: names).simplified()
    }

    /// The second partials ∂²f/∂xᵣ∂x_c for r ≤ c (the Hessian is symmetric), row by row, by
    /// forward mode over reverse mode (`hessian`).
    public static func secondPartials(_ g: Graph, output: Int = 0, wrt: [Int]) -> Graph {
        let h = hessian(g, output: output, wrt: wrt)
        let n = wrt.count
        var selected: [Int] = []
        for r in 0..<n { for c in r..<n { selected.append(1 + n + r * n + c) } }
        return h.selectingOutputs(selected).simplified()
    }
}

extension Graph {
    /// The graph with only the outputs at `indices` (in that order), pruned.
    public func selectingOutputs(_ indices: [Int]) -> Graph {
        var g = self
        g.outputs = indices.map { outputs[$0] }
        g.outputNames = indices.map { outputNames[$0] }
        return g.pruned()
    }
}
