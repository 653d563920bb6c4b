import Foundation

// The library's errors print as text (`print(error)`, `error.localizedDescription`), worded
// without the command line's options: the command line words them itself (DerivCLI's
// UsageMessages.swift).

extension Diagnostic: CustomStringConvertible, LocalizedError {
    /// Rendered as the command line renders it: `error: 1:7: …`, then the line and a caret when
    /// the diagnostic knows its `source`.
    public var description: String { DiagnosticRenderer(source: source).render(self) }
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension UsageError: CustomStringConvertible, LocalizedError {
    /// The message.
    public var description: String { message }
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
}

extension SelectionError: CustomStringConvertible, LocalizedError {
    /// The message, worded with `wrt` and `outputs` as `Program`'s initializers name them.
    public var description: String {
        switch self {
        case .inputTwice(let name):
            return "wrt names \(quote(name)) twice"
        case .inputAssigned(let name):
            return "wrt names \(quote(name)), which the program assigns; derivatives are taken with respect to inputs"
        case .inputIsConstant(let name, let value):
            return "wrt names \(quote(name)), the constant \(formatNumber(value)) unless the program assigns it"
        case .noOutputs:
            return "outputs needs at least one name"
        case .outputTwice(let name):
            return "outputs names \(quote(name)) twice"
        case .outputNotAssigned(let name, let suggestion):
            return "output \(quote(name)) is not assigned by the program" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        }
    }
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
