@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
/// Functions of a `Program` differentiated once and evaluated at many points: each holds its
/// derivative graph and the batch interpreter's tape of it, so a call is an evaluation, never a
/// differentiation (docs/LIBRARY.md, "Compile once"). They are values, `Sendable`, and check every
/// point (a wrong length throws `DerivError`). Domain trouble gives IEEE results (NaN, ±∞), as
/// the interpreters do; `Program.evaluate(at:)` tells where it came from.
extension Program {
    /// The outputs' values, compiled.
    public func valueFunction() -> ValueFunction {
        ValueFunction(CompiledGraph(graph, pointInputs: inputs.count))
    }

    /// Value and gradient of output `output` with respect to the inputs `wrt` (names, in the
    /// gradient's order; nil: all, in the program's order), by `mode`.
    public func gradientFunction(output: Int = 0, wrt: [String]? = nil, mode: Mode = .reverse) throws -> GradientFunction {
        try checkOutput(output)
        let wrt = try inputIndices(wrt)
        let g = Derivatives.gradient(graph, output: output, wrt: wrt, mode: mode)
        return GradientFunction(CompiledGraph(g, pointInputs: inputs.count), wrt: wrt.map { inputs[$0] })
    }

    /// Values of the outputs `outputs` (indices; nil: all) and their Jacobian with respect to
    /// `wrt` (as for `gradientFunction`), by `mode`.
    public func jacobianFunction(outputs: [Int]? = nil, wrt: [String]? = nil, mode: Mode = .reverse) throws -> JacobianFunction {
        let outputs = outputs ?? Array(graph.outputs.indices)
        for k in outputs { try checkOutput(k) }
        let wrt = try inputIndices(wrt)
        let g = Derivatives.jacobian(graph, outputs: outputs, wrt: wrt, mode: mode)
        return JacobianFunction(CompiledGraph(g, pointInputs: inputs.count), outputCount: outputs.count,
                                wrt: wrt.map { inputs[$0] })
    }

    /// Value, gradient and Hessian of output `output` with respect to `wrt` (as for
    /// `gradientFunction`), forward mode over reverse mode.
    public func hessianFunction(output: Int = 0, wrt: [String]? = nil) throws -> HessianFunction {
        try checkOutput(output)
        let wrt = try inputIndices(wrt)
        let g = Derivatives.hessian(graph, output: output, wrt: wrt)
        return HessianFunction(CompiledGraph(g, pointInputs: inputs.count), wrt: wrt.map { inputs[$0] })
    }

    /// Value, gradient and Hessian-vector product H·v of output `output` with respect to `wrt`
    /// (as for `gradientFunction`): one forward sweep over the reverse one, never the Hessian.
    public func hessianVectorFunction(output: Int = 0, wrt: [String]? = nil) throws -> HessianVectorFunction {
        try checkOutput(output)
        let wrt = try inputIndices(wrt)
        let g = Derivatives.hvp(graph, output: output, wrt: wrt)
        return HessianVectorFunction(CompiledGraph(g, pointInputs: inputs.count), wrt: wrt.map { inputs[$0] })
    }
}

/// The outputs of a program at a point. Call it: `try f([1, 2])`.
public struct ValueFunction: Sendable {
    let compiled: CompiledGraph
    init(_ compiled: CompiledGraph) { self.compiled = compiled }

    /// The outputs at `point` (one value per input of the program).
    public func callAsFunction(_ point: [Double]) throws -> [Double] { try compiled.evaluate(point) }

    /// The outputs at each of `points`, evaluated a block of points at a time.
    public func batch(_ points: [[Double]]) throws -> [[Double]] { try compiled.evaluate(batch: points).map(Array.init) }
}

/// Value and gradient of one output. Call it: `let (value, gradient) = try f(point)`.
public struct GradientFunction: Sendable {
    let compiled: CompiledGraph
    /// The inputs the gradient is taken with respect to, in the gradient's order.
    public let wrt: [String]
    init(_ compiled: CompiledGraph, wrt: [String]) { self.compiled = compiled; self.wrt = wrt }

    /// Value and gradient at `point` (one value per input of the program).
    public func callAsFunction(_ point: [Double]) throws -> (value: Double, gradient: [Double]) {
        split(try compiled.evaluate(point)[...])
    }

    /// Value and gradient at each of `points`, evaluated a block of points at a time.
    public func batch(_ points: [[Double]]) throws -> [(value: Double, gradient: [Double])] {
        try compiled.evaluate(batch: points).map(split)
    }

    private func split(_ r: ArraySlice<Double>) -> (value: Double, gradient: [Double]) {
        (r[r.startIndex], Array(r.dropFirst()))
    }
}

