@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivAnalysis
import DerivKit

/// What the first words of a command line ask for (docs/COMMANDS.md, "Commands"):
///
/// - nothing: the general help, on standard error (exit 2);
/// - `help`, `--help` or `-h`: the general help, or one command's (`deriv help grad`); after
///   `help`, a word that names no command is an error (`deriv help gradd` suggests grad);
/// - `version`, `--version` or `-v`: the version;
/// - a command's name: that command;
/// - a bare name close to a command's name (`gradd`, `hesian`): a misspelt command, an error
///   with the suggestion, because reading it as a program would differentiate the word;
/// - a bare name that is close to no command but followed by another program argument
///   (`deriv foo 'x^2'`, `deriv x + y`): an error, since PROGRAM is one argument;
/// - anything else (`x`, `x^2`, `-x`): the program, for the default command `diff`.
enum Dispatch {
    case generalHelp(toStandardError: Bool)
    case help(any Command.Type)
    case version
    /// Not a command: the message of the usage error.
    case unknown(String)
    /// Run `command`; `dropsFirst` when the first argument named it.
    case run(any Command.Type, dropsFirst: Bool)

    /// The words `deriv` reads as commands besides the commands' names.
    static let words = ["help", "version"]

    init(_ args: [String]) {
        guard let first = args.first else {
            self = .generalHelp(toStandardError: true)
            return
        }
        let commands = DerivCLI.commands
        func command(_ name: String) -> (any Command.Type)? { commands.first { $0.name == name } }
        switch first {
        case "help", "--help", "-h":
            if args.count == 2, let named = command(args[1]) {
                self = .help(named)
            } else if first != "help" || args.count == 1 || (args.count == 2 && Dispatch.words.contains(args[1])) {
                self = .generalHelp(toStandardError: false)
            } else if args.count == 2, Dispatch.isBareName(args[1]) {
                self = .unknown(Dispatch.unknownCommand(args[1]))
            } else {
                self = .unknown("help takes one command name, e.g. deriv help grad")
            }
        case "version", "--version", "-v":
            self = args.count == 1 || first != "version" ? .version : .unknown("'version' takes no arguments")
        default:
            if let named = command(first) {
                self = .run(named, dropsFirst: true)
            } else if Dispatch.isBareName(first), closestName(to: first, among: Dispatch.names) != nil {
                var message = Dispatch.unknownCommand(first)
                if !Dispatch.hasProgram(after: args) {
                    message += "\nnote: to differentiate the program '\(first)', write: deriv diff \(first)"
                }
                self = .unknown(message)
            } else if Dispatch.isBareName(first), Dispatch.hasProgram(after: args) {
                let words = Dispatch.positionals(args)
                self = .unknown("\(quote(first)) is not a command, and PROGRAM is one argument: quote the program "
                                + "(deriv \(quote(words.joined(separator: " "), limit: 60))) or start with a command "
                                + "('deriv help' lists them)")
            } else {
                self = .run(command(DerivCLI.defaultCommand)!, dropsFirst: false)
            }
        }
    }

    /// Every command name and word, for suggestions.
    static var names: [String] { DerivCLI.commands.map { $0.name } + words }

    static func unknownCommand(_ name: String) -> String {
        if let near = closestName(to: name, among: names) { return "unknown command \(quote(name)); did you mean '\(near)'?" }
        return "unknown command \(quote(name)); the commands are " + names.joined(separator: " ")
    }

    /// A name as the language spells it (`[A-Za-z_][A-Za-z0-9_]*`): a word that could be a command.
    static func isBareName(_ text: String) -> Bool {
        func letter(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        guard let first = text.utf8.first, letter(first) else { return false }
        return text.utf8.allSatisfy { letter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Whether the arguments after the first give a program of their own: a program argument
    /// (one that is no option and no option's value) or `-f FILE`.
    static func hasProgram(after args: [String]) -> Bool {
        args.dropFirst().contains("-f") || positionals(args).count > 1
    }

    /// The arguments that are neither options nor their values, the first included.
    static func positionals(_ args: [String]) -> [String] {
        let takesValue = Set((Option.common + DerivCLI.commands.flatMap { $0.options })
            .filter { $0.valueName != nil }.map(\.name))
        var result: [String] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" { return result + args[i...] }
            if arg.hasPrefix("--") || arg == "-h" {
                if !arg.contains("="), takesValue.contains(arg) { i += 1 }
            } else if takesValue.contains(arg) {
                i += 1
            } else {
                result.append(arg)
            }
        }
        return result
    }
}
