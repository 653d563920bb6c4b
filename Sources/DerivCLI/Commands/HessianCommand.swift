import DerivKit

/// `deriv hessian PROGRAM`: the second partial derivatives of one output, by forward mode over
/// reverse mode. Without `--at`, the formulas of the upper triangle (`d^2/dx^2 = …`,
/// `d^2/dxdy = …`; the Hessian is symmetric); with `--at`, the value, gradient and Hessian there.
/// `--json` gives either in one shape: `"hessian"` holds numbers at a point, formulas without one.
enum HessianCommand: Command {
    static let name = "hessian"
    static let summary = "Hessian of one output (forward over reverse): formulas, or numbers at --at"
    static let options: [OptionSpec] = [.at, .wrt, .of, .json, .format, .inline]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        if p.graph.outputs.count > 1 {
            throw UsageError("hessian takes one output; choose it with --of, or use 'deriv jacobian' for several")
        }
        let wrt = context.differentiationInputs(p)
        let n = wrt.count
        try context.checkWorkPerInput("the Hessian", inputs: n, graph: p.graph, symbolic: context.invocation.value("--at") == nil,
                                      entries: n * (n + 1) / 2)
        let inputs = wrt.map { p.inputs[$0] }
        guard context.invocation.value("--at") != nil else {
            let formulas = try DerivativeListings.hessianFormulas(p, wrt: wrt, format: try context.invocation.formulaFormat(),
                                                                  inline: context.invocation.has("--inline"))
            if context.json {
                // The text lists the upper triangle; JSON, like the numbers, the whole symmetric matrix.
                var entries = [JSON](repeating: .string(""), count: n * n)
                for ((r, c), text) in zip(Derivatives.upperTriangle(n), formulas.printer.outputs) {
                    entries[r * n + c] = .string(text)
                    entries[c * n + r] = .string(text)
                }
                context.io.out(JSON.object([("inputs", .strings(inputs)), ("shared", .shared(formulas)),
                                            ("hessian", .matrix(entries, rows: n, columns: n))]).rendered + "\n")
            } else {
                context.io.out(formulas.printer.lines(formulas.labels))
            }
            return .success
        }
        let point = try context.point(for: p)
        let h = Derivatives.hessian(p.graph, wrt: wrt)
        let result = Evaluator.evaluate(h, inputs: point)
        context.report(result.warnings)
        let value = result.outputs[0]
        let gradient = Array(result.outputs[1..<(1 + n)])
        let rows = (0..<n).map { r in Array(result.outputs[(1 + n + r * n)..<(1 + n + (r + 1) * n)]) }
        if context.json {
            context.io.out(JSON.object([
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
            context.io.out(s)
        }
        return .success
    }
}
