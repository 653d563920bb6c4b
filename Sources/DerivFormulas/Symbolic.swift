@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
/// Derivative graphs for printing (`deriv diff`, `jacobian`, `hessian`): only the derivatives as
/// outputs, each simplified as a whole and on its own (`rewritable().simplifiedOneByOne()`: no
/// value is compared with `deriv eval` here), so what is printed is what is worth reading, and a
/// derivative reads the same whichever others were asked for.
extension Derivatives {
    /// ∂fₖ/∂xⱼ for the selected outputs (all by default) and inputs, row-major, from one
    /// reverse sweep per output (sweeps share the function's nodes and each other's adjoints).
    /// Outputs are named `df/dx`.
    package static func partials(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int]) -> Graph {
        let outs = selected ?? Array(g.outputs.indices)
        let j = jacobian(g, outputs: outs, wrt: wrt, mode: .reverse).withoutInputAdjointNames()
        return j.selectingOutputs(Array(outs.count..<j.outputs.count)).rewritable().simplifiedOneByOne().zeroFactorsAsZero()
    }

    /// dⁿfₖ/dxⁿ for each selected output and input (output-major), each by forward mode applied
    /// to the simplified derivative of one order less (the first by reverse mode, as `partials`).
    /// A derivative that grows past `Graph.simplificationLimit` operations before order n is a
    /// `UsageError`: past it nothing is simplified, and each order multiplies the text
    /// (`sin(x)*exp(x^2)/(1 + x^2)` at order 20 would be hundreds of megabytes).
    package static func pure(_ g: Graph, outputs selected: [Int]? = nil, wrt: [Int], order: Int) throws -> Graph {
        let outs = selected ?? Array(g.outputs.indices)
        let b = GraphBuilder(inputs: g.inputs)
        var results: [NodeID] = [], names: [String] = []
        for k in outs {
            for x in wrt {
                var d = partials(g, outputs: [k], wrt: [x])
                for k in 1..<Swift.max(order, 1) {
                    if d.operationCount > Graph.simplificationLimit {
                        throw UsageError("the derivative of order \(k) in \(g.inputs[x]) has \(d.operationCount) operations, "
                                         + "more than deriv simplifies (\(Graph.simplificationLimit)); ask for order \(k) or less")
                    }
                    d = gradient(d, wrt: [x], mode: .forward).selectingOutputs([1]).rewritable().simplified()
                }
                results.append(b.copy(d)[Int(d.outputs[0])])
                names.append("d\(order)\(g.outputNames[k])/d\(g.inputs[x])\(order)")
            }
        }
        return b.finish(outputs: results, outputNames: names).rewritable().simplifiedOneByOne().zeroFactorsAsZero()
    }

    /// The second partials ∂²f/∂xᵣ∂x_c for r ≤ c (the Hessian is symmetric), row by row, by
    /// forward mode over reverse mode (`hessian`).
    package static func secondPartials(_ g: Graph, output: Int = 0, wrt: [Int]) -> Graph {
        let h = hessian(g, output: output, wrt: wrt).withoutInputAdjointNames()
        let n = wrt.count
        return h.selectingOutputs(upperTriangle(n).map { 1 + n + $0.r * n + $0.c }).rewritable().simplifiedOneByOne()
            .zeroFactorsAsZero()
    }

    /// The entries (r, c) with r ≤ c of an n×n matrix, row by row.
    package static func upperTriangle(_ n: Int) -> [(r: Int, c: Int)] {
        (0..<n).flatMap { r in (r..<n).map { (r, $0) } }
    }
}

extension Graph {
    /// Without the names of input adjoints (`y_bar`) and their tangents (`y_bar_dx`): an input's
    /// adjoint is printed as `d/dy` anyway, and a shared part named `y_bar` in `d/dx = y_bar`
    /// would only confuse. Program variables' adjoints (`c_bar`) keep their names. Read from each
    /// name's role (`NodeRole.ofInputAdjoint`), so a program variable spelled `y_bar` keeps its name.
    func withoutInputAdjointNames() -> Graph {
        var g = self
        g.names = names.keeping { !$0.ofInputAdjoint }
        return g
    }
}

extension Graph {
    /// The printed derivatives with an output that simplified to zero times a factor (`0/V2`,
    /// `0*x`, `-0`: terms that cancelled, times what multiplied them) written as 0. The
    /// simplifier keeps such a factor, since `0*x` is NaN where x is infinite or NaN
    /// (docs/SIMPLIFIER.md); a printed derivative is read as the value of a limit, as `x/x` → 1
    /// already is, and nobody reads `0/V2` as anything but 0.
    func zeroFactorsAsZero() -> Graph {
        func isZeroFactor(_ id: NodeID) -> Bool {
            var n = self[id]
            while n.op == .neg { n = self[n.a] }
            switch n.op {
            case .constant: return n.constantValue == 0
            case .mul: return self[n.a].isConstant(0) || self[n.b].isConstant(0)
            case .div: return self[n.a].isConstant(0)
            default: return false
            }
        }
        func isPlusZero(_ id: NodeID) -> Bool { self[id].op == .constant && self[id].constantValue.bitPattern == 0 }
        guard outputs.contains(where: { isZeroFactor($0) && !isPlusZero($0) }) else { return self }
        let b = GraphBuilder(extending: self)
        let zero = b.constant(0)
        return b.finishPruned(outputs: outputs.map { isZeroFactor($0) ? zero : $0 }, outputNames: outputNames)
    }
}
