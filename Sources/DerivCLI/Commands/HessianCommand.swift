@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit

/// `deriv hessian PROGRAM`: the second partial derivatives of one output, by forward mode over
/// reverse mode. Without `--at`, the formulas of the upper triangle (`d^2/dx^2 = …`,
/// `d^2/dxdy = …`; the Hessian is symmetric); with `--at`, the value, gradient and Hessian there.
/// A vector or matrix program: numbers at a point only (`MatrixRun.hessian`).
/// `--json` gives either in one shape: `"hessian"` holds numbers at a point, formulas without one.
enum HessianCommand: Command {
    static let name = "hessian"
    static let summary = "Hessian of one output (forward over reverse): formulas, or numbers at --at"
    static let options: [Option] = [.at, .wrt, .of, .dims, .json, .formulaFormat, .inline]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).hessian()
        case .scalar(let s): p = try options.oneOutput(s, for: "hessian", hint: "choose it with --of, or use 'deriv jacobian' for several")
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let n = wrt.count
        try WorkLimits.checkPerInput("the Hessian", inputs: n, graph: p.graph, symbolic: options.at == nil,
                                     entries: n * (n + 1) / 2)
        let inputs = wrt.map { p.inputs[$0] }
        guard let at = options.at else {
            let formulas = try DerivativeListings.hessianFormulas(p, wrt: wrt, format: options.formulaFormat ?? .text,
                                                                  inline: options.inline)
            if options.json {
                // The text lists the upper triangle; JSON, like the numbers, the whole symmetric matrix.
                var entries = [JSON](repeating: .string(""), count: n * n)
                for ((r, c), text) in zip(Derivatives.upperTriangle(n), formulas.printer.outputs) {
                    entries[r * n + c] = .string(text)
                    entries[c * n + r] = .string(text)
                }
                console.out(JSON.object([("inputs", .strings(inputs)), ("shared", .shared(formulas)),
                                            ("hessian", .matrix(entries, rows: n, columns: n))]).rendered + "\n")
            } else {
                console.out(formulas.printer.lines(formulas.labels))
            }
            return .success
        }
        let point = try check.point(at)
        let h = Derivatives.hessian(p.graph, wrt: wrt)
        let result = Evaluator.evaluate(h, inputs: point)
        console.report(result.warnings)
        let value = result.outputs[0]
        let gradient = Array(result.outputs[1..<(1 + n)])
        let rows = (0..<n).map { r in Array(result.outputs[(1 + n + r * n)..<(1 + n + (r + 1) * n)]) }
        if options.json {
            console.out(JSON.object([
                ("inputs", .strings(inputs)),
                ("value", .number(value)),
                ("gradient", .byName(inputs, gradient)),
                ("hessian", .matrix(result.outputs[(1 + n)...].map { .number($0) }, rows: n, columns: n)),
            ]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n"
            for (i, x) in wrt.enumerated() {
                let l = DerivativeListings.label(p, 0, [p.inputs[x]], namesFunction: false)
                s += "\(l.text) = \(formatNumber(gradient[i]))\n"
            }
            for (r, c) in Derivatives.upperTriangle(n) {
                let l = DerivativeListings.label(p, 0, [p.inputs[wrt[r]], p.inputs[wrt[c]]], namesFunction: false)
                s += "\(l.text) = \(formatNumber(rows[r][c]))\n"
            }
            console.out(s)
        }
        return .success
    }
}
