import Foundation
import DerivKit

/// `deriv ops PROGRAM`: what the full Jacobian costs in forward mode (one sweep per input) and
/// in reverse mode (one sweep per output), counted in operations of the simplified graphs, by
/// kind; which mode is cheaper; and how many input → output paths the naive "sum over all
/// paths" would have to multiply out. `CostAnalysis` documents what one sweep means.
enum OpsCommand: Command {
    static let name = "ops"
    static let summary = "operation counts: the function, forward and reverse mode, by kind"
    static let options: [OptionSpec] = [.wrt, .of, .json]

    static func run(_ context: Context) throws -> ExitStatus {
        let p = try context.program()
        let cost = CostAnalysis(p.graph, wrt: context.differentiationInputs(p))
        context.io.out(context.json ? json(cost).rendered + "\n" : text(cost, color: context.io.colorOutput))
        return .success
    }

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

    static func text(_ c: CostAnalysis, color: Bool) -> String {
        let n = c.inputs.count, m = c.outputs.count
        func plural(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        var out = GraphListing.signature(outputs: c.outputs, inputs: c.inputs) + ": "
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
        if n > 0 {
            var paths = TextTable([.init("input"), .init("paths", .right)])
            for (name, count) in zip(c.inputs, c.paths) { paths.append([.init(name, .name), .init(count.description)]) }
            out += paths.text(color: color)
        }
        return out
    }

    static func label(_ kind: CostClass) -> String { kind == .addSub ? "add/sub" : kind.rawValue }
}
