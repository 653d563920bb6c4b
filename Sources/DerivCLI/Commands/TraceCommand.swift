import DerivKit

/// `deriv trace PROGRAM --at …`: the worked example at a point: every value of the forward pass,
/// then every derivative of the reverse sweep (one per output) as a sum of upstream × local
/// terms, or with `--mode forward` the tangent sweeps (one per input).
enum TraceCommand: Command {
    static let name = "trace"
    static let summary = "the worked example at --at: every value, then every adjoint as upstream × local"
    static let options: [OptionSpec] = [.at, .wrt, .of, .mode, .traceFormat]

    static func run(_ context: Context) throws -> ExitStatus {
        let format = try context.invocation.choice("--format", default: TraceReport.Format.text)
        let p = try context.program()
        let wrt = context.differentiationInputs(p)
        let point = try context.point(for: p)
        let trace = Trace(p.graph, at: point, mode: try context.invocation.mode(), wrt: wrt)
        context.report(trace.warnings)
        context.io.out(TraceReport(trace, format: format, color: format == .text && context.io.colorOutput).text)
        return .success
    }
}

extension OptionSpec {
    static let traceFormat = OptionSpec("--format", "text|markdown", "aligned tables (default), or Markdown for notes")
}
