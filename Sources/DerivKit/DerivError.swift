@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivAnalysis
import Foundation

/// A request that does not fit the program it was made of, thrown by `Program` and the compiled
/// functions instead of trapping: a point of the wrong length, an output or input that is not
/// there. Its `description` (and `localizedDescription`) is the message.
public enum DerivError: Error, Equatable, Sendable {
    /// `what` ("the point", "the direction", "point 3") has `given` values, not `expected`.
    case wrongLength(of: String, expected: Int, given: Int)
    /// Output `index` asked of a program with `count` outputs.
    case outputOutOfRange(index: Int, count: Int)
    /// A name that is not one of the program's inputs; `suggestion` is an input close to it.
    case unknownInput(String, suggestion: String?)
    /// An input named twice where each may come once.
    case inputTwice(String)
}

extension DerivError: CustomStringConvertible, LocalizedError {
    /// The message, worded without the command line's options: "the point has 1 value, but 2 are expected".
    public var description: String {
        switch self {
        case .wrongLength(let what, let expected, let given):
            return "\(what) has \(given) value\(given == 1 ? "" : "s"), but \(expected) \(expected == 1 ? "is" : "are") expected"
        case .outputOutOfRange(let index, let count):
            return "there is no output \(index): the program has \(count) output\(count == 1 ? "" : "s"), numbered from 0"
        case .unknownInput(let name, let suggestion):
            return "\(quote(name)) is not an input of the program" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .inputTwice(let name):
            return "the input \(quote(name)) is named twice"
        }
    }
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
