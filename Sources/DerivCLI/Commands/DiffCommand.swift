import DerivKit

extension OptionSpec {
    static let order = OptionSpec("--order", "n", "the n-th derivative in each variable (default 1)")
    static let format = OptionSpec("--format", "text|latex", "text (default; deriv reads it back) or LaTeX")
    static let inline = OptionSpec("--inline", nil, "one expression per derivative: name no shared parts")
}

extension Invocation {
    /// `--order n`, a whole number from 1 (the default) to 20.
    func order() throws -> Int {
        guard let text = value("--order") else { return 1 }
        guard let n = Int(text), (1...20).contains(n) else {
            throw UsageError("--order takes a whole number from 1 to 20, not '\(text)'")
        }
        return n
    }

    /// `--format text|latex`, default text.
    func formulaFormat() throws -> FormulaPrinter.Format {
        guard let text = value("--format") else { return .text }
        guard let format = FormulaPrinter.Format(rawValue: text) else {
            throw UsageError("--format takes 'text' or 'latex', not '\(text)'")
        }
        return format
    }
}

/// `deriv [diff] PROGRAM`: the symbolic partial derivatives, simplified, one line each
/// (`d/dx = 2*x*sin(x) + x^2*cos(x)`), after the shared parts worth naming. With `--wrt x` (one
/// name, one output) just the derivative, as a program deriv reads back. `--order n` gives the
/// n-th derivative in each variable; `--format latex` LaTeX; `--inline` one expression each.
enum DiffCommand: Command {
    static let name = "diff"
    static let summary = "symbolic derivatives, simplified: d/dx = … (--order n, --format latex)"
    static let options: [OptionSpec] = [.wrt, .of, .order, .format, .inline]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        let wrt = context.differentiationInputs(p)
        let order = try context.invocation.order()
        let format = try context.invocation.formulaFormat()
        guard !wrt.isEmpty else {
            context.warn("the program has no inputs, so there is nothing to differentiate")
            return .success
        }
        let outputs = Array(p.graph.outputs.indices)
        let derivatives = order == 1 ? Derivatives.partials(p.graph, outputs: outputs, wrt: wrt)
                                     : Derivatives.pure(p.graph, outputs: outputs, wrt: wrt, order: order)
        let printer = try FormulaPrinter(derivatives, format: format, inline: context.invocation.has("--inline"))
        var labels: [DerivativeLabel] = []
        for k in outputs {
            for x in wrt {
                labels.append(DerivativeLabel(function: p.graph.outputNames[k], namesFunction: outputs.count > 1,
                                              variables: Array(repeating: p.inputs[x], count: order),
                                              partial: p.inputs.count > 1))
            }
        }
        if context.invocation.list("--wrt")?.count == 1, labels.count == 1 {
            context.io.out(printer.program(labels[0]))
        } else {
            context.io.out(printer.lines(labels))
        }
        return .success
    }
}
