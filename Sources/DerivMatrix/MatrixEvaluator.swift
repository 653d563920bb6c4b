/// Runs a `MatrixGraph`: each node's value is computed once, by `MatrixOperation.evaluate`,
/// from its arguments' values; only the nodes the outputs need are evaluated, and a value is
/// freed after its last use.
package enum MatrixEvaluator {
    /// The values of the graph's outputs, given one value per input (in input order, each of
    /// its input's shape).
    package static func evaluate(_ g: MatrixGraph, inputs: [Matrix]) -> [Matrix] {
        precondition(inputs.count == g.inputNames.count, "one value per input")
        // The last node that reads each node; outputs are read at the end.
        var lastUse = [Int](repeating: -1, count: g.count)
        var needed = [Bool](repeating: false, count: g.count)
        for o in g.outputs { needed[o] = true; lastUse[o] = Int.max }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g.nodes[i].arguments {
                needed[a] = true
                lastUse[a] = Swift.max(lastUse[a], i)
            }
        }
        var values = [[Double]](repeating: [], count: g.count)
        for i in 0..<g.count where needed[i] {
            let node = g.nodes[i]
            switch node.operation {
            case .input(let k): values[i] = inputs[k].entries
            case .constant(let k): values[i] = g.constants[k]
            default:
                values[i] = node.operation.evaluate(node.arguments.map { values[$0] },
                                                    node.arguments.map { g.nodes[$0].shape }, node.shape)
            }
            for a in node.arguments where lastUse[a] == i { values[a] = [] }
        }
        return g.outputs.map { Matrix(g.nodes[$0].shape, values[$0]) }
    }
}
