/// Inputs to differentiate by (`wrt`) or outputs (`outputs`) that do not fit the program, thrown by
/// `Program`'s initializers. The command line words them with its options (`--wrt`, `--of`).
public enum SelectionError: Error, Equatable, Sendable {
    /// `wrt` names an input twice.
    case inputTwice(String)
    /// `wrt` names a value the program assigns, whose derivative would silently be 0.
    case inputAssigned(String)
    /// `wrt` names a constant (`pi`, `e`) the program does not assign; `value` is the constant's.
    case inputIsConstant(String, value: Double)
    /// `outputs` is empty.
    case noOutputs
    /// `outputs` names an output twice.
    case outputTwice(String)
    /// `outputs` names a value the program does not assign; `suggestion` is an assigned name close to it.
    case outputNotAssigned(String, suggestion: String?)
}
