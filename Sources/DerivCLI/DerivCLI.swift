import DerivKit

/// One `deriv` command (`eval`, `grad`, …): its name, help and options, and what it does.
/// Each lives in its own file under Commands/ and is listed once in `DerivCLI.commands`.
public protocol Command {
    static var name: String { get }
    /// One line for `deriv --help`.
    static var summary: String { get }
    /// Options beyond the common ones (`-f`, `--help`).
    static var options: [OptionSpec] { get }
    static func run(_ context: Context) throws -> ExitStatus
}

/// The command-line front end: `deriv [COMMAND] PROGRAM [OPTIONS]` (docs/COMMANDS.md).
/// `main.swift` only calls `run`, so tests run every command in-process.
public enum DerivCLI {
    public static let version = "0.2.0"

    /// Every command, in the order `--help` lists them.
    static let commands: [any Command.Type] = [
        EvalCommand.self, GradCommand.self,
        DiffCommand.self, JacobianCommand.self, HessianCommand.self, HvpCommand.self,
        EmitCommand.self, OpsCommand.self, GraphCommand.self, TraceCommand.self, CheckCommand.self,
    ]
    /// The command run when the first argument is not a command name.
    static let defaultCommand = "diff"

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
        let specs = OptionSpec.common + command.options
        var context: Context?
        do {
            let inv = try Invocation.parse(args, specs: specs, io: io)
            if inv.has("--help") {
                io.out(help(for: command))
                return ExitStatus.success.rawValue
            }
            if inv.has("--version") {
                io.out("deriv \(version)\n")
                return ExitStatus.success.rawValue
            }
            context = Context(io: io, invocation: inv)
            return try command.run(context!).rawValue
        } catch let e as UsageError {
            io.err("error: \(e.message)\nusage: deriv \(command.name) PROGRAM [OPTIONS]; see 'deriv \(command.name) --help'\n")
            return ExitStatus.badUsage.rawValue
        } catch let d as Diagnostic {
            io.err(DiagnosticRenderer(source: context?.source).render(d))
            return ExitStatus.badProgram.rawValue
        } catch {
            io.err("error: \(error)\n")
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
        let options = command.options + OptionSpec.common
        let lefts = options.map { o in o.name + (o.valueName.map { " " + $0 } ?? "") }
        // The descriptions start in one column, two spaces after the longest option.
        let width = max(26, 2 + (lefts.map(\.count).max() ?? 0))
        for (o, left) in zip(options, lefts) {
            s += "  " + left + String(repeating: " ", count: width - left.count) + o.help + "\n"
        }
        return s
    }
}

/// What a running command needs: its streams, its options, and the program they name,
/// with the checks every command shares (parsing, `--at`, warnings).
public final class Context {
    public let io: IO
    public let invocation: Invocation
    /// Set once the program text has been read, so errors can quote it.
    public private(set) var source: SourceFile?

    init(io: IO, invocation: Invocation) {
        self.io = io
        self.invocation = invocation
    }

    /// Parses and lowers the program with `--wrt` and `--of` applied.
    public func program() throws -> Program {
        let source = SourceFile(invocation.programText ?? "")
        self.source = source
        return try Program(source: source, wrt: invocation.list("--wrt") ?? [], outputs: invocation.list("--of"))
    }

