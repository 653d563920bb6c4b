@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import Foundation

/// The command line of one run, parsed and checked before the command runs: the program and
/// every option as a typed value (docs/COMMANDS.md). An option that is not given keeps its
/// default here; nil means the command's own default (`--mode`: reverse), which help states.
struct Options {
    /// The program text (PROGRAM, `-f FILE`, or standard input for `-`), which diagnostics quote.
    var source = SourceFile("")
    var file: String?
    var at: NamedValues.Given?
    var points: String?
    var skipBad = false
    var wrt: [String]?
    var of: [String]?
    var mode: Mode?
    var json = false
    /// `diff`, `jacobian` and `hessian`: how formulas are written.
    var formulaFormat: FormulaPrinter.Format?
    /// `graph`: how the graph is drawn.
    var graphFormat: GraphCommand.Format?
    /// `trace`: how the tables are laid out.
    var traceFormat: TraceCommand.Format?
    var order = 1
    var inline = false
    var grad = false
    var direction: NamedValues.Given?
    var language: CodeLanguage?
    var functionName = "f"
    var array = false
    /// `--group params=w1,w2`: inputs passed as one array per group (`deriv emit`).
    var groups: [InputGroup] = []
    var header = false
    var batch = false
    var all = false
    /// `--dims n=3,m=2`: sizes of the dimension names of a vector or matrix program.
    var dims: [String: Int]?
    /// The command being run (`grad`), for messages about what it does not take.
    var commandName = ""

    /// Parses and lowers the program with `--wrt` and `--of` applied (a `SelectionError` when they
    /// do not fit it, which `usageMessage` words).
    /// A vector or matrix program is an error here: only the commands of `anyProgram()` take one.
    func program() throws -> Program {
        switch try anyProgram() {
        case .scalar(let p):
            return p
        case .matrix(let m):
            throw Diagnostic.error("'deriv \(commandName)' does not take vector and matrix programs yet; diff, eval, grad, check, hvp, jacobian --at, hessian --at, graph, ops, trace and emit (C, JavaScript, Swift, NumPy) do",
                                   at: MatrixProgram.firstMatrixFeature(in: m.ast))
        }
    }

    /// A program of scalars or one over vectors and matrices (docs/MATRICES.md), parsed once.
    enum AnyProgram {
        case scalar(Program)
        case matrix(MatrixProgram)
    }

    func anyProgram() throws -> AnyProgram {
        let ast = try Parser.parse(source)
        if MatrixProgram.firstMatrixFeature(in: ast) != nil { return .matrix(try MatrixProgram(source: source, ast: ast)) }
        return .scalar(try Program(lowering: ast, of: source, wrt: wrt ?? [], outputs: of))
    }

    /// `program()` for a command that takes one output (`grad`, `hessian`, `hvp`, `check`): more
    /// is a usage error, `"<command> takes one output; <hint>"`.
    func program(oneOutputFor command: String, hint: String = "choose it with --of") throws -> Program {
        try oneOutput(try program(), for: command, hint: hint)
    }

    func oneOutput(_ p: Program, for command: String, hint: String = "choose it with --of") throws -> Program {
        if p.graph.outputs.count > 1 { throw UsageError("\(command) takes one output; \(hint)") }
        return p
    }

    // MARK: Checks of options that go together

    /// `--points` goes without `--at`; `--skip-bad` goes with `--points`.
    func checkPoints() throws {
        guard points != nil else {
            if skipBad { throw UsageError("--skip-bad goes with --points FILE.csv") }
            return
        }
        if at != nil { throw UsageError("give either --at or --points, not both") }
    }

    /// `--json` with a `--format` that only lays out text (graph's DOT, trace's Markdown).
    func checkJSON<F: RawRepresentable>(against format: F?) throws where F.RawValue == String {
        if json, let format {
            throw UsageError("--json and --format \(format.rawValue) are two ways to print the same thing; give one")
        }
    }
}

