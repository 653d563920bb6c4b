/// A program over vectors and matrices as a graph: one node per matrix operation (not per
/// entry), each with its shape, in topological order (docs/MATRICES.md). Derivatives extend a
/// graph with more nodes and outputs (`MatrixDerivatives`); `MatrixEvaluator` runs it.
public struct MatrixGraph: Sendable {
    /// One operation, its arguments (indices of earlier nodes) and the shape of its value.
    public struct Node: Sendable {
        public var operation: MatrixOperation
        public var arguments: [Int]
        public var shape: MatrixShape
    }

    public internal(set) var nodes: [Node] = []
    /// The entries of each constant, row by row.
    public internal(set) var constants: [[Double]] = []
    /// The inputs, in the program's order, with their shapes.
    public internal(set) var inputNames: [String] = []
    public internal(set) var inputShapes: [MatrixShape] = []
    /// The nodes whose values the graph gives.
    public var outputs: [Int] = []

    public var count: Int { nodes.count }
    public subscript(i: Int) -> Node { nodes[i] }

    /// The number a node stands for when it is a scalar constant.
    func scalarConstant(_ i: Int) -> Double? {
        guard case .constant(let k) = nodes[i].operation, nodes[i].shape.isScalar else { return nil }
        return constants[k][0]
    }
}

/// Builds a `MatrixGraph` node by node. It is the algebra `Op.partial` writes an elementwise
/// operation's partials in (`DerivativeAlgebra`): a value is a node, and a scalar rule applies
/// entry by entry.
final class MatrixBuilder: DerivativeAlgebra {
    var graph: MatrixGraph
    /// Scalar constants made so far, by bit pattern, so that each number is one node.
    private var scalars: [UInt64: Int] = [:]

    init(_ graph: MatrixGraph = MatrixGraph()) {
        self.graph = graph
        for i in graph.nodes.indices { if let c = graph.scalarConstant(i) { scalars[c.bitPattern] = i } }
    }

    func shape(_ i: Int) -> MatrixShape { graph.nodes[i].shape }

    func input(named name: String, _ shape: MatrixShape) -> Int {
        graph.inputNames.append(name)
        graph.inputShapes.append(shape)
        return append(.input(graph.inputNames.count - 1), [], shape)
    }

    func constant(_ m: Matrix) -> Int {
        if m.shape.isScalar { return constant(m.entries[0]) }
        graph.constants.append(m.entries)
        return append(.constant(graph.constants.count - 1), [], m.shape)
    }

    /// A node of `operation` over `arguments`, or why their shapes do not fit it.
    func make(_ operation: MatrixOperation, _ arguments: [Int]) -> Result<Int, MatrixOperation.Mismatch> {
        operation.shape(arguments.map(shape)).map { append(operation, arguments, $0) }
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
