@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivMatrix
extension TracePage {
    /// The page of a vector or matrix program (docs/PICTURES.md): the matrix graph drawn as
    /// `graph --format svg` draws it, the forward pass node by node, then the reverse sweep term
    /// by term in matrix form (`W̄ += ȳ·xᵀ`), each box showing its value and its adjoint so far.
    /// Every value and adjoint is a node of the one gradient graph (`sweep`), evaluated once at
    /// `point`, so the last adjoints are `grad`'s; the sums so far add the terms in the sweep's
    /// order. One view, the reverse sweep: a forward-mode view is not drawn for matrix programs.
    package init(matrix graph: MatrixGraph, sweep: MatrixSweep, at point: [Matrix], outputName: String) {
        let picture = MatrixPicture(graph, outputLabels: [outputName])
        var names = picture.names + [String](repeating: "", count: sweep.graph.count - graph.count)
        func bar(_ i: Int) -> String { MatrixPicture.bar(names[i]) }
        let drawn = picture.drawnNodes
        let adjointsShown = drawn.reversed().filter { i in
            if case .constant = graph[i].operation { return false }
            return sweep.adjoints[i] != nil
        }

        // Each local factor that is no node of the function is named ∂u/∂v (a constant by its number).
        for i in adjointsShown {
            for t in sweep.terms[i] {
                guard let p = t.local, p >= sweep.function, names[p].isEmpty else { continue }
                names[p] = sweep.graph.scalarConstant(p).map(formatNumber) ?? "∂\(names[t.user])/∂\(names[i])"
            }
        }

        // One evaluation of the gradient graph, every value shown among its outputs.
        var g = sweep.graph
        var wanted = drawn + adjointsShown.map { sweep.adjoints[$0]! }
        for i in adjointsShown { for t in sweep.terms[i] { wanted.append(t.node); if let p = t.local { wanted.append(p) } } }
        g.outputs = wanted
        var value: [Int: Matrix] = [:]
        for (node, m) in zip(wanted, MatrixEvaluator.evaluate(g, inputs: point)) { value[node] = m }
        /// A value on one line: a number, a literal, or (too large for a box) its first entries, size and norm.
        func oneLine(_ m: Matrix) -> String {
            if m.shape.isScalar { return MatrixPicture.short(m.entries[0]) }
            let lines = MatrixPicture.valueLines(m, label: "")
            return lines.count > 1 || m.shape.count <= MatrixPicture.listedEntries
                ? MatrixPicture.entries(m, format: MatrixPicture.short) : String(lines[0].dropFirst())
        }

        // The lines of each box: its value, then its adjoint, with ids n<node>-<line>.
        var valueCount = [Int](repeating: 0, count: graph.count)
        for i in drawn { valueCount[i] = MatrixPicture.valueLines(value[i]!).count }
        func set(_ i: Int, from first: Int, _ lines: [String]) -> [(id: String, text: String)] {
            lines.enumerated().map { ("n\(i)-\(first + $0)", $1) }
        }
        var steps: [Step] = drawn.map { i in
            let v = value[i]!
            let leaf = graph[i].arguments.isEmpty
            let formula = leaf ? "" : graph.formula(i, names)
            let say = leaf ? "\(names[i]) = \(oneLine(v))" : "\(names[i]) = \(formula) = \(oneLine(v))"
            return Step(node: NodeID(i), edge: nil, say: "forward pass: " + say,
                        cells: [leaf ? names[i] + (isInput(graph, i) ? " (input)" : " (constant)") : names[i] + " = " + formula,
                                "", oneLine(v)],
                        set: set(i, from: 1, MatrixPicture.valueLines(v)))
        }
        let lead = "reverse sweep for \(outputName): "
        var labels: [String: String] = [:]
        for i in adjointsShown {
            let adjointLine = 1 + valueCount[i]
            let terms = sweep.terms[i]
            if terms.isEmpty {
                let seed = value[sweep.adjoints[i]!]!
                steps.append(Step(node: NodeID(i), edge: nil, say: lead + "seed \(bar(i)) = \(oneLine(seed))",
                                  cells: [bar(i), "seed", oneLine(seed)],
                                  set: set(i, from: adjointLine, MatrixPicture.valueLines(seed, label: bar(i) + " ="))))
                continue
            }
            var sum: [Double] = []
            var seen: [Int: Int] = [:]
            for (t, term) in terms.enumerated() {
                // The argument this term flows along: the first of node i's places in its user not yet counted.
                let place = seen[term.user, default: 0]
                seen[term.user] = place + 1
                let argument = graph[term.user].arguments.enumerated().filter { $0.element == i }.map(\.offset)[place]
                let rule = term.formula(upstream: bar(term.user)) { names[$0] }
                let contribution = value[term.node]!
                sum = sum.isEmpty ? contribution.entries : zip(sum, contribution.entries).map { $0 + $1 }
                let complete = t == terms.count - 1
                let total = complete ? value[sweep.adjoints[i]!]! : Matrix(graph[i].shape, sum)
                var local = ""
                if let p = term.local, p >= sweep.function, let v = value[p], sweep.graph.scalarConstant(p) == nil {
                    local = "\(names[p]) = \(oneLine(v))"
                }
                let edge = "e\(term.user)-\(argument)"
                labels[edge] = rule
                let totalText = (terms.count > 1 ? "; \(bar(i)) = \(oneLine(total))" : "")
                steps.append(Step(node: NodeID(i), edge: edge,
                                  say: lead + "\(bar(i)) += \(rule) = \(oneLine(contribution))" + (complete ? totalText : ""),
                                  cells: ["\(bar(i)) += \(rule)", local, oneLine(contribution) + (complete ? totalText : "")],
                                  set: [(edge + "-label", rule)]
                                    + set(i, from: adjointLine, MatrixPicture.valueLines(total, label: bar(i) + (complete ? " =" : " so far =")))))
            }
        }
        let view = View(title: "reverse mode: the adjoints of \(outputName)", steps: steps)
        // Room in each box for the longest text any step writes there.
        var room: [String: Int] = [:]
        for step in steps { for (id, text) in step.set { room[id] = max(room[id] ?? 0, text.count) } }
        self.picture = picture.svg(lines: { i in
            let lines = room.keys.filter { $0.hasPrefix("n\(i)-") }.count
            return (1...max(1, lines)).map { k in
                GraphSVG.Line("", k <= valueCount[i] ? .value : .derivative, room: room["n\(i)-\(k)"] ?? 0)
            }
        }, label: { head, k in labels["e\(head)-\(k)"].map { _ in GraphSVG.Line("", .formula, room: room["e\(head)-\(k)-label"] ?? 0) } })
        self.views = [view]
        let at = zip(graph.inputNames, point).map { "\($0) = \(oneLine($1))" }.joined(separator: ", ")
        self.title = "\(outputName)(\(graph.inputNames.joined(separator: ", ")))" + (at.isEmpty ? "" : " at " + at)
    }
}

private func isInput(_ g: MatrixGraph, _ i: Int) -> Bool {
    if case .input = g[i].operation { return true }
    return false
}
