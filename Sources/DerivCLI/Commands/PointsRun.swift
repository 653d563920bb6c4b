@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
import Foundation

/// `--points FILE.csv` of `grad` and `eval` (docs/COMMANDS.md): a graph evaluated at every row of
/// a CSV file, written as CSV (the inputs, then the outputs) or, with `--json`, as JSON lines (one
/// object a point, in the shape `--json` gives at one point). The graph is run by
/// `BatchEvaluator`, which pays for each instruction once per block of points; the numbers are
/// those `--at` gives at each point, bit for bit.
///
/// Bad rows stop the command before anything is written, all of them reported (a screenful, then
/// a count); with `--skip-bad` the good rows are written and the bad ones listed as warnings.
/// A domain warning is reported once per place in the program, with how many points it concerns.
struct PointsRun {
    /// The CSV header's names of the graph's outputs (`value`, `d/dx`, …).
    var outputColumns: [String]
    /// The JSON line of a point.
    var jsonLine: RowLayout

    func run(_ p: Program, _ g: Graph, path: String, _ options: Options, _ console: Console) throws -> ExitStatus {
        let file: PointsFile
        do {
            var bytes: [UInt8]
            do { bytes = try console.io.readBytes(path) } catch {
                throw UsageError("cannot read \(quote(path, limit: 200)): \(error)")
            }
            file = try PointsFile(bytes: &bytes, path: path, inputs: p.inputs)
        }
        let inputs = Set(p.inputs)
        let unused = file.names.filter { !inputs.contains($0) }
        for name in unused.prefix(10) { console.warn("\(quote(name)) in \(path) is not an input of the program") }
        if unused.count > 10 { console.warn("\(unused.count - 10) more columns of \(path) are not inputs of the program") }
        try reportBadRows(file, path: path, skip: options.skipBad, console)

        let points = file.lines.count
        let result = BatchEvaluator(g).evaluate(columns: file.columns, points: points)
        reportWarnings(console, g, file, result.pointsWithNonFiniteValues, path: path)
        if options.json {
            write(console, jsonLine, file.columns, result, header: nil)
        } else {
            let csv = RowLayout.csv(inputs: p.inputs.count, outputs: outputColumns.count)
            write(console, csv, file.columns, result, header: (p.inputs + outputColumns).joined(separator: ",") + "\n")
        }
        return .success
    }

    /// Bad rows stop the command (a usage error listing them), or with `--skip-bad` are warnings.
    private func reportBadRows(_ file: PointsFile, path: String, skip: Bool, _ console: Console) throws {
        guard file.badRowCount > 0 else { return }
        let rows = file.badRows.map { "\(path):\($0.line): \($0.why)" }
        let unshown = file.badRowCount - file.badRows.count
        if skip {
            for row in rows { console.warn(row + "; the row is skipped") }
            if unshown > 0 { console.warn("\(grouped(unshown)) more bad rows of \(path) are skipped (\(grouped(file.badRowCount)) in all)") }
            return
        }
        var lines = rows
        if file.badRowCount > 1 {
            lines.append("\(path) has \(grouped(file.badRowCount)) bad rows"
                         + (unshown > 0 ? " (\(grouped(unshown)) more not shown)" : "")
                         + "; --skip-bad writes the good rows")
        }
        // One usage error, one `error:` line for each row.
        throw UsageError(lines.joined(separator: "\nerror: "))
    }

    /// Each place in the program where some point gives NaN or ±∞ is reported once: the warning
    /// `--at` gives at the first such point, with its file line and how many points there are in
    /// all. The points `BatchEvaluator` flagged are evaluated one at a time for the warnings.
    private func reportWarnings(_ console: Console, _ g: Graph, _ file: PointsFile, _ flagged: [Int], path: String) {
        var first: [Diagnostic] = []
        var firstLine: [Int] = []
        var count: [Int] = []
        var place: [SourceRange?: Int] = [:]
        var point = [Double](repeating: 0, count: file.columns.count)
        for p in flagged {
            for k in point.indices { point[k] = file.columns[k][p] }
            for w in Evaluator.evaluate(g, inputs: point).warnings {
                if let i = place[w.range] {
                    count[i] += 1
                } else {
                    place[w.range] = first.count
                    first.append(w)
                    firstLine.append(file.lines[p])
                    count.append(1)
                }
            }
        }
        console.report(first.indices.map { i in
            var d = first[i]
            var note = "at the point on line \(firstLine[i]) of \(path)"
            if count[i] > 1 { note += ", and at \(grouped(count[i] - 1)) more of the \(grouped(file.lines.count)) points" }
            d.notes.append(note)
            return d
        })
    }

