@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit

/// `deriv [diff] PROGRAM`: the symbolic partial derivatives, simplified, one line each
/// (`d/dx = 2*x*sin(x) + x^2*cos(x)`), after the shared parts worth naming. With `--wrt x` (one
/// name, one output) just the derivative, as a program deriv reads back. `--order n` gives the
/// n-th derivative in each variable; `--format latex` LaTeX; `--inline` one expression each;
/// `--json` the same formulas as `{"inputs", "outputs", "order", "shared", "derivatives"}`.
/// With `--at`, each derivative's value there follows it as a comment (`d/dx = 2*x  # = 4`).
enum DiffCommand: Command {
    static let name = "diff"
    static let summary = "symbolic derivatives, simplified: d/dx = …"
    static let options: [Option] = [.at, .wrt, .of, .order, .dims, .formulaFormat, .inline, .json]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).diff()
        case .scalar(let s): p = s
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let order = options.order
        if order > 1 { try WorkLimits.checkPerInput("--order \(order)", inputs: wrt.count, graph: p.graph, symbolic: true) }
        let format = options.formulaFormat ?? .text
        let inline = options.inline
        guard !wrt.isEmpty else {
            console.warn("the program has no inputs, so there is nothing to differentiate")
            if options.json { console.out(json(p, wrt: wrt, order: order, nil).rendered + "\n") }
            return .success
        }
        if options.json {
            let formulas = try DerivativeListings.diffFormulas(p, wrt: wrt, order: order, format: format, inline: inline)
            console.out(json(p, wrt: wrt, order: order, formulas).rendered + "\n")
            return .success
        }
        let point = try options.at.map { try check.point($0) }
        let listing = try DerivativeListings.diff(p, wrt: wrt, order: order, format: format, inline: inline,
                                                  bare: options.wrt?.count == 1, at: point)
        console.report(listing.warnings)
        console.out(listing.text)
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
