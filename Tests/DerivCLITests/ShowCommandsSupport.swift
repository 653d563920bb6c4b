@_spi(DerivCore) import DerivCLI

/// What one in-process run of `deriv` printed, for the tests of `ops`, `trace` and `graph`.
struct CapturedRun {
    var status: Int32
    var out: String
    var err: String

    /// Runs `deriv arguments…` in-process with buffers for standard output and error.
    init(_ arguments: [String], color: Bool = false) {
        final class Buffer { var text = "" }
        let out = Buffer(), err = Buffer()
        let io = IO(out: { out.text += $0 }, err: { err.text += $0 }, colorOutput: color)
        status = DerivCLI.run(arguments, io: io)
        self.out = out.text
        self.err = err.text
    }
}
