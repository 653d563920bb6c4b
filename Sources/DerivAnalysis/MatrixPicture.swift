@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivMatrix
/// A matrix graph as a picture (docs/PICTURES.md, "Vector and matrix programs"): one box per
/// matrix operation, `name = formula  rows×columns`, drawn by the scalar pictures' own
/// `GraphSVG` and `LayeredLayout`, or written as Graphviz DOT. Of a gradient graph
/// (`MatrixDerivatives.gradientSweep`), the nodes of the reverse sweep are marked and each
/// adjoint is named after its node with a bar (`W̄1 = t5*x'`), so the picture shows the matrix
/// rules themselves: the adjoint of a product is a product with a transpose.
package struct MatrixPicture {
    package let graph: MatrixGraph
    /// Each node's name: the program's, a number for a scalar constant, `v̄` for the adjoint of
    /// `v`, else `t1`, `t2`, …; empty for a node no output needs.
    package let names: [String]
    /// Whether each node is drawn: the outputs need it and it is no scalar constant (those are
    /// written in the formulas).
    package let drawn: [Bool]
    /// The nodes of the reverse sweep (nil for a function's graph).
    package let sweep: [Bool]?
    /// What each output is called (`E`, `dE/dW1`).
    package let outputLabels: [String]

    /// The picture of `graph`, its outputs called `outputLabels`; with `sweep` (the sweep that made
    /// `graph`), the nodes after the function's are the reverse sweep's.
    package init(_ graph: MatrixGraph, outputLabels: [String], sweep: MatrixSweep? = nil) {
        self.graph = graph
        self.outputLabels = outputLabels
        var needed = [Bool](repeating: false, count: graph.count)
        for o in graph.outputs { needed[o] = true }
        for i in stride(from: graph.count - 1, through: 0, by: -1) where needed[i] {
            for a in graph[i].arguments { needed[a] = true }
        }
        drawn = (0..<graph.count).map { needed[$0] && graph.scalarConstant($0) == nil }
        var names = [String](repeating: "", count: graph.count)
        for i in 0..<graph.count where needed[i] {
            if let c = graph.scalarConstant(i) { names[i] = c < 0 ? "(\(formatNumber(c)))" : formatNumber(c) }
            if let n = graph.names[i] { names[i] = n }
        }
        // The function's output is called what the command calls it.
        let out = graph.outputs[0]
        if names[out].isEmpty { names[out] = outputLabels[0] }
        // Temporaries are numbered in graph order, the function's first, skipping the program's names.
        let taken = Set(graph.names.compactMap { $0 })
        var temporary = 0
        func nameTemporaries(_ nodes: Range<Int>) {
            for i in nodes where needed[i] && names[i].isEmpty {
                repeat { temporary += 1 } while taken.contains("t\(temporary)")
                names[i] = "t\(temporary)"
            }
        }
        let function = sweep?.function ?? graph.count
        nameTemporaries(0..<function)
        if let sweep {
            // Each adjoint after the node it belongs to, the one nearest the output first.
            for i in stride(from: function - 1, through: 0, by: -1) where !graph[i].arguments.isEmpty || graph.names[i] != nil {
                guard let a = sweep.adjoints[i], a >= function, needed[a], names[a].isEmpty, graph.scalarConstant(i) == nil else { continue }
                if case .constant = graph[i].operation { continue }
                names[a] = MatrixPicture.bar(names[i])
            }
            self.sweep = (0..<graph.count).map { $0 >= function }
        } else {
            self.sweep = nil
        }
        nameTemporaries(function..<graph.count)
        self.names = names
    }

    /// `v̄`: a bar over the name's first letter (`W̄1`), as `deriv trace` writes adjoints.
    static func bar(_ name: String) -> String { String(name.first!) + "\u{0304}" + name.dropFirst() }

    /// The node's box's first line: `name = formula  rows×columns`, an input `name  rows×columns`,
    /// a constant's entries when it has at most `listedEntries` of them.
    package func title(_ i: Int) -> String {
        let node = graph[i]
        var text = names[i]
        switch node.operation {
        case .input: break
        case .constant(let k):
            if node.shape.count <= MatrixPicture.listedEntries {
                text += " = " + MatrixPicture.entries(Matrix(node.shape, graph.constants[k]), format: formatNumber)
            }
        default: text += " = " + graph.formula(i, names)
        }
        return text + "  " + MatrixPicture.size(node.shape)
    }

    /// `2×3`.
    package static func size(_ s: MatrixShape) -> String { "\(s.rows)×\(s.columns)" }

    /// A constant's entries are written out up to this many.
    static let listedEntries = 6

    /// A value as lines of text: a scalar `value 0.298371`; a vector of up to 6 entries on one line
    /// (`value [0.593, 0.597]`, a row with `'`); a matrix of up to 4 × 4 a row a line, the entries of
    /// each column aligned; anything larger as its first entries, its size and its norm
    /// (`value [[0.1, 0.2, 0.3, …], …] (500×1000, norm 12.3)`). Entries to 6 significant digits:
    /// `--json` has every digit.
    package static func valueLines(_ m: Matrix, label: String = "value") -> [String] {
        let (rows, columns) = (m.shape.rows, m.shape.columns)
        let vector = rows == 1 || columns == 1
        if m.shape.isScalar { return [label + " " + short(m.entries[0])] }
        if vector && m.shape.count <= 6 { return [label + " " + entries(m, format: short)] }
        if !vector && rows <= 4 && columns <= 4 {
            // Non-breaking spaces, which SVG keeps, align the columns of centred lines.
            let numbers = m.entries.map(short)
            let widths = (0..<columns).map { j in (0..<rows).map { numbers[$0 * columns + j].count }.max() ?? 0 }
            let pad = { (n: Int) in String(repeating: "\u{00A0}", count: n) }
            return (0..<rows).map { r in
                let row = (0..<columns).map { j in
                    let s = numbers[r * columns + j]
                    return pad(widths[j] - s.count) + s
                }.joined(separator: ", ")
                return (r == 0 ? label + " [[" : pad(label.count + 2) + "[") + row + "]" + (r == rows - 1 ? "]" : ",")
            }
        }
        let first = m.entries.prefix(3).map(short).joined(separator: ", ") + ", …"
        let norm = m.entries.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let start = vector ? "[" + first + "]" + (rows == 1 ? "'" : "") : "[[" + first + "], …]"
        return [label + " " + start + " (" + size(m.shape) + ", norm " + short(norm) + ")"]
    }

    /// `[1, 2]` (a row `[1, 2]'`), `[[1, 2], [3, 4]]`, as the language writes literals.
    static func entries(_ m: Matrix, format: (Double) -> String) -> String {
        let e = m.entries.map(format)
        if m.shape.columns == 1 { return "[" + e.joined(separator: ", ") + "]" }
        if m.shape.rows == 1 { return "[" + e.joined(separator: ", ") + "]'" }
        let n = m.shape.columns
        return "[" + (0..<m.shape.rows).map { "[" + e[($0 * n)..<(($0 + 1) * n)].joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    /// A number to 6 significant digits (`formatNumber` of the rounded value).
    static func short(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return formatNumber(v) }
        var exponent = 0, a = abs(v)
        while a >= 10 { a /= 10; exponent += 1 }
        while a < 1 { a *= 10; exponent -= 1 }
        // 10^k is exact for |k| ≤ 22; beyond, every digit is written.
        let k = 5 - exponent
        guard abs(k) <= 22 else { return formatNumber(v) }
        var scale = 1.0
        for _ in 0..<abs(k) { scale *= 10 }
        return formatNumber(k >= 0 ? (v * scale).rounded() / scale : (v / scale).rounded() * scale)
    }

    /// How `deriv graph`'s listing names node `i`'s operation (`matmul`, `sigmoid`).
    package func operation(_ i: Int) -> String { graph[i].operation.label }

    /// The nodes drawn, in graph order.
    package var drawnNodes: [Int] { (0..<graph.count).filter { drawn[$0] } }

    /// A box's first line: the node's `title`, and the labels of the outputs it is (when other
    /// than its name), `(output dE/dW1)`.
    func boxTitle(_ i: Int) -> String {
        let others = zip(graph.outputs, outputLabels).filter { $0.0 == i && $0.1 != names[i] }.map(\.1)
        return title(i) + (others.isEmpty ? "" : "  (output " + others.joined(separator: ", ") + ")")
    }

    /// The drawing, each box's title followed by the lines `lines` gives for its node, each edge
    /// labelled by `label` (head node, argument): the reverse sweep's titles in the derivative colour.
    package func svg(lines: (Int) -> [GraphSVG.Line] = { _ in [] }, label: (Int, Int) -> GraphSVG.Line? = { _, _ in nil }) -> GraphSVG {
        var index = [Int](repeating: -1, count: graph.count)
        var nodes: [GraphSVG.Node] = []
        var edges: [GraphSVG.Edge] = []
        let outputs = Set(graph.outputs)
        for i in drawnNodes {
            let node = graph[i]
            let leaf = node.arguments.isEmpty
            index[i] = nodes.count
            let role: GraphSVG.Line.Role = sweep?[i] == true ? .derivative : .formula
            nodes.append(GraphSVG.Node(node: NodeID(i), lines: [GraphSVG.Line(boxTitle(i), role)] + lines(i),
                                       isInput: leaf, isOutput: outputs.contains(i)))
            for (k, a) in node.arguments.enumerated() where index[a] >= 0 {
                let l = label(i, k)
                edges.append(GraphSVG.Edge(tail: index[a], head: nodes.count - 1, argument: k, label: l?.text, labelRoom: l?.room ?? 0))
            }
        }
        let inputs = zip(graph.inputNames, graph.inputShapes).map { "\($0) \(MatrixPicture.size($1))" }
        return GraphSVG(nodes: nodes, edges: edges, title: "\(outputLabels[0])(\(inputs.joined(separator: ", ")))")
    }

    /// Graphviz DOT, drawn as `deriv graph --format dot` draws a program of scalars: inputs and
    /// constants as boxes at the bottom, operations as ellipses, outputs with a double border,
    /// the reverse sweep's nodes filled orange; each node's value under its title with `values`.
    package func dot(values: [Matrix?]? = nil) -> String {
        var out = "digraph \(DOTWriter.quote(outputLabels.joined(separator: ", "))) {\n"
        out += "  rankdir=BT;\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n"
        let outputs = Set(graph.outputs)
        for i in drawnNodes {
            var lines = [boxTitle(i)]
            if let m = values?[i] { lines += MatrixPicture.valueLines(m) }
            var attributes = ["label=" + DOTWriter.quote(lines.joined(separator: "\n")),
                              graph[i].arguments.isEmpty ? "shape=box" : "shape=ellipse"]
            if outputs.contains(i) { attributes.append("peripheries=2") }
            if sweep?[i] == true { attributes.append("style=filled, fillcolor=\"#fde3c8\"") }
            out += "  n\(i) [\(attributes.joined(separator: ", "))];\n"
        }
        for i in drawnNodes {
            for a in graph[i].arguments where drawn[a] {
                out += "  n\(a) -> n\(i)" + (sweep?[i] == true ? " [color=\"#e67e22\"]" : "") + ";\n"
            }
        }
        return out + "}\n"
    }

    /// The value of every drawn node at `point` (one matrix per input), from one evaluation.
    package func values(at point: [Matrix]) -> [Matrix?] {
        var g = graph
        let nodes = drawnNodes
        g.outputs = nodes
        var values = [Matrix?](repeating: nil, count: graph.count)
        for (i, m) in zip(nodes, MatrixEvaluator.evaluate(g, inputs: point)) { values[i] = m }
        return values
    }
}
