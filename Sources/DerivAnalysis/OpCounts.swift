@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
/// Operation counts by kind: the measure `deriv ops` reports. One operation is one arithmetic
/// operation or one elementary-function call in an SSA graph; inputs and constants are free.
public struct OpCount: Equatable, Sendable {
    /// The kinds that cost something, in the order reports list them.
    public static let kinds: [CostClass] = CostClass.allCases.filter { $0 != .free }

    private var counts: [Int]

    package init() { counts = Array(repeating: 0, count: CostClass.allCases.count) }

    /// The operations of one kind.
    public subscript(kind: CostClass) -> Int {
        get { counts[CostClass.allCases.firstIndex(of: kind)!] }
        set { counts[CostClass.allCases.firstIndex(of: kind)!] = newValue }
    }

    /// All operations (the free kind holds none).
    public var total: Int { counts.reduce(0, +) }

    /// Kind by kind: what `a` costs beyond `b`.
    package static func - (a: OpCount, b: OpCount) -> OpCount {
        var d = OpCount()
        for (i, (x, y)) in zip(a.counts, b.counts).enumerated() { d.counts[i] = x - y }
        return d
    }
}

extension Graph {
    /// The operations of this graph by kind (`Op.info.cost`).
    package func opCount() -> OpCount {
        var c = OpCount()
        for n in nodes where !n.op.isLeaf { c[n.op.info.cost] += 1 }
        return c
    }
}

/// What the full Jacobian of a function costs in forward mode and in reverse mode, in the
/// classical model of the seeds: evaluate the function once, then run one forward sweep per
/// input or one reverse sweep per output.
///
/// **One sweep** is measured as the operations its derivative graph adds to the function graph,
/// both simplified (`Graph.simplified()`), for a *general* direction:
/// - forward: the Jacobian-vector product J·ẋ with the tangents ẋ as free inputs (`Derivatives.jvp`);
/// - reverse: the vector-Jacobian product ȳᵀ·J with the cotangents ȳ as free inputs (`Derivatives.vjp`).
///
/// A general direction, rather than a unit seed, is what a sweep costs when nothing is known
/// about the seed: with a unit seed the graph builder would drop every term a zero tangent
/// touches, and a sparse function (Rosenbrock's) would look as cheap in forward mode as in
/// reverse, which says more about its sparsity than about the two modes. One number per mode
/// also keeps the totals exact: `total = sweeps × opsPerSweep + function ops`.
public struct CostAnalysis: Sendable {
    /// What one mode costs: how many sweeps the full Jacobian takes, and their operations.
    public struct Sweeps: Sendable {
        /// Forward or reverse.
        public let mode: Mode
        /// n for forward mode, m for reverse mode.
        public let sweeps: Int
        /// The operations one sweep adds to the function, by kind.
        public let perSweep: OpCount
        /// sweeps × perSweep.total + the function's operations.
        public let total: Int
    }

    /// The inputs differentiated with respect to (n of them) and the outputs (m).
    public let inputs: [String]
    /// The outputs' names.
    public let outputs: [String]
    /// The simplified function graph's operations.
    public let function: OpCount
    /// The full Jacobian in forward mode: one sweep per input.
    public let forward: Sweeps
    /// The full Jacobian in reverse mode: one sweep per output.
    public let reverse: Sweeps
    /// Input → output paths of the simplified function graph (inputs as in `inputs`).
    public let paths: [PathCount]
    /// The sum of `paths`.
    public let pathTotal: PathCount
    /// Edges from inputs or operations to operations: the local partials a sweep multiplies.
    public let edges: Int

    /// - Parameter wrt: the input indices to differentiate with respect to.
    package init(_ graph: Graph, wrt: [Int]) {
        let g = graph.simplified()
        inputs = wrt.map { g.inputs[$0] }
        outputs = g.outputNames
        function = g.opCount()
        let forwardSweep = Derivatives.jvp(g, wrt: wrt).simplified().opCount() - function
        let reverseSweep = Derivatives.vjp(g, wrt: wrt).simplified().opCount() - function
        forward = Sweeps(mode: .forward, sweeps: wrt.count, perSweep: forwardSweep,
                         total: wrt.count * forwardSweep.total + function.total)
        reverse = Sweeps(mode: .reverse, sweeps: g.outputs.count, perSweep: reverseSweep,
                         total: g.outputs.count * reverseSweep.total + function.total)
        let counts = g.pathCounts()
        paths = wrt.map { counts.byInput[$0] }
        pathTotal = paths.reduce(into: PathCount.zero) { $0 += $1 }
        edges = counts.edges
    }

    /// The mode with the smaller total, nil when they cost the same.
    public var cheaper: Mode? {
        forward.total == reverse.total ? nil : (forward.total < reverse.total ? .forward : .reverse)
    }

    /// The larger total over the smaller (1 when they are equal or both zero).
    public var factor: Double {
        let lo = Swift.min(forward.total, reverse.total), hi = Swift.max(forward.total, reverse.total)
        return lo == 0 ? (hi == 0 ? 1 : .infinity) : Double(hi) / Double(lo)
    }
}
