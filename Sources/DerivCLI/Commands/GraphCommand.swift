import DerivKit

/// `deriv graph PROGRAM`: the SSA graph as a numbered listing (`--format ssa`, the default) or
/// as Graphviz DOT (`--format dot`). `--at` adds each value (and, in DOT, the value and local
/// partial on each edge); `--grad` shows the reverse-mode gradient graph instead, its derivative
/// nodes marked.
enum GraphCommand: Command {
    enum Format: String, CaseIterable { case ssa, dot }

    static let name = "graph"
    static let summary = "the SSA graph: --format ssa|dot, values with --at, the adjoint graph with --grad"
    static let options: [OptionSpec] = [.graphFormat, .at, .grad, .wrt, .of]

    static func run(_ context: Context) throws -> ExitStatus {
        let format = try context.invocation.choice("--format", default: Format.ssa)
        let p = try context.program()
        let gradient = context.invocation.has("--grad")
        if gradient, p.graph.outputs.count != 1 {
            throw UsageError("--grad draws the gradient of one output; choose it with --of")
        }
        let listing = GraphListing(gradient ? Derivatives.gradient(p.graph, wrt: context.differentiationInputs(p)).simplified()
                                            : p.graph)
        // In the gradient graph, what the function's value does not need is the reverse sweep.
        let sweepNodes = gradient ? listing.needed(byFirstOutputs: 1).map { !$0 } : nil
        var values: [Double]?
        if context.invocation.value("--at") != nil {
            let evaluation = Evaluator.evaluate(listing.graph, inputs: try context.point(for: p))
            context.report(evaluation.warnings)
            values = evaluation.values
        }
        switch format {
        case .ssa: context.io.out(listing.ssa(values: values, sweepNodes: sweepNodes))
        case .dot: context.io.out(DOTWriter(listing, values: values, sweepNodes: sweepNodes).text)
        }
        return .success
    }
}

extension OptionSpec {
    static let graphFormat = OptionSpec("--format", "ssa|dot", "a numbered SSA listing (default), or Graphviz DOT")
    static let grad = OptionSpec("--grad", nil, "show the reverse-mode gradient graph, its derivative nodes marked")
}
