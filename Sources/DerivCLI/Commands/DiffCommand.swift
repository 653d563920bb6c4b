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
/// n-th derivative in each variable; `--format latex` LaTeX; `--inline` one expression each;
/// `--json` the same formulas as `{"inputs", "outputs", "order", "shared", "derivatives"}`.
/// With `--at`, each derivative's value there follows it as a comment (`d/dx = 2*x  # = 4`).
enum DiffCommand: Command {
    static let name = "diff"
    static let summary = "symbolic derivatives, simplified: d/dx = …"
    static let options: [OptionSpec] = [.at, .wrt, .of, .order, .format, .inline, .json]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        let wrt = context.differentiationInputs(p)
        let order = try context.invocation.order()
        if order > 1 { try context.checkWorkPerInput("--order \(order)", inputs: wrt.count, graph: p.graph, symbolic: true) }
        let format = try context.invocation.formulaFormat()
        let inline = context.invocation.has("--inline")
        guard !wrt.isEmpty else {
            context.warn("the program has no inputs, so there is nothing to differentiate")
            if context.json { context.io.out(json(p, wrt: wrt, order: order, nil).rendered + "\n") }
            return .success
        }
        if context.json {
            let formulas = try DerivativeListings.diffFormulas(p, wrt: wrt, order: order, format: format, inline: inline)
            context.io.out(json(p, wrt: wrt, order: order, formulas).rendered + "\n")
            return .success
        }
        let point = context.invocation.values["--at"] == nil ? nil : try context.point(for: p)
        let listing = try DerivativeListings.diff(p, wrt: wrt, order: order, format: format, inline: inline,
                                                  bare: context.invocation.list("--wrt")?.count == 1, at: point)
        context.report(listing.warnings)
        context.io.out(listing.text)
        return .success
    }

    /// `{"inputs": ["x", "y"], "outputs": ["f"], "order": 1, "shared": {"t1": …}, "derivatives": {"f": {"x": …, "y": …}}}`:
    /// for each output, its derivatives keyed by input (the shape of a gradient).
    static func json(_ p: Program, wrt: [Int], order: Int, _ formulas: DerivativeListings.Formulas?) -> JSON {
        let inputs = wrt.map { p.inputs[$0] }
        let outputs = p.graph.outputNames
        let texts = formulas?.printer.outputs.map { JSON.string($0) } ?? []  // none when there are no inputs
        let n = inputs.count
        let derivatives = outputs.indices.map { k in JSON.byName(inputs, Array(texts[(k * n)..<((k + 1) * n)])) }
        return .object([
            ("inputs", .strings(inputs)), ("outputs", .strings(outputs)), ("order", .number(Double(order))),
            ("shared", formulas.map(JSON.shared) ?? .object([])), ("derivatives", .byName(outputs, derivatives)),
        ])
    }
}
