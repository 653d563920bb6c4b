@_spi(DerivCore) import DerivCore
/// A program over vectors and matrices as a graph: one node per matrix operation (not per
/// entry), each with its shape, in topological order (docs/MATRICES.md). Derivatives extend a
/// graph with more nodes and outputs (`MatrixDerivatives`); `MatrixEvaluator` runs it.
package struct MatrixGraph: Sendable {
    /// One operation, its arguments (indices of earlier nodes) and the shape of its value.
    package struct Node: Sendable {
        package var operation: MatrixOperation
        package var arguments: [Int]
        package var shape: MatrixShape
    }

    package internal(set) var nodes: [Node] = []
    /// The entries of each constant, row by row.
    package internal(set) var constants: [[Double]] = []
    /// The inputs, in the program's order, with their shapes.
    package internal(set) var inputNames: [String] = []
    package internal(set) var inputShapes: [MatrixShape] = []
    /// The nodes whose values the graph gives.
    package var outputs: [Int] = []
    /// The name of each node the program names (an input, a statement's target), nil for the others.
    package internal(set) var names: [String?] = []

    package var count: Int { nodes.count }
    package subscript(i: Int) -> Node { nodes[i] }

    /// The number a node stands for when it is a scalar constant.
    package func scalarConstant(_ i: Int) -> Double? {
        guard case .constant(let k) = nodes[i].operation, nodes[i].shape.isScalar else { return nil }
        return constants[k][0]
    }
}

/// Builds a `MatrixGraph` node by node. It is the algebra `Op.partial` writes an elementwise
/// operation's partials in (`DerivativeAlgebra`): a value is a node, and a scalar rule applies
/// entry by entry.
///
/// Equal operations over equal arguments are one node (hash-consing), an operation on scalar
/// constants is folded into its value (`Op.evaluate`, as the interpreter would compute it),
/// `x*1` and `x^1` are `x`, `x + x` is `2*x`, a product with a 1 × 1 factor is a scaling and the transpose of a transpose
/// (or of a scalar) is the value itself: rewrites that give the same numbers in IEEE arithmetic.
final class MatrixBuilder: DerivativeAlgebra {
    var graph: MatrixGraph
    /// Scalar constants made so far, by bit pattern, so that each number is one node.
    private var scalars: [UInt64: Int] = [:]
    /// The node of each operation over its arguments made so far.
    private var made: [Key: Int] = [:]

    private struct Key: Hashable {
        let operation: MatrixOperation
        let arguments: [Int]
    }

    init(_ graph: MatrixGraph = MatrixGraph()) {
        self.graph = graph
        for (i, node) in graph.nodes.enumerated() {
            if let c = graph.scalarConstant(i) { scalars[c.bitPattern] = i }
            if !node.arguments.isEmpty { made[Key(operation: node.operation, arguments: node.arguments)] = i }
        }
    }

    func shape(_ i: Int) -> MatrixShape { graph.nodes[i].shape }

    /// Gives node `i` the name `name` unless it has one (the first name given to a value keeps it).
    func name(_ i: Int, _ name: String) {
        if graph.names[i] == nil { graph.names[i] = name }
    }

    func input(named name: String, _ shape: MatrixShape) -> Int {
        graph.inputNames.append(name)
        graph.inputShapes.append(shape)
        let i = append(.input(graph.inputNames.count - 1), [], shape)
        graph.names[i] = name
        return i
    }

    func constant(_ m: Matrix) -> Int {
        if m.shape.isScalar { return constant(m.entries[0]) }
        graph.constants.append(m.entries)
        return append(.constant(graph.constants.count - 1), [], m.shape)
    }

    /// A node of `operation` over `arguments`, or why their shapes do not fit it.
    func make(_ operation: MatrixOperation, _ arguments: [Int]) -> Result<Int, MatrixOperation.Mismatch> {
        let key = Key(operation: operation, arguments: arguments)
        if let i = made[key] { return .success(i) }
        switch operation {
        case .transpose where shape(arguments[0]).isScalar:
            return .success(arguments[0])
        case .transpose where graph.nodes[arguments[0]].operation == .transpose:
            return .success(graph.nodes[arguments[0]].arguments[0])
        case .matmul where shape(arguments[0]) == .scalar && shape(arguments[1]).rows == 1
                        || shape(arguments[1]) == .scalar && shape(arguments[0]).columns == 1:
            return .success(mul(arguments[0], arguments[1]))
        default:
            break
        }
        return operation.shape(arguments.map(shape)).map { shape in
            if case .elementwise(let op) = operation {
                // A scalar spread over the shape of the result is the scalar itself: entry by entry
                // operations take scalars.
                if let k = arguments.firstIndex(where: { if case .broadcast(shape) = graph.nodes[$0].operation { true } else { false } }) {
                    var scalarArguments = arguments
                    scalarArguments[k] = graph.nodes[arguments[k]].arguments[0]
                    if let i = try? make(operation, scalarArguments).get(), self.shape(i) == shape { return i }
                }
                let constants = arguments.compactMap(constantValue)
                if constants.count == arguments.count {
                    return constant(op.evaluate(constants[0], constants.count > 1 ? constants[1] : 0, constants.count > 2 ? constants[2] : 0))
                }
                if op == .pow, constantValue(arguments[1]) == 1 { return arguments[0] }
                if op == .add, arguments[0] == arguments[1] { return mul(constant(2), arguments[0]) }
                if op == .mul, arguments.count == 2, let k = arguments.firstIndex(where: { constantValue($0) == 1 }),
                   self.shape(arguments[1 - k]) == shape {
                    return arguments[1 - k]
                }
            }
            let i = append(operation, arguments, shape)
            made[key] = i
            return i
        }
    }

    /// A node whose arguments fit by construction (the derivative rules build only such nodes).
    func node(_ operation: MatrixOperation, _ arguments: [Int]) -> Int {
        switch make(operation, arguments) {
        case .success(let i): return i
        case .failure(let m): preconditionFailure("a derivative rule built a mismatched node: \(m.message)")
        }
    }

    private func append(_ operation: MatrixOperation, _ arguments: [Int], _ shape: MatrixShape) -> Int {
        graph.nodes.append(MatrixGraph.Node(operation: operation, arguments: arguments, shape: shape))
        graph.names.append(nil)
        return graph.nodes.count - 1
    }

    // MARK: DerivativeAlgebra

    func constant(_ c: Double) -> Int {
        if let i = scalars[c.bitPattern] { return i }
        graph.constants.append([c])
        let i = append(.constant(graph.constants.count - 1), [], .scalar)
        scalars[c.bitPattern] = i
        return i
    }

    func constantValue(_ x: Int) -> Double? { graph.scalarConstant(x) }

    func apply(_ op: Op, _ x: Int, _ y: Int?, _ z: Int?) -> Int {
        node(.elementwise(op), [x] + [y, z].compactMap { $0 })
    }
}
