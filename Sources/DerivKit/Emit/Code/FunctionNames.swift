/// The names of the emitted functions (docs/EMIT.md, "Calling convention"). C, Python and NumPy
/// add `_grad`, `_jac` and `_jvp` to the name `--name` gives; Swift and JavaScript, whose APIs
/// are lowerCamelCase, add `Gradient`, `Jacobian` and `JVP` (`netLoss`, `netLossGradient`,
/// `netLossJacobian`, `netLossJVP`: an initialism keeps its case, as the Swift API Design
/// Guidelines ask). Swift's array functions throw `NetLossSizeError` (the name with a capital).
package struct FunctionNames: Sendable {
    package let value, gradient, jvp, jacobian: String
    /// Swift: the error type thrown when an array argument has the wrong size.
    package let sizeError: String

    package init(_ base: String, _ language: CodeLanguage) {
        let camel = language == .swift || language == .javascript
        value = base
        gradient = base + (camel ? "Gradient" : "_grad")
        jvp = base + (camel ? "JVP" : "_jvp")
        jacobian = base + (camel ? "Jacobian" : "_jac")
        sizeError = base.prefix(1).uppercased() + base.dropFirst() + "SizeError"
    }

    /// Every name the code may define, to be checked against the language's identifiers and keywords.
    var all: [String] { [value, gradient, jvp, jacobian, sizeError] }
}
