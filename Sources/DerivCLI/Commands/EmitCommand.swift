import DerivKit

/// `deriv emit PROGRAM --lang c|swift|python|javascript`: the program and its derivatives as
/// source code to paste into a project (calling conventions in docs/EMIT.md).
enum EmitCommand: Command {
    static let name = "emit"
    static let summary = "derivative source code: --lang c|swift|python|javascript, --name f"
    static let options: [OptionSpec] = [.language, .functionName, .mode, .wrt, .of, .array]

    static func run(_ context: Context) throws -> ExitStatus {
        let inv = context.invocation
        guard let lang = inv.value("--lang") else {
            throw UsageError("give the language with --lang c|swift|python|javascript")
        }
        guard let language = CodeLanguage(rawValue: lang.lowercased()) ?? (lang.lowercased() == "js" ? .javascript : nil) else {
            throw UsageError("--lang takes c, swift, python or javascript, not '\(lang)'")
        }
        let p = try context.program()
        let mode = try inv.mode()
        var command = "deriv emit --lang \(language.rawValue) --name \(inv.value("--name") ?? "f")"
        if inv.value("--mode") != nil { command += " --mode \(mode.rawValue)" }
        for flag in ["--wrt", "--of"] { if let v = inv.value(flag) { command += " \(flag) \(v)" } }
        if inv.has("--array") { command += " --array" }
        let options = EmitOptions(language: language, name: inv.value("--name") ?? "f", mode: mode,
                                  wrt: inv.value("--wrt") == nil ? nil : context.differentiationInputs(p),
                                  arrayInputs: inv.has("--array"), toolVersion: DerivCLI.version, command: command)
        try p.emit(options, pieces: context.io.outBytes)
        return .success
    }
}

extension OptionSpec {
    static let language = OptionSpec("--lang", "c|swift|python|javascript", "the language to write")
    static let functionName = OptionSpec("--name", "f", "the function's name; the others add _grad, _jvp, _jac (default f)")
    static let array = OptionSpec("--array", nil, "take the inputs as one array instead of one parameter each")
}
