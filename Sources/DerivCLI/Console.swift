@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
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
