@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivFormulas
/// The formulas `deriv diff`, `deriv jacobian` and `deriv hessian` print (without `--at`):
/// the derivative graph (`Derivatives.partials`, `pure`, `secondPartials`, all simplified),
/// labelled and printed by `FormulaPrinter`. The commands only read options and call these.
package enum DerivativeListings {
    /// Derivative formulas and their labels: `printer.outputs[i]` is the formula labelled `labels[i]`.
    package struct Formulas {
        /// The derivative graph the formulas print, one output per label.
        package let derivatives: Graph
        package let printer: FormulaPrinter
        package let labels: [DerivativeLabel]

        init(_ derivatives: Graph, labels: [DerivativeLabel], format: FormulaPrinter.Format, inline: Bool) throws {
            self.derivatives = derivatives
            printer = try FormulaPrinter(derivatives, format: format, inline: inline)
            self.labels = labels
        }
    }

    /// `deriv diff`: ∂f/∂x for every output and every input in `wrt` (the n-th derivative in
    /// each with `order` n), one `d/dx = …` line each (`df/dx` with several outputs). With
    /// `bare` and a single derivative, just that derivative as a program deriv reads back.
    package static func diff(_ p: Program, wrt: [Int], order: Int = 1, format: FormulaPrinter.Format = .text,
                            inline: Bool = false, bare: Bool = false) throws -> String {
        try diff(p, wrt: wrt, order: order, format: format, inline: inline, bare: bare, at: nil).text
    }

    /// `diff`, and with a `point` (one value per input of `p`) each derivative's value there as a
    /// comment, so the text still reads back: `d/dx = 2*x  # = 4` after a first line
    /// `# at x=2`, or with `bare` one line `2*x  # = 4 at x=2`. `warnings` are the evaluation's.
    package static func diff(_ p: Program, wrt: [Int], order: Int = 1, format: FormulaPrinter.Format = .text,
                            inline: Bool = false, bare: Bool = false,
                            at point: [Double]?) throws -> (text: String, warnings: [Diagnostic]) {
        let f = try diffFormulas(p, wrt: wrt, order: order, format: format, inline: inline)
        let (printer, labels) = (f.printer, f.labels)
        guard let point else {
            return (bare && labels.count == 1 ? printer.program(labels[0]) : printer.lines(labels), [])
        }
        let result = Evaluator.evaluate(f.derivatives, inputs: point)
        let values = result.outputs.map { "= " + formatNumber($0) }
        let at = "at " + pointText(p.inputs, point)
        if bare && labels.count == 1 { return (printer.program(labels[0], comment: values[0] + " " + at), result.warnings) }
        return (format.comment + " " + at + "\n" + printer.lines(labels, comments: values), result.warnings)
    }

    /// The formulas of `diff`, output by output, and within each output input by input (`wrt`).
    package static func diffFormulas(_ p: Program, wrt: [Int], order: Int = 1, format: FormulaPrinter.Format = .text,
                                    inline: Bool = false) throws -> Formulas {
        let outputs = Array(p.graph.outputs.indices)
        let derivatives = order == 1 ? Derivatives.partials(p.graph, outputs: outputs, wrt: wrt)
                                     : try Derivatives.pure(p.graph, outputs: outputs, wrt: wrt, order: order)
        let labels = outputs.flatMap { k in
            wrt.map { x in label(p, k, Array(repeating: p.inputs[x], count: order), namesFunction: outputs.count > 1) }
        }
        return try Formulas(derivatives, labels: labels, format: format, inline: inline)
    }

    /// `x=2, y=3`: the first `pointTextInputs` inputs and their values, then how many more.
    static func pointText(_ inputs: [String], _ point: [Double]) -> String {
        var parts = zip(inputs, point).prefix(pointTextInputs).map { "\($0)=\(formatNumber($1))" }
        if inputs.count > pointTextInputs { parts.append("… (\(inputs.count) inputs)") }
        return parts.joined(separator: ", ")
    }

    /// The most inputs `pointText` lists.
    static let pointTextInputs = 8

    /// `deriv jacobian`: `df/dx = …` for every output and input, the function always named.
    package static func jacobian(_ p: Program, wrt: [Int], format: FormulaPrinter.Format = .text,
                                inline: Bool = false) throws -> String {
        let f = try jacobianFormulas(p, wrt: wrt, format: format, inline: inline)
        return f.printer.lines(f.labels)
    }

    /// The formulas of `jacobian`, row by row (output by output, then input by input).
    package static func jacobianFormulas(_ p: Program, wrt: [Int], format: FormulaPrinter.Format = .text,
                                        inline: Bool = false) throws -> Formulas {
        let outputs = Array(p.graph.outputs.indices)
        let labels = outputs.flatMap { k in wrt.map { label(p, k, [p.inputs[$0]], namesFunction: true) } }
        return try Formulas(Derivatives.partials(p.graph, outputs: outputs, wrt: wrt), labels: labels,
                            format: format, inline: inline)
    }

    /// `deriv hessian`: `d^2/dx^2 = …`, `d^2/dxdy = …` for the upper triangle (r ≤ c) of the
    /// Hessian of output 0.
    package static func hessian(_ p: Program, wrt: [Int], format: FormulaPrinter.Format = .text,
                               inline: Bool = false) throws -> String {
        let f = try hessianFormulas(p, wrt: wrt, format: format, inline: inline)
        return f.printer.lines(f.labels)
    }

    /// The formulas of `hessian`, in the order of `Derivatives.upperTriangle`.
    package static func hessianFormulas(_ p: Program, wrt: [Int], format: FormulaPrinter.Format = .text,
                                       inline: Bool = false) throws -> Formulas {
        let labels = Derivatives.upperTriangle(wrt.count).map { label(p, 0, [p.inputs[wrt[$0.r]], p.inputs[wrt[$0.c]]], namesFunction: false) }
        return try Formulas(Derivatives.secondPartials(p.graph, wrt: wrt), labels: labels, format: format, inline: inline)
    }

    /// The label of a derivative of output `k` of `p`.
    package static func label(_ p: Program, _ k: Int, _ variables: [String], namesFunction: Bool) -> DerivativeLabel {
        DerivativeLabel(function: p.graph.outputNames[k], namesFunction: namesFunction, variables: variables,
                        partial: p.inputs.count > 1)
    }
}
