import DerivKit

/// `deriv eval PROGRAM --at …`: the value of the outputs at a point (or at every point of a CSV
/// file, `--points`).
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "value of the outputs at --at"
    static let options: [OptionSpec] = [.at, .points, .skipBad, .of, .json]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        let names = p.graph.outputNames
        if let path = try PointsRun.path(context) {
            let run = names.count == 1
                ? PointsRun(outputColumns: ["value"], jsonLine: .json(value: "value", group: ("values", names, 0)))
                : PointsRun(outputColumns: names, jsonLine: .json(value: nil, group: ("values", names, 0)))
            return try run.run(context, p, p.graph, path: path)
        }
        let point = try context.point(for: p)
        let result = p.evaluate(at: point)
        context.report(result.warnings)
        if context.json {
            // "values" always; "value" too when there is one output (as grad and hessian say it).
            let value: [(String, JSON)] = result.outputs.count == 1 ? [("value", .number(result.outputs[0]))] : []
            context.io.out(JSON.object(value + [("values", .byName(names, result.outputs))]).rendered + "\n")
        } else if result.outputs.count == 1 {
            context.io.out(formatNumber(result.outputs[0]) + "\n")
        } else {
            for (name, v) in zip(names, result.outputs) { context.io.out("\(name) = \(formatNumber(v))\n") }
        }
        return .success
    }
}
