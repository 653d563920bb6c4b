@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit

/// `deriv jacobian PROGRAM --of f,g`: the Jacobian of the outputs. Without `--at`, the formulas
/// (`df/dx = …`, printed as `diff` prints them); with `--at`, the numbers, by `--mode reverse`
/// (one sweep per output, the default) or `forward` (one sweep per input). `--json` gives either
/// in one shape: `"jacobian"` holds numbers at a point, formulas (over `"shared"`) without one.
enum JacobianCommand: Command {
    static let name = "jacobian"
    static let summary = "Jacobian of the outputs (--of f,g): formulas, or numbers at --at"
    static let options: [Option] = [.at, .wrt, .of, .mode, .dims, .json, .formulaFormat, .inline]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m) where options.at != nil: return try MatrixRun(m, options, console).jacobian()
        case .matrix: p = try options.program()
        case .scalar(let s): p = s
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let outputs = Array(p.graph.outputs.indices)
        let functions = p.graph.outputNames
        let variables = wrt.map { p.inputs[$0] }
        guard let at = options.at else {
            let formulas = try DerivativeListings.jacobianFormulas(p, wrt: wrt, format: options.formulaFormat ?? .text,
                                                                   inline: options.inline)
            if options.json {
                console.out(JSON.object([
                    ("inputs", .strings(variables)), ("outputs", .strings(functions)), ("shared", .shared(formulas)),
                    ("jacobian", .matrix(formulas.printer.outputs.map { .string($0) }, rows: functions.count, columns: variables.count)),
                ]).rendered + "\n")
            } else {
                console.out(formulas.printer.lines(formulas.labels))
            }
            return .success
        }
        let point = try check.point(at)
        let j = Derivatives.jacobian(p.graph, outputs: outputs, wrt: wrt, mode: options.mode ?? .reverse)
        let result = Evaluator.evaluate(j, inputs: point)
        console.report(result.warnings)
        let m = outputs.count, n = wrt.count
        let values = Array(result.outputs[0..<m])
        let rows = (0..<m).map { r in Array(result.outputs[(m + r * n)..<(m + (r + 1) * n)]) }
        if options.json {
            console.out(JSON.object([
                ("inputs", .strings(variables)),
                ("outputs", .strings(functions)),
                ("values", .byName(functions, values)),
                ("jacobian", .matrix(result.outputs[m...].map { .number($0) }, rows: m, columns: n)),
            ]).rendered + "\n")
        } else {
            var s = ""
            for (f, v) in zip(functions, values) { s += "\(f) = \(formatNumber(v))\n" }
            for (f, row) in zip(functions, rows) {
                for (x, v) in zip(variables, row) { s += "d\(f)/d\(x) = \(formatNumber(v))\n" }
            }
            console.out(s)
        }
        return .success
    }
}
