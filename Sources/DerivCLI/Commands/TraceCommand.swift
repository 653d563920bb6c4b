@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit

/// `deriv trace PROGRAM --at …`: the worked example at a point: every value of the forward pass,
/// then every derivative of the reverse sweep (one per output) as a sum of upstream × local
/// terms, or with `--mode forward` the tangent sweeps (one per input). `--json` gives the same
/// rows with the same numbers.
enum TraceCommand: Command {
    enum Format: String, CaseIterable { case text, markdown, html }

    static let name = "trace"
    static let summary = "the worked example at --at: every value, then every adjoint as upstream × local"
    static let options: [Option] = [.at, .wrt, .of, .mode, .traceFormat, .json]

    static func validate(_ options: Options) throws { try options.checkJSON(against: options.traceFormat) }

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).trace()
        case .scalar(let s): p = s
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let point = try check.point(options.at)
        let mode = options.mode ?? .reverse
        let format = options.traceFormat ?? .text
        if format == .html { try GraphCommand.checkPictureSize(p.graph, format: "html") }
        let trace = Trace(p.graph, at: point, mode: mode, wrt: wrt)
        console.report(trace.warnings)
        if format == .html {
            // Both sweeps of the one engine: the page has a view for each (docs/PICTURES.md).
            let other = Trace(p.graph, at: point, mode: mode == .reverse ? .forward : .reverse, wrt: wrt)
            let (reverse, forward) = mode == .reverse ? (trace, other) : (other, trace)
            console.out(TracePage(p.graph, reverse: reverse, forward: forward, forwardFirst: mode == .forward).html)
        } else if options.json {
            console.out(json(trace, mode: mode, inputs: wrt.map { p.inputs[$0] }).rendered + "\n")
        } else {
            console.out(TraceReport(trace, format: format == .markdown ? .markdown : .text,
                                    color: format == .text && console.io.colorOutput).text)
        }
        return .success
    }

    /// `{"inputs", "outputs", "point", "mode", "forwardPass": [step…], "sweeps": [sweep…]}`; a step is
    /// `{"name", "operation", "formula", "withNumbers", "value"}`, a sweep `{"mode", "output": "f",
    /// "rows", "gradient"}` (reverse) or `{"mode", "input": "x", "rows", "derivatives": {"f": …}}`
    /// (forward), a row `{"name", "terms": [{"via", "upstream", "local", "localValue", "product"}], "value"}`
    /// (the seed has no terms).
    static func json(_ trace: Trace, mode: Mode, inputs: [String]) -> JSON {
        let steps: [JSON] = trace.steps.map { s in
            .object([("name", .string(s.name)), ("operation", .string(s.operation)), ("formula", .string(s.formula)),
                     ("withNumbers", .string(s.substituted)), ("value", .number(s.value))])
        }
        let sweeps: [JSON] = trace.sweeps.map { sweep in
            let rows: [JSON] = sweep.rows.map { row in
                let terms: [JSON] = row.terms.map { t in
                    .object([("via", .string(t.via)), ("upstream", .number(t.upstream)), ("local", .string(t.localFormula)),
                             ("localValue", .number(t.local)), ("product", .number(t.product))])
                }
                return .object([("name", .string(row.name)), ("terms", .array(terms)), ("value", .number(row.value))])
            }
            let results = JSON.byName(sweep.results.map(\.name), sweep.results.map(\.value))
            return sweep.mode == .reverse
                ? .object([("mode", .string("reverse")), ("output", .string(sweep.variable)), ("rows", .array(rows)),
                           ("gradient", results)])
                : .object([("mode", .string("forward")), ("input", .string(sweep.variable)), ("rows", .array(rows)),
                           ("derivatives", results)])
        }
        return .object([
            ("inputs", .strings(inputs)), ("outputs", .strings(trace.outputs)),
            ("point", .byName(trace.point.map(\.name), trace.point.map(\.value))), ("mode", .string(mode.rawValue)),
            ("forwardPass", .array(steps)), ("sweeps", .array(sweeps)),
        ])
    }
}
