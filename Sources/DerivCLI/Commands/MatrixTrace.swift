@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
import DerivKit

/// `deriv trace` of a vector or matrix program (docs/MATRICES.md, "trace"): the worked example
/// matrix by matrix. Every value of the forward pass, then every adjoint as upstream times local
/// in matrix form (`W̄ = ȳ·xᵀ`, `x̄ = Wᵀ·ȳ`), then the gradient. The numbers are the nodes of
/// the one gradient graph (`MatrixDerivatives.gradientSweep`), evaluated once, so the gradient
/// is `grad`'s to the bit.
extension MatrixRun {
    /// Values with more entries than this, or more columns than `wholeColumns`, are abbreviated.
    static let wholeEntries = 36
    static let wholeColumns = 8

    func trace() throws -> ExitStatus {
        let format = options.traceFormat ?? .text
        if options.json || options.mode == .forward || format == .markdown {
            throw UsageError("the trace of a vector or matrix program is its reverse sweep, as text or a page (--format html), for now: "
                             + "give neither --json, --mode forward nor --format markdown")
        }
        let (graph, point) = try graphAtPoint()
        try checkScalarOutput(graph)
        let wrt = try differentiationInputs()
        let sweep = MatrixDerivatives.gradientSweep(graph, wrt: wrt)
        if format == .html {
            try GraphCommand.checkPictureSize(drawn: MatrixPicture(graph, outputLabels: [outputName]).drawnNodes.count, format: "html")
            console.out(TracePage(matrix: graph, sweep: sweep, at: point, outputName: outputName).html)
            return .success
        }
        let f = sweep.function
        let out = graph.outputs[0]

        // The function's nodes the output needs, named as `deriv graph` names them.
        var needed = [Bool](repeating: false, count: f)
        needed[out] = true
        for i in stride(from: out, through: 0, by: -1) where needed[i] { for a in graph[i].arguments { needed[a] = true } }
        var names = [String](repeating: "", count: sweep.graph.count)
        var temporary = 0
        for i in 0..<f where needed[i] {
            if let c = constantNumber(graph, i) { names[i] = formatNumber(c); continue }
            if let n = graph.names[i] ?? (i == out ? outputName : nil) { names[i] = n; continue }
            temporary += 1
            names[i] = "t\(temporary)"
        }
        func bar(_ i: Int) -> String {
            let n = names[i]
            return n.isEmpty ? n : String(n.first!) + "\u{0304}" + n.dropFirst()
        }
        // The operations, and the constants the program names (`x = [0.05, 0.10]`).
        let shown = (0..<f).filter { needed[$0] && (!graph[$0].arguments.isEmpty || graph.names[$0] != nil && isConstant(graph, $0)) }
        let adjointsShown = (0...out).reversed().filter { needed[$0] && sweep.adjoints[$0] != nil && !isConstant(graph, $0) }
        // Name each local factor that is no node of the function: ∂u/∂v.
        for i in adjointsShown {
            for t in sweep.terms[i] {
                guard let p = t.local, p >= f, names[p].isEmpty else { continue }
                names[p] = constantNumber(sweep.graph, p).map(formatNumber) ?? "∂\(names[t.user])/∂\(names[i])"
            }
        }

        // One evaluation of the gradient graph, every node shown among its outputs.
        var g = sweep.graph
        let gradientOutputs = g.outputs.count
        var wanted = shown + adjointsShown.compactMap { sweep.adjoints[$0] }
        for i in adjointsShown { for t in sweep.terms[i] { wanted.append(t.node); if let p = t.local { wanted.append(p) } } }
        g.outputs += wanted
        let results = MatrixEvaluator.evaluate(g, inputs: point)
        var value: [Int: Matrix] = [:]
        for (node, m) in zip(wanted, results.dropFirst(gradientOutputs)) { value[node] = m }

        var s = "\(outputName)(\(program.inputs.joined(separator: ", "))) at the point of --at, matrix by matrix\n\n"
        s += "Forward pass: each value from the ones before it\n\n"
        for i in shown {
            s += line("  " + names[i] + (isConstant(graph, i) ? "" : " = " + graph.formula(i, names)), value[i]!)
        }
        s += "\nReverse sweep for \(outputName) (adjoints: v̄ = ∂\(outputName)/∂v): each as upstream times local, in matrix form\n\n"
        for i in adjointsShown {
            let terms = sweep.terms[i]
            if terms.isEmpty { s += "  \(bar(i)) = 1 (the seed)\n"; continue }
            let sum = terms.map { $0.formula(upstream: bar($0.user)) { names[$0] } }.joined(separator: " + ")
            s += line("  \(bar(i)) = \(sum)", value[sweep.adjoints[i]!]!)
            for t in terms {
                if let p = t.local, p >= f, constantNumber(sweep.graph, p) == nil, let v = value[p] { s += line("      where \(names[p])", v) }
            }
        }
        let gradient = Array(results[1..<gradientOutputs])
        s += "\nGradient of \(outputName)\n\n" + Labelled(self, graph, wrt).text(gradient) { "d/d\($0)" }
        console.out(s)
        return .success
    }

    /// `label = value`, a matrix's further lines under its first; a value too large to read whole abbreviated.
    private func line(_ label: String, _ m: Matrix) -> String {
        let l = label + " = "
        if m.shape.count > MatrixRun.wholeEntries || m.shape.columns > MatrixRun.wholeColumns {
            let e = m.entries.map(formatNumber)
            return l + "\(m.shape), entries row by row: \(e[0]), \(e[1]), \(e[2]), …, \(e[e.count - 1])\n"
        }
        return l + MatrixLayout(m.shape).text(m, indent: l.count) + "\n"
    }

    private func constantNumber(_ g: MatrixGraph, _ i: Int) -> Double? {
        guard case .constant(let k) = g[i].operation, g[i].shape.isScalar else { return nil }
        return g.constants[k][0]
    }

    private func isConstant(_ g: MatrixGraph, _ i: Int) -> Bool {
        if case .constant = g[i].operation { return true }
        return false
    }
}
