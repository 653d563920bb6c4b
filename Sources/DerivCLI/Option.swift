@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
import DerivKit
import Foundation

/// One command-line option: how `--help` lists it, and how its text becomes a typed value of
/// `Options`. Every option is declared once, in Options.swift; a command lists the ones it takes.
struct Option: Sendable {
    let name: String
    /// What help shows after the name (`x,y`, `text|latex`); nil for a flag.
    let valueName: String?
    let help: String
    /// Stores the option's value in `options`, from every text given for it (one per occurrence;
    /// none for a flag), or throws a `UsageError`.
    let read: @Sendable (_ options: inout Options, _ texts: [String]) throws -> Void

    init(_ name: String, _ valueName: String?, _ help: String,
         read: @escaping @Sendable (_ options: inout Options, _ texts: [String]) throws -> Void = { _, _ in }) {
        self.name = name; self.valueName = valueName; self.help = help; self.read = read
    }

    /// A flag (`--json`): true when given.
    static func flag(_ name: String, _ help: String, _ field: WritableKeyPath<Options, Bool> & Sendable) -> Option {
        Option(name, nil, help) { options, _ in options[keyPath: field] = true }
    }

    /// An option with a value (`--order 2`); when given more than once, the last value counts.
    static func value<V>(_ name: String, _ valueName: String, _ help: String, _ field: WritableKeyPath<Options, V> & Sendable,
                         _ parse: @escaping @Sendable (String) throws -> V) -> Option {
        Option(name, valueName, help) { options, texts in options[keyPath: field] = try parse(texts.last!) }
    }

    /// An option naming one case of `V` (`--format dot`); help lists the cases (`ssa|dot`).
    /// `elsewhere` names the command that takes a value this one does not (`svg` → `deriv graph`),
    /// which the error then says.
    static func choice<V: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ help: String, _ field: WritableKeyPath<Options, V?> & Sendable,
                                                           elsewhere: [String: String] = [:])
        -> Option where V.RawValue == String {
        let cases = V.allCases.map(\.rawValue)
        return value(name, cases.joined(separator: "|"), help, field) { text in
            guard let v = V(rawValue: text) else {
                throw UsageError("\(name) takes " + cases.map { "'\($0)'" }.joined(separator: " or ")
                                 + ", not \(quote(text))" + (elsewhere[text].map { "; \(name) \(text) is for \($0)" } ?? ""))
            }
            return v
        }
    }

    /// Comma-separated names (`--wrt x,y`): at least one.
    static func names(_ name: String, _ valueName: String, _ help: String, _ field: WritableKeyPath<Options, [String]?> & Sendable) -> Option {
        value(name, valueName, help, field) { text in
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty { throw UsageError("\(name) needs at least one name") }
            return names
        }
    }

    /// `name=value` pairs (`--at x=1.5,y=-2`, or `@FILE.json`); the pairs of every occurrence count.
    static func namedValues(_ name: String, _ valueName: String, _ help: String,
                            _ field: WritableKeyPath<Options, NamedValues.Given?> & Sendable) -> Option {
        Option(name, valueName, help) { options, texts in options[keyPath: field] = NamedValues.Given(option: name, texts: texts) }
    }
}

/// What a command line asks for, once split against a command's options.
enum ParsedCommandLine {
    case help
    case version
    case run(Options)

    /// Splits `arguments` (after the command name) against `declared`, then reads each option's
    /// value (in the order of `declared`) and the program. `--help` and `--version` win over
    /// everything but an unknown option or a missing value.
    init(_ arguments: [String], declared: [Option], io: IO) throws {
        var texts: [String: [String]] = [:]
        var positional: [String] = []
        var i = 0
        let byName = Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0) })
        while i < arguments.count {
            var arg = arguments[i] == "-h" ? Option.help.name : arguments[i]
            i += 1
            // Options are `--name` and the declared one-letter ones (`-f`); any other argument that
            // starts with '-' is a program (`-x^2`, `-1`), so it needs no quoting tricks.
            if !arg.hasPrefix("--") && byName[arg] == nil {
                positional.append(arg)
                continue
            }
            if arg == "--" {
                positional += arguments[i...]
                break
            }
            var inlineValue: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                inlineValue = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            guard let option = byName[arg] else {
                var message = "unknown option \(quote(arg))"
                if let near = closestName(to: arg, among: declared.map(\.name)) { message += "; did you mean '\(near)'?" }
                throw UsageError(message)
            }
            if let valueName = option.valueName {
                if let v = inlineValue {
                    texts[arg, default: []].append(v)
                } else {
                    guard i < arguments.count else { throw UsageError("option '\(arg)' needs a value: \(arg) \(valueName)") }
                    texts[arg, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                if inlineValue != nil { throw UsageError("option '\(arg)' takes no value") }
                texts[arg, default: []] = []
            }
        }
        if texts[Option.help.name] != nil { self = .help; return }
        if texts[Option.version.name] != nil { self = .version; return }
        var options = Options()
        for option in declared {
            if let given = texts[option.name] { try option.read(&options, given) }
        }
        options.source = SourceFile(try ParsedCommandLine.programText(positional, file: options.file, io: io))
        self = .run(options)
    }

    /// The program: the one PROGRAM argument (`-` reads standard input), or the file of `-f`.
    private static func programText(_ positional: [String], file: String?, io: IO) throws -> String {
        if let file {
            if !positional.isEmpty { throw UsageError("give the program either as an argument or with -f, not both") }
            let text: String?
            do { text = try file == "-" ? io.readStandardInput() : io.readFile(file) } catch {
                throw UsageError("cannot read \(quote(file, limit: 200)): \(error)")
            }
            guard let text else { throw UsageError("cannot read \(quote(file, limit: 200))") }
            return text
        }
        switch positional.count {
        case 1:
            guard let text = positional[0] == "-" ? io.readStandardInput() : positional[0] else {
                throw UsageError("cannot read the program from standard input")
            }
            return text
        case 0:
            throw UsageError("no program given: write it as one argument, e.g. deriv 'x^2*sin(x)'")
        default:
            throw UsageError("expected one PROGRAM argument, got \(positional.count): \(positional.map { quote($0) }.joined(separator: " ")); quote the program")
        }
    }
}
