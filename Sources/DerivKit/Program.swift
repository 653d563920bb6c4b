/// A parsed and lowered program: the front door of the library.
///
///     let p = try Program(parsing: "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))")
///     let (value, gradient) = p.gradient(at: [1.5])
///
/// Parse errors and name errors throw a `Diagnostic` (render it with `DiagnosticRenderer`);
/// `wrt` or `outputs` that do not fit the program throw a `SelectionError`.
public struct Program {
    public let source: SourceFile
    public let ast: AST
    /// The function graph: inputs in order, outputs as selected, dead statements removed.
    public let graph: Graph

    /// - Parameters:
    ///   - wrt: inputs that come first, in this order; names the program does not use are kept
    ///     as inputs (their derivative is zero).
    ///   - outputs: assigned names to use as outputs; nil means the last statement.
    public init(parsing text: String, wrt: [String] = [], outputs: [String]? = nil) throws {
        try self.init(source: SourceFile(text), wrt: wrt, outputs: outputs)
    }

    /// The same, from text already wrapped as a `SourceFile` (which diagnostics quote).
    public init(source: SourceFile, wrt: [String] = [], outputs: [String]? = nil) throws {
        try self.init(lowering: try Parser.parse(source), of: source, wrt: wrt, outputs: outputs)
    }

    /// Lowers an already parsed program (`wrt` and `outputs` as for `init(parsing:)`); the
    /// benchmarks use it to time parsing and lowering apart.
    public init(lowering ast: AST, of source: SourceFile, wrt: [String] = [], outputs: [String]? = nil) throws {
        self.source = source
        self.ast = ast
        let lowered = try Lowering(source: source, ast: ast).lower(inputOrder: wrt, outputs: outputs)
        graph = lowered.graph.pruned()
    }

    /// The inputs, in the program's one order (grammar/deriv.ebnf, "Names"): those `wrt` names,
    /// then the declared ones (`x, y: scalar`) in declaration order, then the rest in natural
    /// order (`precedesNaturally`: `x1 < x2 < x10`). Points and gradients follow it.
    public var inputs: [String] { graph.inputs }

    /// Values of the outputs at a point given as one value per input.
    public func evaluate(at point: [Double]) -> Evaluation {
        Evaluator.evaluate(graph, inputs: point)
    }

    /// Value and gradient of output `output` with respect to all inputs.
    public func gradient(at point: [Double], output: Int = 0, mode: Mode = .reverse) -> (value: Double, gradient: [Double]) {
        let g = Derivatives.gradient(graph, output: output, wrt: Array(inputs.indices), mode: mode)
        let r = Evaluator.evaluate(g, inputs: point).outputs
        return (r[0], Array(r.dropFirst()))
    }

    /// Value, gradient and Hessian-vector product H·v of output `output`, by forward mode over
    /// reverse mode along `direction` (`Derivatives.hvp`): about the cost of a few gradients,
    /// never the whole Hessian. `wrt` (input indices, default all) orders the gradient and H·v;
    /// `direction` has one entry per `wrt` input. `warnings` are the evaluation's (log(0), …).
    public func hessianVectorProduct(at point: [Double], direction: [Double], output: Int = 0, wrt: [Int]? = nil)
        -> (value: Double, gradient: [Double], hvp: [Double], warnings: [Diagnostic]) {
        let wrt = wrt ?? Array(inputs.indices)
        let g = Derivatives.hvp(graph, output: output, wrt: wrt)
        let r = Evaluator.evaluate(g, inputs: point + direction)
        let n = wrt.count
        return (r.outputs[0], Array(r.outputs[1..<(n + 1)]), Array(r.outputs[(n + 1)...]), r.warnings)
    }
}
