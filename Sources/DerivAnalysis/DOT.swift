@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
/// Graphviz DOT of a computational graph, drawn bottom-up like the seeds' figures: inputs at
/// the bottom as boxes, one ellipse per operation labelled `name = formula`, outputs with a
/// double border, constants written inline in the formulas (they are not nodes of their own).
///
/// With values (`--at`), every node shows its value and every edge carries, as in seed 000's
/// figure, the value flowing along it (red) and the local partial of its head with respect to
/// its tail (`∂a/∂x = 3`), so the chain rule can be read off the picture: the derivative along
/// a path is the product of its edges' partials, and summing over paths gives the gradient.
///
/// Nodes marked as sweep nodes (the reverse-mode part of a gradient graph) are filled orange and
/// their incoming edges drawn orange; those edges carry only the value (the local partials that
/// matter are the function's, which the sweep nodes compute).
package struct DOTWriter {
    package let listing: GraphListing
    /// Each node's value at a point, or nil for a drawing without numbers.
    package let values: [Double]?
    /// The nodes to draw as derivative (sweep) nodes; nil or false for function nodes.
    package let sweepNodes: [Bool]?

    package init(_ listing: GraphListing, values: [Double]? = nil, sweepNodes: [Bool]? = nil) {
        self.listing = listing
        self.values = values
        self.sweepNodes = sweepNodes
    }

    package var text: String {
        let g = listing.graph
        var out = "digraph \(DOTWriter.quote(g.outputNames.joined(separator: ", "))) {\n"
        out += "  rankdir=BT;\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n"
        var outputNamesOf: [NodeID: [String]] = [:]
        for (o, name) in zip(g.outputs, g.outputNames) { outputNamesOf[o, default: []].append(name) }

        for i in listing.listingOrder {
            let n = g.nodes[i]
            let id = NodeID(i)
            if n.op == .constant { continue }
            let name = listing.names[i] ?? ""
            var lines = [n.op == .input ? name : name + " = " + listing.formulas[i]]
            if let v = values?[i] { lines.append(formatNumber(v)) }
            for o in outputNamesOf[id] ?? [] where o != name { lines.append("output " + o) }
            var attributes = ["label=" + DOTWriter.quote(lines.joined(separator: "\n"))]
            attributes.append(n.op == .input ? "shape=box" : "shape=ellipse")
            if outputNamesOf[id] != nil { attributes.append("peripheries=2") }
            if sweepNodes?[i] == true { attributes.append("style=filled, fillcolor=\"#fde3c8\"") }
            out += "  n\(i) [\(attributes.joined(separator: ", "))];\n"
        }
        // Constants that are outputs themselves (a zero gradient) still need a node.
        for (o, names) in outputNamesOf.sorted(by: { $0.key < $1.key }) where g[o].op == .constant {
            let label = names.joined(separator: ", ") + " = " + listing.operand(o)
            out += "  n\(o) [label=\(DOTWriter.quote(label)), shape=plaintext, peripheries=2];\n"
        }
        // The partials as the sweeps build them, at the inputs' values.
        let partials = values.map { v in LocalPartials(g, at: g.inputNodes().map { $0.map { v[Int($0)] } ?? 0 }) }
        for i in 0..<g.count {
            let n = g.nodes[i]
            let head = NodeID(i)
            n.forEachArgument { k, tail in
                guard g[tail].op != .constant else { return }
                let sweep = sweepNodes?[i] == true
                var attributes: [String] = []
                if let values {
                    var label = "<font color=\"red\">" + GraphSVG.escape(formatNumber(values[Int(tail)])) + "</font>"
                    if !sweep {
                        let partial = partials?[head, argument: k] ?? 0
                        label += "<br/>" + GraphSVG.escape("∂" + listing.operand(head) + "/∂" + listing.operand(tail)
                                                          + " = " + formatNumber(partial))
                    }
                    attributes.append("label=<" + label + ">")
                }
                if sweep { attributes.append("color=\"#e67e22\"") }
                out += "  n\(tail) -> n\(i)" + (attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]") + ";\n"
            }
        }
        return out + "}\n"
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (centred lines).
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
