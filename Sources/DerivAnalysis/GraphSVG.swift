@_spi(DerivCore) import DerivCore
/// A computational graph drawn as SVG, laid out by `LayeredLayout` (docs/PICTURES.md): inputs on
/// the left as square boxes, one rounded box per operation, outputs on the right with a double
/// border, constants written inline in the formulas. Each box holds lines of text (the formula,
/// the value, the adjoint or tangent), each edge an optional label (its local partial).
///
/// Colours are the Okabe–Ito palette's blue (values) and vermillion (derivatives), which differ
/// in grey as well; every number is written out with what it is (`value -20`, `∂f/∂q 1`), so no
/// meaning rests on colour. The text is monospace, so that a box's width follows from its text.
package struct GraphSVG {
    /// One line of text in a box.
    package struct Line {
        package enum Role: String { case formula, value, derivative }
        package var text: String
        package var role: Role
        /// Room for this many characters (the longest text the line will hold; at least `text`'s).
        package var room: Int

        package init(_ text: String, _ role: Role, room: Int = 0) {
            self.text = text
            self.role = role
            self.room = max(room, text.count)
        }
    }

    package struct Node {
        /// The graph node drawn.
        package var node: NodeID
        package var lines: [Line]
        package var isInput: Bool
        package var isOutput: Bool
    }

    package struct Edge {
        /// Indices into `nodes`.
        package var tail: Int
        package var head: Int
        /// The graph edge: the head's node and which of its arguments.
        package var argument: Int
        package var label: String?
        package var labelRoom: Int
    }

    package var nodes: [Node]
    package var edges: [Edge]
    /// The SVG's title.
    package var title: String

    /// A drawing of boxes and edges made elsewhere (a matrix graph's, `MatrixPicture`); an edge
    /// runs from a lower to a higher index of `nodes`.
    package init(nodes: [Node], edges: [Edge], title: String) {
        self.nodes = nodes
        self.edges = edges
        self.title = title
    }

    /// Every input and operation of `listing`'s graph (and a constant that is an output), with
    /// the lines `lines` gives for each node (after its formula) and the label `label` gives for
    /// each edge (head node, argument, tail node).
    package init(_ listing: GraphListing, lines: (NodeID) -> [Line] = { _ in [] },
                label: (NodeID, Int, NodeID) -> Line? = { _, _, _ in nil }) {
        let g = listing.graph
        var outputNamesOf = [[String]](repeating: [], count: g.count)
        for (o, name) in zip(g.outputs, g.outputNames) { outputNamesOf[Int(o)].append(name) }
        var index = [Int](repeating: -1, count: g.count)
        var nodes: [Node] = []
        var edges: [Edge] = []
        for i in listing.listingOrder {
            let n = g.nodes[i]
            let id = NodeID(i)
            if n.op == .constant && outputNamesOf[i].isEmpty { continue }  // written inline
            var first: String
            switch n.op {
            case .input: first = listing.names[i] ?? ""
            case .constant: first = outputNamesOf[i].joined(separator: ", ") + " = " + listing.operand(id)
            default: first = (listing.names[i] ?? "") + " = " + listing.formulas[i]
            }
            let name = listing.names[i] ?? ""
            let others = outputNamesOf[i].filter { $0 != name && n.op != .constant }
            if !others.isEmpty { first += "  (output " + others.joined(separator: ", ") + ")" }
            index[i] = nodes.count
            nodes.append(Node(node: id, lines: [Line(first, .formula)] + lines(id), isInput: n.op == .input,
                              isOutput: !outputNamesOf[i].isEmpty))
            n.forEachArgument { k, tail in
                guard index[Int(tail)] >= 0 else { return }
                let l = label(id, k, tail)
                edges.append(Edge(tail: index[Int(tail)], head: nodes.count - 1, argument: k, label: l?.text, labelRoom: l?.room ?? 0))
            }
        }
        self.nodes = nodes
        self.edges = edges
        title = GraphListing.signature(outputs: g.outputNames, inputs: g.inputs)
    }

    /// The most nodes a picture draws (`graph --format svg`, `trace --format html`): past it a
    /// picture is not readable, and a page of every step grows too large.
    package static let nodeLimit = 1000

    /// The nodes a picture of `graph` would draw: every node but the constants (written inline).
    package static func drawnNodes(_ graph: Graph) -> Int {
        graph.nodes.reduce(0) { $0 + ($1.op == .constant ? 0 : 1) }
    }

    // MARK: Geometry

    static let fontSize = 12.0
    static let charWidth = 7.3    // monospace at 12px: 0.6 em, and a little room
    static let labelFontSize = 11.0
    static let labelCharWidth = 6.7
    static let lineHeight = 16.0
    static let padding = 8.0

    /// The layout of the boxes and edges.
    package func layout() -> LayeredLayout {
        var spec = LayeredLayout.Spec(
            sizes: nodes.map { node in
                let chars = node.lines.map(\.room).max() ?? 0
                return .init(width: Double(chars) * GraphSVG.charWidth + 2 * GraphSVG.padding,
                             height: Double(node.lines.count) * GraphSVG.lineHeight + GraphSVG.padding)
            },
            edges: edges.map { ($0.tail, $0.head) })
        spec.pinnedRight = nodes.map(\.isOutput)
        spec.labelWidths = edges.map { Double($0.labelRoom) * GraphSVG.labelCharWidth }
        return LayeredLayout(spec)
    }

    // MARK: Writing

    /// The SVG document. With `ids`, each box is `id="n<node>"`, each of its lines
    /// `id="n<node>-<line>"`, each edge `id="e<head>-<argument>"` and its label `…-label`, so a page can
    /// change them (the stepper of `deriv trace --format html`).
    package func svg(ids: Bool = false, standalone: Bool = true) -> String {
        let layout = layout()
        var out = ""
        let w = GraphSVG.number(layout.width), h = GraphSVG.number(layout.height)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
            + " font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"\(GraphSVG.number(GraphSVG.fontSize))\">\n"
        out += "<title>" + GraphSVG.escape(title) + "</title>\n"
        if standalone { out += "<style>" + GraphSVG.style + "</style>\n" }
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\""
            + " markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        // Edges first, so boxes and labels lie on top.
        for (e, edge) in edges.enumerated() {
            let route = layout.routes[e]
            var d = "M" + GraphSVG.point(route[0])
            for k in 1..<route.count {
                let p = route[k - 1], q = route[k]
                let dx = (q.x - p.x) / 2
                d += " C" + GraphSVG.point(.init(x: p.x + dx, y: p.y)) + " " + GraphSVG.point(.init(x: q.x - dx, y: q.y))
                    + " " + GraphSVG.point(q)
            }
            let id = ids ? " id=\"\(edgeID(edge))\"" : ""
            out += "<path class=\"edge\"\(id) d=\"\(d)\" marker-end=\"url(#arrow)\"/>\n"
        }
        for (e, edge) in edges.enumerated() {
            guard let c = layout.labelCenters[e] else { continue }
            let id = ids ? " id=\"\(edgeID(edge))-label\"" : ""
            out += "<text class=\"label\"\(id) x=\"\(GraphSVG.number(c.x))\" y=\"\(GraphSVG.number(c.y + 4))\""
                + " text-anchor=\"middle\">" + GraphSVG.escape(edge.label ?? "") + "</text>\n"
        }
        for (v, node) in nodes.enumerated() {
            let c = layout.centers[v]
            let size = layout.sizes[v]
            let x = c.x - size.width / 2, y = c.y - size.height / 2
            let kind = node.isInput ? "input" : "operation"
            out += "<g class=\"node \(kind)\(node.isOutput ? " output" : "")\"" + (ids ? " id=\"n\(node.node)\"" : "") + ">"
            let corner = node.isInput ? "2" : "8"
            out += "<rect x=\"\(GraphSVG.number(x))\" y=\"\(GraphSVG.number(y))\" width=\"\(GraphSVG.number(size.width))\""
                + " height=\"\(GraphSVG.number(size.height))\" rx=\"\(corner)\"/>"
            if node.isOutput {
                out += "<rect class=\"inner\" x=\"\(GraphSVG.number(x + 3))\" y=\"\(GraphSVG.number(y + 3))\""
                    + " width=\"\(GraphSVG.number(size.width - 6))\" height=\"\(GraphSVG.number(size.height - 6))\" rx=\"\(corner)\"/>"
            }
            for (k, line) in node.lines.enumerated() {
                let baseline = y + GraphSVG.padding / 2 + Double(k) * GraphSVG.lineHeight + 12
                out += "<text class=\"\(line.role.rawValue)\"" + (ids ? " id=\"n\(node.node)-\(k)\"" : "")
                    + " x=\"\(GraphSVG.number(c.x))\" y=\"\(GraphSVG.number(baseline))\" text-anchor=\"middle\">"
                    + GraphSVG.escape(line.text) + "</text>"
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// `e<head>-<argument>`: the edge's id in a page.
    package func edgeID(_ edge: Edge) -> String { "e\(nodes[edge.head].node)-\(edge.argument)" }

    /// The styles of the drawing; a page that holds it may add its own.
    package static let style = """
        .edge{fill:none;stroke:#555;stroke-width:1.2}\
        .node rect{fill:#fff;stroke:#222;stroke-width:1.2}\
        .node.input rect{fill:#f2f2f2}\
        .node .inner{fill:none}\
        .formula{fill:#000}\
        .value{fill:#0072B2}\
        .derivative{fill:#D55E00;font-weight:bold}\
        .label{font-size:11px;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
        """

    static func point(_ p: LayeredLayout.Point) -> String { number(p.x) + "," + number(p.y) }

    /// Coordinates to a tenth of a pixel, without a trailing `.0`.
    static func number(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        let whole = Int(tenths) / 10, frac = abs(Int(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + (frac == 0 ? "" : "." + String(frac))
    }

    /// Text for SVG, HTML and DOT's HTML-like labels: `&`, `<`, `>` and `"` as entities.
    package static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
