@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit

/// `deriv eval PROGRAM --at …`: the value of the outputs at a point (or at every point of a CSV
/// file, `--points`).
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "value of the outputs at --at"
    static let options: [Option] = [.at, .points, .skipBad, .of, .dims, .json]

    static func validate(_ options: Options) throws { try options.checkPoints() }

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).eval()
        case .scalar(let s): p = s
        }
        let names = p.graph.outputNames
        if let path = options.points {
            let run = names.count == 1
                ? PointsRun(outputColumns: ["value"], jsonLine: .json(value: "value", group: ("values", names, 0)))
                : PointsRun(outputColumns: names, jsonLine: .json(value: nil, group: ("values", names, 0)))
            return try run.run(p, p.graph, path: path, options, console)
        }
        let point = try InputCheck(p, console).point(options.at)
        let result = try p.evaluate(at: point)
        console.report(result.warnings)
        if options.json {
            // "values" always; "value" too when there is one output (as grad and hessian say it).
            let value: [(String, JSON)] = result.outputs.count == 1 ? [("value", .number(result.outputs[0]))] : []
            console.out(JSON.object(value + [("values", .byName(names, result.outputs))]).rendered + "\n")
        } else if result.outputs.count == 1 {
            console.out(formatNumber(result.outputs[0]) + "\n")
        } else {
            for (name, v) in zip(names, result.outputs) { console.out("\(name) = \(formatNumber(v))\n") }
        }
        return .success
    }
}
