@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
import Foundation

/// One `deriv` command (`eval`, `grad`, …): its name, help and options, and what it does.
/// Each lives in its own file under Commands/ and is listed once in `DerivCLI.commands`.
/// Before `run`, the command line is parsed against `options` and checked by `validate`.
protocol Command: Sendable {
    static var name: String { get }
    /// One line for `deriv --help`.
    static var summary: String { get }
    /// Options beyond the common ones (`-f`, `--help`), in the order help lists them.
    static var options: [Option] { get }
    /// Checks of options that go together, before the program is parsed; a `UsageError` if not.
    static func validate(_ options: Options) throws
    static func run(_ options: Options, _ console: Console) throws -> ExitStatus
}

extension Command {
    static func validate(_ options: Options) throws {}
}

/// The command-line front end: `deriv [COMMAND] PROGRAM [OPTIONS]` (docs/COMMANDS.md).
/// `main.swift` only calls `run`, so tests run every command in-process.
public enum DerivCLI {
    /// deriv's version, as `deriv --version` prints it.
    public static let version = derivVersion

    /// Every command, in the order `--help` lists them.
    static let commands: [any Command.Type] = [
        EvalCommand.self, GradCommand.self,
        DiffCommand.self, JacobianCommand.self, HessianCommand.self, HvpCommand.self,
        EmitCommand.self, OpsCommand.self, GraphCommand.self, TraceCommand.self, CheckCommand.self,
    ]
    /// The command run when the first argument is not a command name.
    static let defaultCommand = "diff"

    /// Runs the command line `arguments` (without the program name) and returns the exit status:
    /// 0 success, 1 an error in the program or its evaluation, 2 a usage error (docs/COMMANDS.md).
    public static func run(_ arguments: [String], io: IO = .standard) -> Int32 {
        var args = arguments
        let command: any Command.Type
        switch Dispatch(args) {
        case .generalHelp(let toStandardError):
            toStandardError ? io.err(generalHelp) : io.out(generalHelp)
            return (toStandardError ? ExitStatus.badUsage : .success).rawValue
        case .help(let named):
            io.out(help(for: named))
            return ExitStatus.success.rawValue
        case .version:
            io.out("deriv \(version)\n")
            return ExitStatus.success.rawValue
        case .unknown(let message):
            io.err("error: \(message)\nusage: deriv [COMMAND] PROGRAM [OPTIONS]; see 'deriv help'\n")
            return ExitStatus.badUsage.rawValue
        case .run(let named, let dropsFirst):
            command = named
            if dropsFirst { args.removeFirst() }
        }
        var source: SourceFile?
        do {
            switch try ParsedCommandLine(args, declared: Option.common + command.options, io: io) {
            case .help:
                io.out(help(for: command))
                return ExitStatus.success.rawValue
            case .version:
                io.out("deriv \(version)\n")
                return ExitStatus.success.rawValue
            case .run(var options):
                options.commandName = command.name
                source = options.source
                try command.validate(options)
                return try command.run(options, Console(io: io, source: options.source)).rawValue
            }
        } catch {
            if let message = usageMessage(error) {
                io.err("error: \(message)\nusage: deriv \(command.name) PROGRAM [OPTIONS]; see 'deriv \(command.name) --help'\n")
                return ExitStatus.badUsage.rawValue
            }
            if let d = error as? Diagnostic {
                io.err(DiagnosticRenderer(source: source).render(d))
            } else {
                io.err("error: \(error)\n")
            }
            return ExitStatus.badProgram.rawValue
        }
    }

    static var generalHelp: String {
        var s = """
        deriv \(version): derivatives of math expressions and small programs

        usage: deriv [COMMAND] PROGRAM [OPTIONS]
               PROGRAM is one argument, '-f FILE', or '-' for standard input

        commands:

        """
        for c in commands {
            s += "  " + c.name.padding(toLength: 10, withPad: " ", startingAt: 0) + c.summary
            s += c.name == defaultCommand ? " (the default)\n" : "\n"
        }
        s += """
          help      'deriv help grad' shows a command's options, as 'deriv grad --help' does
          version   the version, as '--version' and '-v' print it

        Without a command, PROGRAM is differentiated (\(defaultCommand)): deriv 'x^2*sin(x)'. A bare word close
        to a command's name is taken for a misspelt command: 'deriv gradd …' is an error that
        suggests grad; to differentiate such a word, name the command: deriv diff gradd.

        examples:
          deriv 'x^2*sin(x)'
          deriv 'x^2*sin(x)' --at x=pi/2
          deriv grad 'x + y*z' --at x=-2,y=5,z=-4
          deriv grad 'sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))' --at x=1.5 --json
          deriv hvp 'x^2*y + y^3' --at x=1,y=2 --v x=1,y=0

        """
        return s
    }

    static func help(for command: any Command.Type) -> String {
        var s = "deriv \(command.name): \(command.summary)\n\nusage: deriv \(command.name) PROGRAM [OPTIONS]\n\noptions:\n"
        let options = command.options + Option.common
        let lefts = options.map { o in o.name + (o.valueName.map { " " + $0 } ?? "") }
        // The descriptions start in one column, two spaces after the longest option.
        let width = max(26, 2 + (lefts.map(\.count).max() ?? 0))
        for (o, left) in zip(options, lefts) {
            s += "  " + left + String(repeating: " ", count: width - left.count) + o.help + "\n"
        }
        return s
    }
}