    /// The indices of the inputs to differentiate with respect to: `--wrt`, or all inputs.
    public func differentiationInputs(_ p: Program) -> [Int] {
        guard let wrt = invocation.list("--wrt") else { return Array(p.inputs.indices) }
        let used = usedNames(p)
        let index = Dictionary(p.inputs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for name in wrt where !used.contains(name) {
            warn("\(quote(name)) in --wrt does not appear in the program; its derivative is 0")
        }
        return wrt.compactMap { index[$0] }
    }

    /// The point given by `--at`, one value per input of `p`. Names the program does not use get
    /// a warning; an input without a value is a usage error.
    public func point(for p: Program) throws -> [Double] {
        guard let given = try invocation.namedValues("--at", io: io) else {
            if p.inputs.isEmpty { return [] }
            throw UsageError("give a point with --at, e.g. --at " + p.inputs.prefix(5).map { "\(shown($0))=1" }.joined(separator: ","))
        }
        let values = checkedNames(given, option: "--at", inputs: p.inputs, program: p)
        let used = usedNames(p)
        return try p.inputs.map { name in
            guard let v = values[name] ?? (used.contains(name) ? nil : 0) else {
                var message = "no value for input \(quote(name)): add it to --at, e.g. --at \(shown(name))=1"
                // A misspelt constant or variable becomes an input; name what was probably meant.
                if let near = closestName(to: name, among: ["pi", "e"] + p.ast.statements.compactMap { $0.target.map(p.ast.spelling) }) {
                    message += "; or did you mean '\(near)'?"
                }
                throw UsageError(message)
            }
            return v
        }
    }

    /// The direction `--v` of `deriv hvp`, one value per input in `wrt` (indices into `p.inputs`);
    /// an input it does not name has 0.
    public func direction(for p: Program, wrt: [Int]) throws -> [Double] {
        guard let given = try invocation.namedValues("--v", io: io) else {
            throw UsageError("give a direction with --v, e.g. --v " + wrt.prefix(5).enumerated()
                .map { "\(shown(p.inputs[$1]))=\($0 == 0 ? 1 : 0)" }.joined(separator: ","))
        }
        let values = checkedNames(given, option: "--v", inputs: wrt.map { p.inputs[$0] }, program: p)
        return wrt.map { values[p.inputs[$0]] ?? 0 }
    }

    /// `given` as a dictionary (the last value of a name wins), with warnings for names given
    /// twice and for names that are not among `inputs`.
    private func checkedNames(_ given: [(String, Double)], option: String, inputs: [String], program p: Program) -> [String: Double] {
        var values: [String: Double] = [:]
        var repeated: [String] = []
        for (name, v) in given {
            if values.updateValue(v, forKey: name) != nil { repeated.append(name) }
        }
        for name in repeated.prefix(10) { warn("\(quote(name)) is given more than once in \(option); the last value is used") }
        let known = Set(inputs)
        let unknown = given.map(\.0).filter { !known.contains($0) }
        let used = usedNames(p)
        for name in unknown.prefix(10) {
            var message = "\(quote(name)) in \(option) is not an input of the program"
            if p.inputs.contains(name) {
                message = "\(quote(name)) in \(option) is not among the inputs of --wrt, so it is not used"
            } else if let constant = Constants.value(of: name), used.contains(name), !assigns(p, name) {
                message = "\(quote(name)) in \(option) is not an input: in this program \(name) is the constant "
                    + "\(formatNumber(constant)); \(Constants.renaming(name))"
            } else if let near = closestName(to: name, among: inputs), values[near] == nil {
                message += "; did you mean '\(near)'?"
            }
            warn(message)
        }
        if unknown.count > 10 { warn("\(unknown.count - 10) more names in \(option) are not inputs of the program") }
        return values
    }

    private func assigns(_ p: Program, _ name: String) -> Bool {
        p.ast.statements.contains { $0.target.map(p.ast.spelling) == name }
    }

    /// A name as an example of `--at` shows it: itself, unless it is too long for a message.
    private func shown(_ name: String) -> String { name.count <= 40 ? name : "NAME" }

    /// The names the program text uses; an input only `--wrt` names needs no value (nothing depends on it).
    private func usedNames(_ p: Program) -> Set<String> {
        var used = Set<String>()
        for n in p.ast.nodes { if case .name(let name) = n.kind { used.insert(p.ast.spelling(name)) } }
        return used
    }

    /// The most node visits forward mode may take (sweeps × graph size): about a minute. Forward
    /// mode needs one sweep per input, so a sum of a million inputs would take hours; past this
    /// limit the command says so and points at reverse mode (one sweep) instead of seeming to hang.
    public static let forwardModeWorkLimit = 1_000_000_000

    public func checkForwardModeWork(sweeps: Int, graph: Graph) throws {
        guard sweeps * graph.count > Context.forwardModeWorkLimit else { return }
        throw UsageError("forward mode takes one sweep per input: \(sweeps) sweeps over \(graph.count) nodes "
                         + "is more than deriv does (10^9 node visits); use --mode reverse, which takes one sweep")
    }

    /// The most node visits the symbolic derivatives that take one sweep per input may take
    /// (`diff --order 2` and up, the formulas of `hessian`): each sweep is simplified, about
    /// 10 µs a node, so this is about a minute.
    public static let symbolicSweepsWorkLimit = 20_000_000
    /// The most entries of a Hessian deriv writes out (the upper triangle).
    public static let hessianEntryLimit = 10_000_000

    /// A usage error, instead of minutes or gigabytes, for derivatives that take one sweep per
    /// input over a big program, or a Hessian of more entries than anyone reads.
    public func checkWorkPerInput(_ what: String, inputs n: Int, graph: Graph, symbolic: Bool, entries: Int? = nil) throws {
        if let entries, entries > Context.hessianEntryLimit {
            throw UsageError("\(what) has \(entries) entries for \(n) inputs, more than deriv writes (10^7); "
                             + "choose fewer inputs with --wrt")
        }
        if symbolic, n * graph.count > Context.symbolicSweepsWorkLimit {
            throw UsageError("\(what) takes one sweep per input: \(n) sweeps over \(graph.count) nodes is more than "
                             + "deriv simplifies (2·10^7 node visits); choose fewer inputs with --wrt")
        }
        try checkForwardModeWork(sweeps: n, graph: graph)
    }

    public func warn(_ message: String) { io.err("warning: \(message)\n") }

    /// Prints diagnostics (warnings from evaluation) with the source line and caret.
    public func report(_ diagnostics: [Diagnostic]) {
        let renderer = DiagnosticRenderer(source: source)
        for d in diagnostics { io.err(renderer.render(d)) }
    }

    public var json: Bool { invocation.has("--json") }
}
