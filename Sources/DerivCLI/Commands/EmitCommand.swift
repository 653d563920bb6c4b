@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit

/// `deriv emit PROGRAM --lang c|swift|python|numpy|javascript`: the program and its derivatives as
/// source code to paste into a project (calling conventions in docs/EMIT.md).
enum EmitCommand: Command {
    static let name = "emit"
    static let summary = "derivative source code: --lang c|swift|python|numpy|javascript, --name f"
    static let options: [Option] = [.language, .functionName, .mode, .wrt, .of, .array, .group, .header, .batch, .dims]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        guard let language = options.language else {
            throw UsageError("give the language with --lang c|swift|python|numpy|javascript")
        }
        // The command line that makes the code again, quoted in its header comment.
        var command = "deriv emit --lang \(language.rawValue) --name \(options.functionName)"
        if let mode = options.mode { command += " --mode \(mode.rawValue)" }
        if let wrt = options.wrt { command += " --wrt \(wrt.joined(separator: ","))" }
        if let of = options.of { command += " --of \(of.joined(separator: ","))" }
        if options.array { command += " --array" }
        for group in options.groups { command += " --group \(group.name)=\(group.inputs.joined(separator: ","))" }
        if options.header {
            guard language == .c || language == .javascript else {
                throw UsageError("--header is for --lang c (a C header) and javascript (TypeScript declarations)")
            }
            command += " --header"
        }
        if options.batch {
            guard language == .c else { throw UsageError("--batch is for --lang c") }
            guard (options.of?.count ?? 1) == 1 else { throw UsageError("--batch is for one output: the gradient at many points; give one name to --of") }
            command += " --batch"
        }
        // With groups, --wrt names groups: the program's inputs are not ordered by it.
        var lowering = options
        if !options.groups.isEmpty { lowering.wrt = nil }
        let p: Program
        switch try lowering.anyProgram() {
        case .scalar(let program): p = program
        case .matrix(let m):
            if !options.groups.isEmpty {
                throw UsageError("--group is for programs of scalars: a vector or matrix program's inputs are arrays already")
            }
            if options.batch { throw UsageError("--batch takes a program of scalars; a vector or matrix program's code already loops") }
            return try MatrixRun(m, options, console).emit(language, command: command)
        }
        var emit = EmitOptions(language: language, name: options.functionName, mode: options.mode ?? .reverse,
                               wrt: options.groups.isEmpty
                                   ? options.wrt.map { InputCheck(p, console).differentiationInputs($0).map { p.inputs[$0] } }
                                   : options.wrt,
                               arrayInputs: options.array, groups: options.groups, header: options.header,
                               toolVersion: DerivCLI.version, command: command)
        emit.batch = options.batch
        try p.emit(emit, pieces: console.io.outBytes)
        return .success
    }
}
