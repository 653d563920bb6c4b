@_spi(DerivCore) import DerivCore
import DerivKit

/// Usage errors, instead of minutes or gigabytes, for derivatives that take one sweep per input
/// over a big program, or a Hessian of more entries than anyone reads.
enum WorkLimits {
    /// The most node visits forward mode may take (sweeps × graph size): about a minute. Forward
    /// mode needs one sweep per input, so a sum of a million inputs would take hours; past this
    /// limit the command says so and points at reverse mode (one sweep) instead of seeming to hang.
    static let forwardModeWork = 1_000_000_000

    /// The most node visits the symbolic derivatives that take one sweep per input may take
    /// (`diff --order 2` and up, the formulas of `hessian`): each sweep is simplified, about
    /// 10 µs a node, so this is about a minute.
    static let symbolicSweepsWork = 20_000_000
    /// The most entries of a Hessian deriv writes out (the upper triangle).
    static let hessianEntries = 10_000_000

    static func checkForwardMode(sweeps: Int, graph: Graph) throws {
        guard sweeps * graph.count > forwardModeWork else { return }
        throw UsageError("forward mode takes one sweep per input: \(sweeps) sweeps over \(graph.count) nodes "
                         + "is more than deriv does (10^9 node visits); use --mode reverse, which takes one sweep")
    }

    /// The same limit for a vector or matrix program, whose sweeps are one per entry of the
    /// inputs, each over `entries` numbers (the entries of every node of its graph).
    static func checkForwardMode(sweeps: Int, entries: Int) throws {
        guard sweeps.multipliedReportingOverflow(by: entries).partialValue > forwardModeWork || sweeps > forwardModeWork else { return }
        throw UsageError("forward mode takes one sweep per entry of the inputs: \(sweeps) sweeps over \(entries) entries "
                         + "is more than deriv does (10^9 entries computed); use --mode reverse, which takes one sweep")
    }

    static func checkPerInput(_ what: String, inputs n: Int, graph: Graph, symbolic: Bool, entries: Int? = nil) throws {
        if let entries, entries > hessianEntries {
            throw UsageError("\(what) has \(entries) entries for \(n) inputs, more than deriv writes (10^7); "
                             + "choose fewer inputs with --wrt")
        }
        if symbolic, n * graph.count > symbolicSweepsWork {
            throw UsageError("\(what) takes one sweep per input: \(n) sweeps over \(graph.count) nodes is more than "
                             + "deriv simplifies (2·10^7 node visits); choose fewer inputs with --wrt")
        }
        try checkForwardMode(sweeps: n, graph: graph)
    }
}
