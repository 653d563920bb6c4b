import DerivKit

/// `deriv hessian PROGRAM`: the second partial derivatives of one output, by forward mode over
/// reverse mode. Without `--at`, the formulas of the upper triangle (`d^2/dx^2 = …`,
/// `d^2/dxdy = …`; the Hessian is symmetric); with `--at`, the value, gradient and Hessian there.
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
        let f = p.graph.outputNames[0]
        func label(_ variables: [String]) -> DerivativeLabel {
            DerivativeLabel(function: f, namesFunction: false, variables: variables, partial: p.inputs.count > 1)
        }
        var upper: [(r: Int, c: Int)] = []
        for r in 0..<n { for c in r..<n { upper.append((r, c)) } }
        let pairs = upper.map { label([p.inputs[wrt[$0.r]], p.inputs[wrt[$0.c]]]) }
        guard context.invocation.value("--at") != nil else {
            if context.json { throw UsageError("--json needs a point: give --at, e.g. --at " + JacobianCommand.atExample(p)) }
            let derivatives = Derivatives.secondPartials(p.graph, wrt: wrt)
            let printer = try FormulaPrinter(derivatives, format: try context.invocation.formulaFormat(),
                                             inline: context.invocation.has("--inline"))
            context.io.out(printer.lines(pairs))
            return .success
        }
        let point = try context.point(for: p)
        let h = Derivatives.hessian(p.graph, wrt: wrt)
        let result = Evaluator.evaluate(h, inputs: point)
        context.report(result.warnings)
        let value = result.outputs[0]
        let gradient = Array(result.outputs[1...n])
        let rows = (0..<n).map { r in Array(result.outputs[(1 + n + r * n)..<(1 + n + (r + 1) * n)]) }
        if context.json {
            context.io.out(JSON.object([
                ("inputs", .array(wrt.map { .string(p.inputs[$0]) })),
                ("value", .number(value)),
                ("gradient", .numbers(gradient)),
                ("hessian", .array(rows.map { .numbers($0) })),
            ]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n"
            for (i, x) in wrt.enumerated() { s += "\(label([p.inputs[x]]).text) = \(formatNumber(gradient[i]))\n" }
            for (pair, l) in zip(upper, pairs) { s += "\(l.text) = \(formatNumber(rows[pair.r][pair.c]))\n" }
            context.io.out(s)
        }
        return .success
    }
}
