import DerivKit

/// `deriv grad PROGRAM --at …`: the value and the gradient of one output at a point, by reverse
/// mode (one sweep) or forward mode (one sweep per input).
enum GradCommand: Command {
    static let name = "grad"
    static let summary = "value and gradient at --at (--mode reverse|forward)"
    static let options: [OptionSpec] = [.at, .points, .skipBad, .wrt, .of, .mode, .json]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        if p.graph.outputs.count > 1 {
            throw UsageError("grad takes one output; for several use 'deriv jacobian --of …'")
        }
        let wrt = context.differentiationInputs(p)
        let names = wrt.map { p.inputs[$0] }
        if let path = try PointsRun.path(context) {
            let g = Derivatives.gradient(p.graph, wrt: wrt, mode: try context.invocation.mode())
            return try PointsRun(outputColumns: ["value"] + names.map { "d/d" + $0 },
                                 jsonLine: .json(value: "value", group: ("gradient", names, 1))).run(context, p, g, path: path)
        }
        let point = try context.point(for: p)
        let mode = try context.invocation.mode()
        if mode == .forward { try context.checkForwardModeWork(sweeps: wrt.count, graph: p.graph) }
        let g = Derivatives.gradient(p.graph, wrt: wrt, mode: mode)
        let result = Evaluator.evaluate(g, inputs: point)
        context.report(result.warnings)
        let value = result.outputs[0]
        let gradient = Array(result.outputs.dropFirst())
        if context.json {
            context.io.out(JSON.object([("value", .number(value)), ("gradient", .byName(names, gradient))]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n"
            for (name, d) in zip(names, gradient) { s += "d/d\(name) = \(formatNumber(d))\n" }
            context.io.out(s)
        }
        return .success
    }
}
