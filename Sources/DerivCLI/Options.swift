import DerivKit

/// One command-line option a command accepts.
public struct OptionSpec {
    public let name: String          // "--at"
    public let valueName: String?    // "x=1.5,y=-2"; nil for a flag
    public let help: String

    public init(_ name: String, _ valueName: String?, _ help: String) {
        self.name = name; self.valueName = valueName; self.help = help
    }

    static let at = OptionSpec("--at", "x=1.5,y=-2", "the point; values such as pi/2, or @FILE.json; unused names get a warning")
    static let points = OptionSpec("--points", "FILE.csv", "evaluate at every row of FILE.csv (header: input names); writes CSV (--json: JSON lines)")
    static let skipBad = OptionSpec("--skip-bad", nil, "with --points: write the good rows and list the bad ones on stderr")
    static let wrt = OptionSpec("--wrt", "x,y", "differentiate with respect to these inputs, in this order")
    static let of = OptionSpec("--of", "f,g", "the outputs: names the program assigns (default: the last statement)")
    static let mode = OptionSpec("--mode", "forward|reverse", "which sweep computes derivatives (default reverse)")
    static let json = OptionSpec("--json", nil, "print JSON (shapes in docs/COMMANDS.md)")
    static let file = OptionSpec("-f", "FILE", "read the program from FILE ('-' as PROGRAM reads standard input)")
    static let help = OptionSpec("--help", nil, "show this help")
    static let version = OptionSpec("--version", nil, "print deriv's version")
    /// Accepted by every command.
    static let common: [OptionSpec] = [file, help, version]
}

/// The command line after splitting: the program text and the options given.
public struct Invocation {
    public var programText: String?
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []

    public func value(_ name: String) -> String? { values[name]?.last }
    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Splits `arguments` (after the command name) against the options `specs`.
    static func parse(_ arguments: [String], specs: [OptionSpec], io: IO) throws -> Invocation {
        var inv = Invocation()
        var positional: [String] = []
        var i = 0
        let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        while i < arguments.count {
            var arg = arguments[i] == "-h" ? "--help" : arguments[i]
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
            guard let spec = byName[arg] else {
                var message = "unknown option \(quote(arg))"
                if let near = closestName(to: arg, among: specs.map(\.name)) { message += "; did you mean '\(near)'?" }
                throw UsageError(message)
            }
            if spec.valueName != nil {
                if let v = inlineValue {
                    inv.values[arg, default: []].append(v)
                } else {
                    guard i < arguments.count else { throw UsageError("option '\(arg)' needs a value: \(arg) \(spec.valueName!)") }
                    inv.values[arg, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                if inlineValue != nil { throw UsageError("option '\(arg)' takes no value") }
                inv.flags.insert(arg)
            }
        }
        if inv.has("--help") || inv.has("--version") { return inv }
        for name in ["--wrt", "--of"] where inv.list(name)?.isEmpty == true {
            throw UsageError("\(name) needs at least one name")
        }
        if let file = inv.value("-f") {
            if !positional.isEmpty { throw UsageError("give the program either as an argument or with -f, not both") }
            do { inv.programText = try file == "-" ? io.readStandardInput() : io.readFile(file) } catch {
                throw UsageError("cannot read \(quote(file, limit: 200)): \(error)")
            }
            if inv.programText == nil { throw UsageError("cannot read \(quote(file, limit: 200))") }
        } else if positional.count == 1 {
            inv.programText = positional[0] == "-" ? io.readStandardInput() : positional[0]
            if inv.programText == nil { throw UsageError("cannot read the program from standard input") }
        } else if positional.isEmpty {
            throw UsageError("no program given: write it as one argument, e.g. deriv 'x^2*sin(x)'")
        } else {
            throw UsageError("expected one PROGRAM argument, got \(positional.count): \(positional.map { quote($0) }.joined(separator: " ")); quote the program")
        }
        return inv
    }

    /// Comma-separated names (`--wrt x,y`).
    func list(_ name: String) -> [String]? {
        value(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `--mode`, default reverse.
    func mode() throws -> Mode {
        guard let m = value("--mode") else { return .reverse }
        guard let mode = Mode(rawValue: m) else { throw UsageError("--mode takes 'forward' or 'reverse', not \(quote(m))") }
        return mode
    }

    /// `--at x=1.5,y=-2` (or another option of name=value pairs, such as `--v`) as name → value,
    /// in the order given (`NamedValues`); nil when the option is absent.
    func namedValues(_ option: String = "--at", io: IO) throws -> [(String, Double)]? {
        guard let arguments = values[option] else { return nil }
        return try arguments.flatMap { try NamedValues.parse($0, option: option, io: io) }
    }
}

import Foundation

extension Invocation {
    /// The value of an option naming one case of `T` (`--format dot`), or `fallback` when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ option: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = value(option) else { return fallback }
        guard let v = T(rawValue: text) else {
            throw UsageError("\(option) takes " + T.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ") + ", not '\(text)'")
        }
        return v
    }
}
