@_spi(DerivCore) import DerivCore
/// A matrix graph as a numbered listing (`deriv graph` of a vector or matrix program,
/// docs/MATRICES.md): one line per matrix operation with its shape, so that the size of the
/// listing is that of the program, whatever the sizes of its vectors and matrices.
///
///     # inputs: A matrix(2, 2), x vector(2); outputs: y; 1 operation
///        A = input       # matrix(2, 2)
///        x = input       # vector(2)
///     1  y = matmul A, x  # vector(2)
///     output y
package struct MatrixListing {
    package let graph: MatrixGraph

    package init(_ graph: MatrixGraph) { self.graph = graph }

    /// The listing, the outputs labelled `outputLabels`; with `functionOutputs`, the nodes the
    /// first `functionOutputs` outputs need come under `# function` and the rest under
    /// `# reverse sweep`.
    package func text(outputLabels: [String], sweepAfter functionOutputs: Int? = nil) -> String {
        let needed = neededNodes(by: graph.outputs)
        let function = functionOutputs.map { neededNodes(by: Array(graph.outputs.prefix($0))) }
        var names = [String](repeating: "", count: graph.count)
        var temporary = 0
        for i in 0..<graph.count where needed[i] {
            if let c = graph.scalarConstant(i) { names[i] = formatNumber(c); continue }
            if let n = graph.names[i] { names[i] = n; continue }
            temporary += 1
            names[i] = "t\(temporary)"
        }
        var rows: [(number: String, left: String, shape: String, section: String?)] = []
        var count = 0
        var section: String?
        for i in 0..<graph.count where needed[i] && graph.scalarConstant(i) == nil {
            let node = graph[i]
            if let function {
                let now = function[i] ? "# function" : "# reverse sweep"
                if now != section { section = now; rows.append(("", "", "", now)) }
            }
            let right: String
            var number = ""
            switch node.operation {
            case .input: right = "input"
            case .constant(let k):
                right = node.shape.count <= 6 ? "[" + graph.constants[k].map(formatNumber).joined(separator: ", ") + "]" : "constant"
            default:
                count += 1
                number = String(count)
                right = node.operation.label + " " + node.arguments.map { names[$0] }.joined(separator: ", ")
            }
            rows.append((number, "\(names[i]) = \(right)", "\(node.shape)", nil))
        }
        let numberWidth = rows.map(\.number.count).max() ?? 0
        let leftWidth = rows.map(\.left.count).max() ?? 0
        let inputs = zip(graph.inputNames, graph.inputShapes).map { $1.isScalar ? $0 : "\($0) \($1)" }.joined(separator: ", ")
        var s = "# inputs: \(inputs); outputs: \(outputLabels.joined(separator: ", ")); \(count) operation\(count == 1 ? "" : "s")\n"
        for row in rows {
            let pad = String(repeating: " ", count: numberWidth - row.number.count)
            if let section = row.section { s += pad + String(repeating: " ", count: row.number.count) + "  " + section + "\n"; continue }
            s += pad + row.number + "  " + row.left + String(repeating: " ", count: leftWidth - row.left.count) + "  # " + row.shape + "\n"
        }
        for (label, o) in zip(outputLabels, graph.outputs) {
            s += "output " + (label == names[o] ? label : "\(label) = \(names[o])") + "\n"
        }
        return s
    }

    /// Whether each node is needed by `outputs`.
    private func neededNodes(by outputs: [Int]) -> [Bool] {
        var needed = [Bool](repeating: false, count: graph.count)
        for o in outputs { needed[o] = true }
        for i in stride(from: graph.count - 1, through: 0, by: -1) where needed[i] {
            for a in graph[i].arguments { needed[a] = true }
        }
        return needed
    }
}

extension MatrixGraph {
    /// How the program would write node `i` from its arguments' names `names` (`W1*x`, `t - o`,
    /// `sigmoid(t2)`, `r'`); "" for an input or a constant.
    package func formula(_ i: Int, _ names: [String]) -> String {
        self[i].operation.readable(self[i].arguments.map { names[$0] }, self[i].arguments.map { self[$0].shape })
    }
}
