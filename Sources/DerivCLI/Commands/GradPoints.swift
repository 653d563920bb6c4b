import DerivKit

/// `deriv grad PROGRAM --points FILE.csv`: the value and gradient at every point of a CSV file,
/// written as CSV: the header repeats the inputs, then `value`, then `d/dx` for each input
/// differentiated. The derivative graph is built once and run by `BatchEvaluator`, which pays
/// for each instruction once per block of points; the numbers are those `--at` gives at each
/// point, bit for bit. Domain warnings are those `--at` gives, each reported once with the first
/// line of the file that triggers it.
extension GradCommand {
    static func runPoints(_ context: Context, _ p: Program, wrt: [Int], path: String) throws -> ExitStatus {
        let invocation = context.invocation
        if invocation.values["--at"] != nil { throw UsageError("give either --at or --points, not both") }
        if context.json { throw UsageError("--points writes CSV; --json is for one point (--at)") }
        let text: String?
        do { text = try path == "-" ? context.io.readStandardInput() : context.io.readFile(path) } catch {
            throw UsageError("cannot read '\(path)': \(error.localizedDescription)")
        }
        let file = try PointsFile(parsing: text ?? "", path: path)
        for name in file.names where !p.inputs.contains(name) {
            context.warn("'\(name)' in \(path) is not an input of the program")
        }
        let columns = try p.inputs.map { name in
            guard let k = file.names.firstIndex(of: name) else {
                throw UsageError("\(path) has no column for input '\(name)'; its header names the inputs: "
                                 + p.inputs.joined(separator: ","))
            }
            return file.columns[k]
        }

        let g = Derivatives.gradient(p.graph, wrt: wrt, mode: try invocation.mode())
        let result = BatchEvaluator(g).evaluate(columns: columns, points: file.lines.count)
        reportWarnings(context, g, columns, result.pointsWithNonFiniteValues, lines: file.lines, path: path)

        var out = (p.inputs + ["value"] + wrt.map { "d/d" + p.inputs[$0] }).joined(separator: ",") + "\n"
        for point in 0..<file.lines.count {
            for column in columns { out += formatNumber(column[point]) + "," }
            out += result.outputs(at: point).map(formatNumber).joined(separator: ",") + "\n"
            if out.utf8.count > 1 << 16 {
                context.io.out(out)
                out = ""
            }
        }
        context.io.out(out)
        return .success
    }

    /// Evaluates the points where non-finite values appeared one at a time, for `Evaluator`'s
    /// warnings; each distinct warning is reported once, noting the first line that gives it.
    private static func reportWarnings(_ context: Context, _ g: Graph, _ columns: [[Double]], _ points: [Int],
                                       lines: [Int], path: String) {
        var seen: [Diagnostic: (line: Int, count: Int)] = [:]
        var order: [Diagnostic] = []
        for point in points {
            for w in Evaluator.evaluate(g, inputs: columns.map { $0[point] }).warnings {
                if let s = seen[w] { seen[w] = (s.line, s.count + 1); continue }
                seen[w] = (lines[point], 1)
                order.append(w)
            }
        }
        context.report(order.map { w in
            let (line, count) = seen[w]!
            var d = w
            d.notes.append("at the point on line \(line) of \(path)" + (count > 1 ? " and \(count - 1) more" : ""))
            return d
        })
    }
}
