/// The named constants of the language, `pi` and `e` (docs/LANGUAGE.md): a program that assigns
/// one of these names uses its own value instead, and an input cannot have either name.
package enum Constants {
    /// The value of the constant spelt `name`, or nil for any other name.
    package static func value(of name: String) -> Double? {
        switch name {
        case "pi": return Double.pi
        case "e": return 2.718281828459045
        default: return nil
        }
    }

    /// How to write an input that was meant to be called `name` (`e_` or `E` for `e`).
    package static func renaming(_ name: String) -> String {
        "write \(name)_ or \(name.prefix(1).uppercased() + name.dropFirst()) for an input named \(name)"
    }
}