    /// The lines of every point. Blocks of points are written side by side on the machine's cores,
    /// each into a buffer of its own, and the buffers written out in order.
    private func write(_ console: Console, _ layout: RowLayout, _ inputs: [[Double]], _ result: BatchEvaluator.Result,
                       header: String?) {
        if let header { console.out(header) }
        let points = result.values.count / Swift.max(1, result.outputCount)
        let block = 8192
        let blocks = (points + block - 1) / block
        let round = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        var first = 0
        while first < blocks {
            let count = Swift.min(round, blocks - first)
            let texts = Parallel.map(count) { i in
                let start = (first + i) * block
                return layout.lines(start..<Swift.min(points, start + block), inputs, result)
            }
            for text in texts { text.withBytes(0..<text.count) { console.io.outBytes($0) } }
            first += count
        }
    }
}

/// The text of one point's line: `pieces[k]` before the number `sources[k]`, `end` after the last.
struct RowLayout {
    var pieces: [[UInt8]]
    /// Which number each piece is followed by, an index into the numbers of a point: the inputs,
    /// then the outputs (CSV); or only the outputs (JSON). A number may be written twice.
    var sources: [Int]
    var end: [UInt8]
    var echoesInputs: Bool
    /// NaN and ±∞ are written in quotes ("NaN", "Infinity", "-Infinity"): JSON has no such numbers.
    var quotesNonFinite: Bool

    /// A CSV record: the inputs and the outputs, separated by commas.
    static func csv(inputs: Int, outputs: Int) -> RowLayout {
        let count = inputs + outputs
        return RowLayout(pieces: (0..<count).map { $0 == 0 ? [] : [UInt8(ascii: ",")] }, sources: Array(0..<count),
                         end: [UInt8(ascii: "\n")], echoesInputs: true, quotesNonFinite: false)
    }

    /// A JSON object on one line: the first output under the key `value` (if given), then the
    /// outputs from `group.first` on as an object under `group.key`, keyed by `group.names`, as
    /// `JSON.rendered` writes them (`{"value": 1, "gradient": {"x": 2}}`).
    static func json(value: String?, group: (key: String, names: [String], first: Int)?) -> RowLayout {
        var pieces: [String] = []
        var sources: [Int] = []
        var pending = "{"  // text after the last number: written before the next one, or at the end
        if let value {
            pieces.append(pending + JSON.quote(value) + ": ")
            sources.append(0)
            pending = ""
        }
        if let group {
            pending += (value == nil ? "" : ", ") + JSON.quote(group.key) + ": {"
            for (i, name) in group.names.enumerated() {
                pieces.append(pending + (i == 0 ? "" : ", ") + JSON.quote(name) + ": ")
                sources.append(group.first + i)
                pending = ""
            }
            pending += "}"
        }
        return RowLayout(pieces: pieces.map { Array($0.utf8) }, sources: sources, end: Array((pending + "}\n").utf8),
                         echoesInputs: false, quotesNonFinite: true)
    }

    /// The lines of `points`.
    func lines(_ points: Range<Int>, _ inputs: [[Double]], _ result: BatchEvaluator.Result) -> TextBuffer {
        var out = TextBuffer(capacity: points.count * (pieces.count + 1) * 24)
        let outputCount = result.outputCount
        result.values.withUnsafeBufferPointer { values in
            let inputCount = echoesInputs ? inputs.count : 0
            for point in points {
                for (k, source) in sources.enumerated() {
                    let v = source < inputCount ? inputs[source][point] : values[point * outputCount + source - inputCount]
                    write(v, after: k, to: &out)
                }
                end.withUnsafeBufferPointer { out.append($0) }
            }
        }
        return out
    }

    /// Writes `pieces[k]` and the number `v`.
    @inline(__always)
    private func write(_ v: Double, after k: Int, to out: inout TextBuffer) {
        pieces[k].withUnsafeBufferPointer { out.append($0) }
        writeNumber(v, to: &out, quotingNonFinite: quotesNonFinite)
    }
}

/// A count with thousands separated by commas, as messages write it (50,057).
func grouped(_ n: Int) -> String {
    var digits = Array(String(n))
    var i = digits.count - 3
    while i > (n < 0 ? 1 : 0) {
        digits.insert(",", at: i)
        i -= 3
    }
    return String(digits)
}
