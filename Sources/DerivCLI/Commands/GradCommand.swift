@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit

/// `deriv grad PROGRAM --at …`: the value and the gradient of one output at a point, by reverse
/// mode (one sweep) or forward mode (one sweep per input).
enum GradCommand: Command {
    static let name = "grad"
    static let summary = "value and gradient at --at (--mode reverse|forward)"
    static let options: [Option] = [.at, .points, .skipBad, .wrt, .of, .mode, .dims, .json]

    static func validate(_ options: Options) throws { try options.checkPoints() }

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).grad()
        case .scalar(let s): p = try options.oneOutput(s, for: "grad", hint: "for several use 'deriv jacobian --of …'")
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let names = wrt.map { p.inputs[$0] }
        let mode = options.mode ?? .reverse
        if let path = options.points {
            let g = Derivatives.gradient(p.graph, wrt: wrt, mode: mode)
            return try PointsRun(outputColumns: ["value"] + names.map { "d/d" + $0 },
                                 jsonLine: .json(value: "value", group: ("gradient", names, 1))).run(p, g, path: path, options, console)
        }
        let point = try check.point(options.at)
        if mode == .forward { try WorkLimits.checkForwardMode(sweeps: wrt.count, graph: p.graph) }
        let g = Derivatives.gradient(p.graph, wrt: wrt, mode: mode)
        let result = Evaluator.evaluate(g, inputs: point)
        console.report(result.warnings)
        let value = result.outputs[0]
        let gradient = Array(result.outputs.dropFirst())
        if options.json {
            console.out(JSON.object([("value", .number(value)), ("gradient", .byName(names, gradient))]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n"
            for (name, d) in zip(names, gradient) { s += "d/d\(name) = \(formatNumber(d))\n" }
            console.out(s)
        }
        return .success
    }
}
