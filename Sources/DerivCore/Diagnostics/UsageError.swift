/// A mistake in how the tool was called (exit status 2), as opposed to a mistake in the program:
/// a request past what deriv does (an inline formula too long, a derivative order too high).
/// Errors about names the caller passed are typed (`SelectionError`, `InvalidFunctionName`), so
/// that the command line can word them with its options.
public struct UsageError: Error, Equatable, Sendable {
    /// What is wrong, in words.
    public let message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
}
