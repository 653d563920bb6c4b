@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import Foundation

/// `deriv ops PROGRAM`: what the full Jacobian costs in forward mode (one sweep per input) and
/// in reverse mode (one sweep per output), counted in operations of the simplified graphs, by
/// kind; which mode is cheaper; and how many input → output paths the naive "sum over all
/// paths" would have to multiply out. `CostAnalysis` documents what one sweep means. Past
/// `summaryLimit` inputs the text lists a few of them (`--all`: every one); JSON lists all.
enum OpsCommand: Command {
    static let name = "ops"
    static let summary = "operation counts: the function, forward and reverse mode, by kind"
    static let options: [Option] = [.wrt, .of, .json, .allInputs, .dims, .at]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).ops()
        case .scalar(let s):
            if options.at != nil || options.dims != nil {
                throw UsageError("--at and --dims give the sizes of a vector or matrix program; a program of scalars has none")
            }
            p = s
        }
        let cost = CostAnalysis(p.graph, wrt: InputCheck(p, console).differentiationInputs(options.wrt))
        console.out(options.json ? json(cost).rendered + "\n" : text(cost, color: console.io.colorOutput, all: options.all))
        return .success
    }

    /// Inputs (or outputs) past which the text shows some of them: the first and last
    /// `summaryEnds`, and in the path table the inputs with the most and the fewest paths.
    static let summaryLimit = 20
    static let summaryEnds = 5

    // MARK: JSON

    static func json(_ c: CostAnalysis) -> JSON {
        func kinds(_ count: OpCount) -> JSON { .object(OpCount.kinds.map { ($0.rawValue, .number(Double(count[$0]))) }) }
        func sweeps(_ s: CostAnalysis.Sweeps) -> JSON {
            .object([("sweeps", .number(Double(s.sweeps))), ("opsPerSweep", .number(Double(s.perSweep.total))),
                     ("total", .number(Double(s.total))), ("byKind", kinds(s.perSweep))])
        }
        return .object([
            ("inputs", .number(Double(c.inputs.count))),
            ("outputs", .number(Double(c.outputs.count))),
            ("function", .object([("ops", .number(Double(c.function.total))), ("byKind", kinds(c.function))])),
            ("forward", sweeps(c.forward)),
            ("reverse", sweeps(c.reverse)),
            ("cheaper", .string(c.cheaper?.rawValue ?? "either")),
            ("factor", .number(c.factor)),
            ("edges", .number(Double(c.edges))),
            ("paths", .object([("total", pathJSON(c.pathTotal)),
                               ("byInput", .object(zip(c.inputs, c.paths).map { ($0, pathJSON($1)) }))])),
        ])
    }

    /// A path count as a JSON number while every reader gets it exactly (≤ 2^53), otherwise as
    /// a string: its exact decimal digits, or `≈1.2345678e+400` past 2^1024.
    static func pathJSON(_ p: PathCount) -> JSON {
        if let n = p.uint64, n <= 1 << 53 { return .number(Double(n)) }
        return .string(p.description)
    }

    // MARK: Text

    static func text(_ c: CostAnalysis, color: Bool, all: Bool = false) -> String {
        let n = c.inputs.count, m = c.outputs.count
        func plural(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        func names(_ list: [String]) -> [String] {
            let shown = all ? Array(list.indices) : summarized(list.count)
            var result: [String] = []
            for (k, i) in shown.enumerated() {
                if k > 0, i > shown[k - 1] + 1 { result.append("…") }
                result.append(list[i])
            }
            return result
        }
        var out = GraphListing.signature(outputs: names(c.outputs), inputs: names(c.inputs)) + ": "
            + "\(plural(n, "input")), \(plural(m, "output"))\n\n"

        var kinds = TextTable([.init("operations")] + OpCount.kinds.map { .init(label($0), .right) } + [.init("total", .right)])
        func row(_ title: String, _ count: OpCount) {
            kinds.append([.init(title)] + OpCount.kinds.map { .init(String(count[$0])) } + [.init(String(count.total), .name)])
        }
        row("function", c.function)
        row("one forward sweep (J·ẋ)", c.forward.perSweep)
        row("one reverse sweep (ȳ·J)", c.reverse.perSweep)
        out += kinds.text(color: color) + "\n"

        out += "full Jacobian (\(m) × \(n)): evaluate the function once, then one sweep per input (forward) or per output (reverse)\n"
        var modes = TextTable([.init("mode"), .init("sweeps", .right), .init("× ops per sweep", .right),
                               .init("+ function", .right), .init("= total", .right)])
        for s in [c.forward, c.reverse] {
            modes.append([.init(s.mode.rawValue, .name), .init(String(s.sweeps)), .init(String(s.perSweep.total)),
                          .init(String(c.function.total)), .init(String(s.total), c.cheaper == s.mode ? .result : .plain)])
        }
        out += modes.text(color: color)
        if let mode = c.cheaper {
            out += "  \(mode.rawValue) mode is cheaper, by a factor of \(String(format: "%.3g", c.factor))\n"
        } else {
            out += "  both modes cost the same\n"
        }

        out += "\ninput → output paths: \(c.pathTotal) (terms of the sum over all paths); edges: \(c.edges)"
            + " (one sweep multiplies each local partial once)\n"
        if n > 0 { out += pathTable(c, color: color, all: all) }
        return out
    }

    /// Paths by input: every input, or past `summaryLimit` the first and last few and the
    /// extremes, with a line saying how to see them all.
    static func pathTable(_ c: CostAnalysis, color: Bool, all: Bool) -> String {
        let n = c.inputs.count
        guard !all, n > summaryLimit else {
            var paths = TextTable([.init("input"), .init("paths", .right)])
            for (name, count) in zip(c.inputs, c.paths) { paths.append([.init(name, .name), .init(count.description)]) }
            return paths.text(color: color)
        }
        // The first input with the most paths, and the first with the fewest.
        let most = c.paths.indices.max { c.paths[$0] < c.paths[$1] }!
        let fewest = c.paths.indices.min { c.paths[$0] < c.paths[$1] }!
        let shown = summarized(n, including: [most, fewest])
        var paths = TextTable([.init("input"), .init("paths", .right), .init("")])
        for (k, i) in shown.enumerated() {
            if k > 0, i > shown[k - 1] + 1 { paths.append([.init("…", .note)]) }
            let note = i == most && i == fewest ? "" : i == most ? "most" : i == fewest ? "fewest" : ""
            paths.append([.init(c.inputs[i], .name), .init(c.paths[i].description), .init(note, .note)])
        }
        return paths.text(color: color)
            + "  \(shown.count) of \(n) inputs shown (the first and last \(summaryEnds), the most and fewest paths); "
            + "'deriv ops --all' lists every input, '--json' gives every count\n"
    }

    /// The indices of `count` items a summary shows, in order: all up to `summaryLimit`, else the
    /// first and last `summaryEnds` and those in `including`.
    static func summarized(_ count: Int, including: [Int] = []) -> [Int] {
        guard count > summaryLimit else { return Array(0..<count) }
        return Array(Set(Array(0..<summaryEnds) + Array((count - summaryEnds)..<count) + including)).sorted()
    }

    static func label(_ kind: CostClass) -> String { kind == .addSub ? "add/sub" : kind.rawValue }
}
