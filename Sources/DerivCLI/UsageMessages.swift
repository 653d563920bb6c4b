import DerivKit

/// The message of an error that is a mistake in how deriv was called (exit status 2): the
/// library's errors about what it was asked, worded with the options that asked it; nil for any
/// other error.
func usageMessage(_ error: Error) -> String? {
    switch error {
    case let e as UsageError:
        return e.message
    case let e as SelectionError:
        switch e {
        case .inputTwice(let name):
            return "--wrt names \(quote(name)) twice"
        case .inputAssigned(let name):
            return "--wrt names \(quote(name)), which the program assigns; derivatives are taken with respect to inputs"
        case .inputIsConstant(let name, let value):
            return "--wrt names '\(name)', the constant \(formatNumber(value)) unless the program "
                + "assigns it; \(Constants.renaming(name))"
        case .noOutputs:
            return "--of needs at least one name"
        case .outputTwice(let name):
            return "--of names \(quote(name)) twice"
        case .outputNotAssigned(let name, let suggestion):
            return "--of names \(quote(name)), which the program does not assign" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        }
    case let e as MatrixInputError:
        switch e {
        case .dimensionDisagrees(let name, let first, nil, let second, let by):
            return "--dims gives \(name)=\(first), but by the value of \(quote(by)) \(name) is \(second)"
        case .dimensionDisagrees(let name, let first, let firstBy?, let second, let by):
            return "dimension \(quote(name)) is \(first) by the value of \(quote(firstBy)) but \(second) by the value of \(quote(by))"
        case .unboundDimension(let name, let input):
            return "no size for dimension \(quote(name)) of \(quote(input)): give \(input) a value with --at, or --dims \(name)=…"
        case .wrongShape(let name, .scalar, let given):
            return "\(quote(name)) is a scalar input, but its value in --at is \(given); declare it, as in '\(name): vector(n)'"
        case .wrongShape(let name, let declared, let given):
            return "\(quote(name)) is declared \(declared), but its value in --at is \(given)"
        }
    case let e as InlineFormulaTooLong:
        return "written as one expression the derivative would be over \(e.limit) characters, "
            + "because it repeats shared parts; print it without --inline"
    case let e as InvalidFunctionName:
        return "--name '\(e.name)' does not give valid \(e.language.rawValue) function names ('\(e.function)')"
    default:
        return nil
    }
}