/// Every option of every command, declared once; a command lists the ones it takes, in the order
/// its help shows them.
extension Option {
    static let at = namedValues("--at", "x=1.5,y=-2", "the point; values such as pi/2, or @FILE.json; unused names get a warning", \.at)
    static let points = value("--points", "FILE.csv", "evaluate at every row of FILE.csv (header: input names); writes CSV (--json: JSON lines)", \.points) { $0 }
    static let skipBad = flag("--skip-bad", "with --points: write the good rows and list the bad ones on stderr", \.skipBad)
    static let wrt = names("--wrt", "x,y", "differentiate with respect to these inputs, in this order", \.wrt)
    static let of = names("--of", "f,g", "the outputs: names the program assigns (default: the last statement)", \.of)
    static let mode = choice("--mode", "which sweep computes derivatives (default reverse)", \.mode)
    static let dims = value("--dims", "n=3,m=2", "sizes of the dimension names of vectors and matrices (docs/MATRICES.md)", \.dims) { text in
        var sizes: [String: Int] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, let n = Int(pieces[1]), (1...Int(Int32.max)).contains(n) else {
                throw UsageError("--dims expects name=size pairs with whole sizes from 1 to 2147483647, such as n=3,m=2, got \(quote(String(part)))")
            }
            sizes[pieces[0]] = n
        }
        return sizes
    }
    static let json = flag("--json", "print JSON (shapes in docs/COMMANDS.md)", \.json)

    static let formulaFormat = choice("--format", "text (default; deriv reads it back) or LaTeX", \.formulaFormat)
    static let graphFormat = choice("--format", "a numbered SSA listing (default), Graphviz DOT, or an SVG picture", \.graphFormat,
                                    elsewhere: ["html": "deriv trace", "markdown": "deriv trace", "latex": "deriv diff"])
    static let traceFormat = choice("--format", "aligned tables (default), Markdown, or a page stepping through the sweeps",
                                    \.traceFormat, elsewhere: ["svg": "deriv graph", "dot": "deriv graph", "ssa": "deriv graph"])
    static let order = value("--order", "n", "the n-th derivative in each variable (default 1)", \.order) { text in
        guard let n = Int(text), (1...20).contains(n) else {
            throw UsageError("--order takes a whole number from 1 to 20, not '\(text)'")
        }
        return n
    }
    static let inline = flag("--inline", "one expression per derivative: name no shared parts", \.inline)
    static let grad = flag("--grad", "show the reverse-mode gradient graph, its derivative nodes marked (svg: adjoints)", \.grad)
    static let direction = namedValues("--v", "x=1,y=0", "the direction v: values as --at takes them; inputs not named have 0", \.direction)
    static let language = value("--lang", "c|swift|python|numpy|javascript", "the language to write", \.language) { text in
        guard let language = CodeLanguage(rawValue: text.lowercased()) ?? (text.lowercased() == "js" ? .javascript : nil) else {
            throw UsageError("--lang takes c, swift, python, numpy or javascript, not '\(text)'")
        }
        return language
    }
    static let functionName = value("--name", "f", "the function's name (default f); the others add _grad, _jvp, _jac, or Gradient, JVP, Jacobian", \.functionName) { $0 }
    static let array = flag("--array", "take the inputs as one array instead of one parameter each", \.array)
    static let group = Option("--group", "NAME=x,y", "pass these inputs as one array argument NAME; repeatable; --wrt then names groups") { options, texts in
        options.groups = try texts.map { text in
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, !name.isEmpty else {
                throw UsageError("--group expects NAME=input,input,…, such as --group params=w1,w2,b, got \(quote(text))")
            }
            let inputs = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return InputGroup(name, inputs)
        }
    }
    static let header = flag("--header", "print the functions' declarations instead of the code (c: a header; javascript: a .d.mts)", \.header)
    static let batch = flag("--batch", "C: also NAME_grad_batch (f_grad_batch for --name f), the gradient at many points in one call", \.batch)
    static let allInputs = flag("--all", "list every input (past \(OpsCommand.summaryLimit) the text shows a few)", \.all)

    static let file = value("-f", "FILE", "read the program from FILE ('-' as PROGRAM reads standard input)", \.file) { $0 }
    static let help = Option("--help", nil, "show this help")
    static let version = Option("--version", nil, "print deriv's version")
    /// Accepted by every command.
    static let common: [Option] = [file, help, version]
}