/// Values of the selected outputs and their Jacobian, one row per output.
public struct JacobianFunction: Sendable {
    let compiled: CompiledGraph
    let outputCount: Int
    /// The inputs of the Jacobian's columns, in order.
    public let wrt: [String]
    init(_ compiled: CompiledGraph, outputCount: Int, wrt: [String]) {
        self.compiled = compiled; self.outputCount = outputCount; self.wrt = wrt
    }

    /// Values and Jacobian (`jacobian[output][input]`) at `point`.
    public func callAsFunction(_ point: [Double]) throws -> (values: [Double], jacobian: [[Double]]) {
        split(try compiled.evaluate(point)[...])
    }

    /// Values and Jacobian at each of `points`, evaluated a block of points at a time.
    public func batch(_ points: [[Double]]) throws -> [(values: [Double], jacobian: [[Double]])] {
        try compiled.evaluate(batch: points).map(split)
    }

    private func split(_ r: ArraySlice<Double>) -> (values: [Double], jacobian: [[Double]]) {
        (Array(r.prefix(outputCount)), rows(r.dropFirst(outputCount), rows: outputCount, columns: wrt.count))
    }
}

/// Value, gradient and Hessian of one output.
public struct HessianFunction: Sendable {
    let compiled: CompiledGraph
    /// The inputs of the gradient's entries and the Hessian's rows and columns, in order.
    public let wrt: [String]
    init(_ compiled: CompiledGraph, wrt: [String]) { self.compiled = compiled; self.wrt = wrt }

    /// Value, gradient and Hessian (`hessian[row][column]`) at `point`.
    public func callAsFunction(_ point: [Double]) throws -> (value: Double, gradient: [Double], hessian: [[Double]]) {
        split(try compiled.evaluate(point)[...])
    }

    /// Value, gradient and Hessian at each of `points`, evaluated a block of points at a time.
    public func batch(_ points: [[Double]]) throws -> [(value: Double, gradient: [Double], hessian: [[Double]])] {
        try compiled.evaluate(batch: points).map(split)
    }

    private func split(_ r: ArraySlice<Double>) -> (value: Double, gradient: [Double], hessian: [[Double]]) {
        let n = wrt.count, start = r.startIndex
        return (r[start], Array(r[(start + 1)..<(start + 1 + n)]), rows(r.dropFirst(1 + n), rows: n, columns: n))
    }
}

/// Value, gradient and Hessian-vector product H·v of one output.
public struct HessianVectorFunction: Sendable {
    let compiled: CompiledGraph
    /// The inputs of the gradient's, the direction's and H·v's entries, in order.
    public let wrt: [String]
    init(_ compiled: CompiledGraph, wrt: [String]) { self.compiled = compiled; self.wrt = wrt }

    /// Value, gradient and H·v at `point` along `direction` (one entry per `wrt` input).
    public func callAsFunction(_ point: [Double], direction: [Double]) throws
        -> (value: Double, gradient: [Double], hvp: [Double]) {
        try compiled.checkPoint(point)
        try checkLength(direction, of: "the direction", expected: wrt.count)
        let r = try compiled.evaluate(point + direction)
        let n = wrt.count
        return (r[0], Array(r[1..<(1 + n)]), Array(r[(1 + n)...]))
    }
}

/// A derivative graph and its batch tape: what the compiled functions share. A point holds
/// `pointInputs` values (the program's inputs); the graph may take more after them (H·v's direction).
struct CompiledGraph: Sendable {
    let graph: Graph
    let pointInputs: Int
    let tape: BatchEvaluator

    init(_ graph: Graph, pointInputs: Int) {
        self.graph = graph
        self.pointInputs = pointInputs
        tape = BatchEvaluator(graph)
    }

    func checkPoint(_ point: [Double]) throws {
        try checkLength(point, of: "the point", expected: pointInputs)
    }

    /// The graph's outputs at one point holding every input the graph takes.
    func evaluate(_ inputs: [Double]) throws -> [Double] {
        try checkLength(inputs, of: "the point", expected: graph.inputs.count)
        return Evaluator.evaluate(graph, inputs: inputs).outputs
    }

    /// The graph's outputs at each point (program inputs only), a block of points at a time.
    func evaluate(batch points: [[Double]]) throws -> [ArraySlice<Double>] {
        for (p, point) in points.enumerated() {
            try checkLength(point, of: "point \(p)", expected: graph.inputs.count)
        }
        let columns = (0..<graph.inputs.count).map { k in points.map { $0[k] } }
        let result = tape.evaluate(columns: columns, points: points.count)
        return (0..<points.count).map(result.outputs(at:))
    }
}

/// `flat` (row-major) as `rows` rows of `columns` entries.
private func rows(_ flat: ArraySlice<Double>, rows: Int, columns: Int) -> [[Double]] {
    (0..<rows).map { r in Array(flat.dropFirst(r * columns).prefix(columns)) }
}
