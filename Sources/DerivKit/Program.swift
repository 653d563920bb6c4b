@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
/// A parsed and lowered program: the front door of the library (docs/LIBRARY.md).
///
///     let p = try Program(parsing: "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))")
///     let (value, gradient) = try p.gradient(at: [1.5])
///     let grad = try p.gradientFunction()      // differentiated once, for many points
///
/// Parse errors and name errors throw a `Diagnostic` (its `description` quotes the line with a
/// caret); `wrt` or `outputs` that do not fit the program throw a `SelectionError`; a point, an
/// output or an input that does not fit throws a `DerivError`. `Program` is `Sendable`.
public struct Program: Sendable {
    /// The program's text.
    public let source: SourceFile
    /// The parsed syntax tree.
    package let ast: AST
    /// The function graph: inputs in order, outputs as selected, dead statements removed.
    package let graph: Graph

    /// - Parameters:
    ///   - wrt: inputs that come first, in this order; names the program does not use are kept
    ///     as inputs (their derivative is zero).
    ///   - outputs: assigned names to use as outputs; nil means the last statement.
    public init(parsing text: String, wrt: [String] = [], outputs: [String]? = nil) throws {
        try self.init(source: SourceFile(text), wrt: wrt, outputs: outputs)
    }

    /// The same, from text already wrapped as a `SourceFile` (which diagnostics quote).
    public init(source: SourceFile, wrt: [String] = [], outputs: [String]? = nil) throws {
        let ast: AST
        do { ast = try Parser.parse(source) } catch var d as Diagnostic {
            d.source = source
            throw d
        }
        try self.init(lowering: ast, of: source, wrt: wrt, outputs: outputs)
    }

    /// Lowers an already parsed program (`wrt` and `outputs` as for `init(parsing:)`); the
    /// benchmarks use it to time parsing and lowering apart.
    package init(lowering ast: AST, of source: SourceFile, wrt: [String] = [], outputs: [String]? = nil) throws {
        self.source = source
        self.ast = ast
        do {
            let lowered = try Lowering(source: source, ast: ast).lower(inputOrder: wrt, outputs: outputs)
            graph = lowered.graph.pruned()
        } catch var d as Diagnostic {
            d.source = source
            throw d
        }
    }

    /// The inputs, in the program's one order (grammar/deriv.ebnf, "Names"): those `wrt` names,
    /// then the declared ones (`x, y: scalar`) in declaration order, then the rest in natural
    /// order (`precedesNaturally`: `x1 < x2 < x10`). Points and gradients follow it.
    public var inputs: [String] { graph.inputs }

    /// The outputs' names, in order.
    public var outputs: [String] { graph.outputNames }

    /// The functions the language knows (`sin`, `atan2`, `max`, …; docs/LANGUAGE.md), sorted.
    public static var functionNames: [String] { Op.functionNames }

    /// Values of the outputs at a point given as one value per input, with the evaluation's
    /// warnings (log(0), …).
    public func evaluate(at point: [Double]) throws -> Evaluation {
        try checkPoint(point)
        return Evaluator.evaluate(graph, inputs: point)
    }

    /// Value and gradient of output `output` with respect to all inputs. This differentiates on
    /// every call: for many points, make a `gradientFunction` once.
    public func gradient(at point: [Double], output: Int = 0, mode: Mode = .reverse) throws
        -> (value: Double, gradient: [Double]) {
        try checkOutput(output)
        try checkPoint(point)
        let g = Derivatives.gradient(graph, output: output, wrt: Array(inputs.indices), mode: mode)
        let r = Evaluator.evaluate(g, inputs: point).outputs
        return (r[0], Array(r.dropFirst()))
    }

    /// Value, gradient and Hessian-vector product H·v of output `output`, by forward mode over
    /// reverse mode along `direction` (`Derivatives.hvp`): about the cost of a few gradients,
    /// never the whole Hessian. `wrt` (input names, default all) orders the gradient and H·v;
    /// `direction` has one entry per `wrt` input. `warnings` are the evaluation's (log(0), …).
    public func hessianVectorProduct(at point: [Double], direction: [Double], output: Int = 0, wrt: [String]? = nil) throws
        -> (value: Double, gradient: [Double], hvp: [Double], warnings: [Diagnostic]) {
        let wrt = try inputIndices(wrt)
        try checkOutput(output)
        try checkPoint(point)
        try checkLength(direction, of: "the direction", expected: wrt.count)
        let g = Derivatives.hvp(graph, output: output, wrt: wrt)
        let r = Evaluator.evaluate(g, inputs: point + direction)
        let n = wrt.count
        return (r.outputs[0], Array(r.outputs[1..<(n + 1)]), Array(r.outputs[(n + 1)...]), r.warnings)
    }

    /// The indices of the inputs `names` (all inputs when nil), in that order.
    func inputIndices(_ names: [String]?) throws -> [Int] {
        guard let names else { return Array(inputs.indices) }
        let index = Dictionary(inputs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        return try names.map { name in
            guard let i = index[name] else {
                throw DerivError.unknownInput(name, suggestion: closestName(to: name, among: inputs))
            }
            guard seen.insert(name).inserted else { throw DerivError.inputTwice(name) }
            return i
        }
    }

    func checkOutput(_ output: Int) throws {
        guard graph.outputs.indices.contains(output) else {
            throw DerivError.outputOutOfRange(index: output, count: graph.outputs.count)
        }
    }

    func checkPoint(_ point: [Double]) throws {
        try checkLength(point, of: "the point", expected: inputs.count)
    }
}

/// Throws `DerivError.wrongLength` unless `values` has `expected` entries.
func checkLength(_ values: [Double], of what: @autoclosure () -> String, expected: Int) throws {
    guard values.count == expected else { throw DerivError.wrongLength(of: what(), expected: expected, given: values.count) }
}
