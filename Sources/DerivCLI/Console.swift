@_spi(DerivCore) import DerivCore
import DerivKit

/// Where a command writes: its streams, and the program text that its diagnostics quote.
struct Console {
    let io: IO
    let source: SourceFile

    func out(_ text: String) { io.out(text) }

    func warn(_ message: String) { io.err("warning: \(message)\n") }

    /// Prints diagnostics (warnings from evaluation) with the source line and caret.
    func report(_ diagnostics: [Diagnostic]) {
        let renderer = DiagnosticRenderer(source: source)
        for d in diagnostics { io.err(renderer.render(d)) }
    }
}
