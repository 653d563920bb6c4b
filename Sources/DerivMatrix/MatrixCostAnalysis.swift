@_spi(DerivCore) import DerivCore
/// Operation counts by kind as polynomials in the dimension names: `OpCount` for a vector or
/// matrix program (docs/MATRICES.md, "ops").
package struct PolynomialCount: Equatable, Sendable {
    private var counts: [Polynomial] = Array(repeating: .zero, count: CostClass.allCases.count)

    package init() {}

    package subscript(kind: CostClass) -> Polynomial {
        get { counts[CostClass.allCases.firstIndex(of: kind)!] }
        set { counts[CostClass.allCases.firstIndex(of: kind)!] = newValue }
    }

    package var total: Polynomial { counts.reduce(.zero, +) }

    package static func - (a: PolynomialCount, b: PolynomialCount) -> PolynomialCount {
        var d = PolynomialCount()
        d.counts = zip(a.counts, b.counts).map { $0 - $1 }
        return d
    }
}

/// What the full Jacobian of a vector or matrix program costs in forward and in reverse mode,
/// counted in scalar operations (`MatrixOperation.cost`) as polynomials in the dimension names,
/// in the model of `CostAnalysis`: one sweep is what the derivative graph for a general
/// direction (`MatrixDerivatives.jvp`, `MatrixDerivatives.vjp`) adds to the function's graph;
/// the Jacobian is the function once plus one forward sweep per entry of the inputs, or one
/// reverse sweep per entry of the output.
package struct MatrixCostAnalysis: Sendable {
    /// The function's operations.
    package let function: PolynomialCount
    /// The operations one forward sweep (J·ẋ) and one reverse sweep (ȳ·J) add to the function.
    package let forwardSweep: PolynomialCount
    package let reverseSweep: PolynomialCount
    /// The entries of the inputs differentiated (forward sweeps) and of the output (reverse sweeps).
    package let inputEntries: Polynomial
    package let outputEntries: Polynomial

    /// The counts for `g` (its first output, the inputs `wrt`), whose dimensions `size` writes as
    /// polynomials: a graph built for sizes that stand for dimension names gives counts in those names.
    package init(_ g: MatrixGraph, wrt: [Int], size: (Int) -> Polynomial) {
        var one = g
        one.outputs = [g.outputs[0]]
        function = MatrixCostAnalysis.count(one, size)
        var forward = MatrixDerivatives.jvp(one, wrt: wrt)
        forward.outputs = [forward.outputs[1]]
        forwardSweep = MatrixCostAnalysis.count(forward, size, excluding: one)
        var reverse = MatrixDerivatives.vjp(one, wrt: wrt)
        reverse.outputs.removeFirst()
        reverseSweep = MatrixCostAnalysis.count(reverse, size, excluding: one)
        inputEntries = wrt.reduce(.zero) { $0 + size(g.inputShapes[$1].rows) * size(g.inputShapes[$1].columns) }
        let out = g[g.outputs[0]].shape
        outputEntries = size(out.rows) * size(out.columns)
    }

    /// The function once plus a sweep per entry of the inputs.
    package var forwardTotal: Polynomial { function.total + inputEntries * forwardSweep.total }
    /// The function once plus a sweep per entry of the output.
    package var reverseTotal: Polynomial { function.total + outputEntries * reverseSweep.total }

    /// The operations of the nodes `g`'s outputs need, less those `excluding`'s outputs need
    /// (the nodes a derivative graph shares with its function's graph).
    static func count(_ g: MatrixGraph, _ size: (Int) -> Polynomial, excluding: MatrixGraph? = nil) -> PolynomialCount {
        var c = PolynomialCount()
        let skip = excluding.map(neededNodes) ?? []
        for (i, needed) in neededNodes(g).enumerated() where needed && !(i < skip.count && skip[i]) {
            let node = g[i]
            for (kind, p) in node.operation.cost(node.arguments.map { g[$0].shape }, node.shape, size) { c[kind] = c[kind] + p }
        }
        return c
    }

    /// Whether each node is needed by the outputs.
    static func neededNodes(_ g: MatrixGraph) -> [Bool] {
        var needed = [Bool](repeating: false, count: g.count)
        for o in g.outputs { needed[o] = true }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g[i].arguments { needed[a] = true }
        }
        return needed
    }
}
