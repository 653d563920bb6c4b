@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit

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
    case let e as InputGroupError:
        return groupMessage(e)
    case let e as InvalidFunctionName:
        return "--name '\(e.name)' does not give valid \(e.language.rawValue) function names ('\(e.function)')"
    default:
        return nil
    }
}

/// An `InputGroupError` worded with `--group` and `--wrt`.
private func groupMessage(_ e: InputGroupError) -> String {
    switch e {
    case .notAnInput(let name, let group, let suggestion):
        return (group.map { "--group \($0) names \(quote(name))" } ?? "--wrt names \(quote(name))")
            + ", which is not an input of the program" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    case .inputInTwoGroups(let name, let first, let second):
        return "input \(quote(name)) is in two groups, --group \(first) and --group \(second)"
    case .invalidGroupName(let name):
        return "--group \(quote(name)): a group's name is its array's, an identifier (letters, digits and '_', not first a digit)"
    case .groupNameIsInput(let name):
        return "--group \(quote(name)) is named like an input of the program; name the group otherwise"
    case .groupTwice(let name):
        return "--group \(quote(name)) is given twice"
    case .emptyGroup(let name):
        return "--group \(name) names no inputs: --group \(name)=x,y"
    case .wrtNamesInput(let name, let group):
        return "with --group, --wrt names groups: " + (group.map { "\(quote(name)) is in group '\($0)'; give --wrt \($0)" }
            ?? "\(quote(name)) is in no group, so it is only read; put it in a group to differentiate with respect to it")
    case .notAGroup(let name, let suggestion):
        return "--wrt names \(quote(name)), which is not a group" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    case .wrtTwice(let name):
        return "--wrt names \(quote(name)) twice"
    case .groupsWithArrayInputs:
        return "--group and --array are two ways to pass the inputs in arrays; give one"
    case .groupsWithBatch:
        return "--batch takes no --group: its inputs are arrays of points"
    }
}
