@_spi(DerivCore) import DerivKit
import Foundation

/// The printed report: the machine, one table row per case, and the issue's targets.
enum Report {
    static func machine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (nproc), \(model)"
    }

    static func table(_ results: [CaseResult]) -> String {
        let header = ["family", "size", "inputs", "fn ops", "grad ops", "ratio", "parse ms", "lower ms",
                      "reverse ms", "forward ms", "eval µs", "batch µs/pt", "emit ms", "C µs", "peak MB"]
        var rows = [header]
        for r in results {
            rows.append([r.family.rawValue, r.size, "\(r.inputs)", "\(r.functionOps)", "\(r.gradientOps)",
                         fixed(r.ratio, 2), ms(r.parseMs), ms(r.lowerMs), ms(r.reverseMs), r.forwardMs.map(ms) ?? "—",
                         us(r.evalUs), us(r.batchUs), r.emitMs.map(ms) ?? "—", r.emittedCUs.map(us) ?? "—",
                         fixed(r.peakMB, 1)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max()! }
        var s = ""
        for (k, row) in rows.enumerated() {
            s += "| " + row.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                      : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: " | ") + " |\n"
            if k == 0 { s += "|" + widths.enumerated().map { c, w in String(repeating: "-", count: w + 1) + (c < 2 ? "-" : ":") }.joined(separator: "|") + "|\n" }
        }
        let notes = Set(results.flatMap(\.notes).map { $0.replacingOccurrences(of: #": \d.*"#, with: "", options: .regularExpression) })
        for n in notes.sorted() { s += "\nnote: \(n)" }
        return s
    }

    /// The issue's targets that deriv-bench can check alone (the peers' ratios are in peers.py).
    static func targets(_ results: [CaseResult]) -> String {
        var s = "\ntargets:\n"
        if let big = results.filter({ $0.family == .random }).max(by: { $0.functionOps < $1.functionOps }) {
            let total = big.parseMs + big.lowerMs + big.reverseMs
            s += "- random program, \(big.functionOps) operations: parse + lower + reverse = \(ms(total)) ms"
            s += big.emitMs.map { "; emit (whole command) \(ms($0)) ms" } ?? ""
            s += " (target: well under 2000 ms)\n"
        }
        s += "- scaling, 10× the program → × time and memory (target ≤ ~11×); timed cold (parse, lower, reverse: warm in parentheses):\n"
        for family in Family.allCases {
            let rs = results.filter { $0.family == family }.sorted { $0.functionOps < $1.functionOps }
            guard rs.count >= 2 else { continue }
            let (a, b) = (rs[rs.count - 2], rs[rs.count - 1])
            let f = Double(b.functionOps) / Double(a.functionOps)
            func x(_ p: Double, _ q: Double) -> String { fixed(q / p, 1) + "×" }
            func stage(_ cold: KeyPath<CaseResult, Double>, _ warm: KeyPath<CaseResult, Double>) -> String {
                "\(x(a[keyPath: cold], b[keyPath: cold])) (\(x(a[keyPath: warm], b[keyPath: warm])))"
            }
            s += "  \(family.rawValue) \(a.size) → \(b.size) (\(fixed(f, 1))× ops): parse \(stage(\.coldParseMs, \.parseMs)), "
            s += "lower \(stage(\.coldLowerMs, \.lowerMs)), reverse \(stage(\.coldReverseMs, \.reverseMs)), "
            if let p = a.forwardMs, let q = b.forwardMs { s += "forward \(x(p, q)) (warm), " }
            if let p = a.emitMs, let q = b.emitMs { s += "emit \(x(p, q)), " }
            s += "eval \(x(a.evalUs, b.evalUs)), peak memory \(x(a.peakMB, b.peakMB))\n"
        }
        return s
    }

    static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
    static func ms(_ v: Double) -> String { v < 1 ? fixed(v, 3) : v < 100 ? fixed(v, 1) : fixed(v, 0) }
    static func us(_ v: Double) -> String { v < 1 ? fixed(v, 3) : v < 100 ? fixed(v, 2) : fixed(v, 0) }
}
