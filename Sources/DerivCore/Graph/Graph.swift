/// The index of a node in its graph. Node ids follow topological order: every argument of a
/// node has a smaller id, so passes are plain loops (`for id in ids` forward, reversed for adjoints).
@_spi(DerivCore) public typealias NodeID = Int32

/// One SSA operation: `op(args)`, or a leaf (an input's index or a constant's bits in `payload`).
///
/// 16 bytes: a leaf has no arguments, so its payload shares the storage of arguments `b` and `c`
/// (which read as -1 for a leaf, as `a` is). Graphs of millions of nodes are read at random (each
/// node's arguments), so a third less memory per node is a third fewer bytes to fetch and to clear.
@_spi(DerivCore) public struct Node: Hashable, Sendable {
    @_spi(DerivCore) public let op: Op
    @_spi(DerivCore) public let a: NodeID
    /// Arguments `b` (low half) and `c` (high half), or a leaf's payload: what hashing reads.
    @usableFromInline let bits: UInt64

    @inlinable @_spi(DerivCore) public init(op: Op, a: NodeID = -1, b: NodeID = -1, c: NodeID = -1, payload: UInt64 = 0) {
        self.op = op
        self.a = a
        bits = op.isLeaf ? payload : UInt64(UInt32(bitPattern: b)) | UInt64(UInt32(bitPattern: c)) << 32
    }

    @inlinable @inline(__always) @_spi(DerivCore) public var b: NodeID { op.isLeaf ? -1 : NodeID(truncatingIfNeeded: bits) }
    @inlinable @inline(__always) @_spi(DerivCore) public var c: NodeID { op.isLeaf ? -1 : NodeID(truncatingIfNeeded: bits >> 32) }
    /// An input's index or a constant's bits; 0 for an operation.
    @inlinable @inline(__always) @_spi(DerivCore) public var payload: UInt64 { op.isLeaf ? bits : 0 }

    /// The constant's value, for `.constant` nodes.
    @inlinable @inline(__always) @_spi(DerivCore) public var constantValue: Double { Double(bitPattern: payload) }
    /// The input's index, for `.input` nodes.
    @inlinable @_spi(DerivCore) public var inputIndex: Int { Int(payload) }
    /// True for the constant `v` (compared as numbers, so 0 matches both zeros).
    @inlinable @inline(__always) @_spi(DerivCore) public func isConstant(_ v: Double) -> Bool { op == .constant && constantValue == v }

    /// Argument `i` (0, 1 or 2).
    @inlinable @inline(__always) @_spi(DerivCore) public func argument(_ i: Int) -> NodeID { i == 0 ? a : (i == 1 ? b : c) }

    /// Calls `body` with each argument position and id, without allocating.
    @inlinable @inline(__always) @_spi(DerivCore) public func forEachArgument(_ body: (Int, NodeID) -> Void) {
        let n = op.arity
        if n > 0 { body(0, a) }
        if n > 1 { body(1, b) }
        if n > 2 { body(2, c) }
    }
}

/// A computational graph in SSA form: nodes in topological order, named inputs and outputs, and
/// the program's own variable names for the nodes it assigned (kept for printing and code).
///
/// A Graph is a value; transformations (differentiation, simplification) build new ones with a
/// `GraphBuilder`, so a derivative graph can be evaluated, printed, emitted or differentiated again.
@_spi(DerivCore) public struct Graph: Sendable {
    @_spi(DerivCore) public var nodes: [Node]
    /// Input names; `.input` node payloads index this array.
    @_spi(DerivCore) public var inputs: [String]
    @_spi(DerivCore) public var outputs: [NodeID]
    @_spi(DerivCore) public var outputNames: [String]
    /// Names for nodes: program variables (`a`, `e`), tangents (`a_dot`), adjoints (`a_bar`).
    @_spi(DerivCore) public var names: NodeNames
    /// Where each node came from in the source (an index into `sourceRanges`, or -1).
    @_spi(DerivCore) public var origins: [Int32]
    @_spi(DerivCore) public internal(set) var sourceRanges: [SourceRange]
    /// Nodes `0..<exactPrefix` compute the program as written: `simplified()` keeps them exactly,
    /// so a simplified derivative graph (and the code emitted from it) computes the function's value
    /// bit for bit as `deriv eval` does, and only the derivative nodes are rewritten. Lowering marks
    /// the whole function graph; `Derivatives` marks the copy of the function it starts from.
    @_spi(DerivCore) public var exactPrefix: Int = 0
    /// The inputs after the named ones (numbered from `inputs.count` on) stand in for values
    /// computed outside this graph: input `inputs.count + k` for node `standIns[k]` of the graph
    /// it was cut from (the simplifier's exact prefix, `simplifiedAfterExactPrefix`). They have
    /// no name; what they are is this list.
    @_spi(DerivCore) public internal(set) var standIns: [NodeID] = []

    /// Every field given (the memberwise initializer, for the layers above this one).
    @_spi(DerivCore) public init(nodes: [Node], inputs: [String], outputs: [NodeID], outputNames: [String], names: NodeNames,
                 origins: [Int32], sourceRanges: [SourceRange], exactPrefix: Int = 0, standIns: [NodeID] = []) {
        self.nodes = nodes; self.inputs = inputs; self.outputs = outputs; self.outputNames = outputNames
        self.names = names; self.origins = origins; self.sourceRanges = sourceRanges
        self.exactPrefix = exactPrefix; self.standIns = standIns
    }

    @inlinable @_spi(DerivCore) public var count: Int { nodes.count }
    @inlinable @_spi(DerivCore) public subscript(id: NodeID) -> Node { nodes[Int(id)] }

    @_spi(DerivCore) public func origin(of id: NodeID) -> SourceRange? {
        let o = origins[Int(id)]
        return o >= 0 ? sourceRanges[Int(o)] : nil
    }

    /// The number of operations (non-leaf nodes): the measure `deriv ops` reports.
    @_spi(DerivCore) public var operationCount: Int { nodes.reduce(0) { $0 + ($1.op.isLeaf ? 0 : 1) } }

    /// How often each node is used: as an argument, and as an output.
    @_spi(DerivCore) public var useCounts: [Int32] {
        var uses = [Int32](repeating: 0, count: count)
        for n in nodes { n.forEachArgument { _, a in uses[Int(a)] += 1 } }
        for o in outputs { uses[Int(o)] += 1 }
        return uses
    }

    /// The node of each input (nil for an input the graph does not use), in one pass.
    @_spi(DerivCore) public func inputNodes() -> [NodeID?] {
        var result = [NodeID?](repeating: nil, count: inputs.count + standIns.count)
        for (i, n) in nodes.enumerated() where n.op == .input { result[n.inputIndex] = NodeID(i) }
        return result
    }
}
