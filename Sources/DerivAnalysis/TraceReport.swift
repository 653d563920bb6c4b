@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
/// How a trace is written (`Program.trace(at:format:)`): tables for a terminal, or Markdown.
public enum TraceFormat: String, CaseIterable, Sendable { case text, markdown }

/// The text of `deriv trace`: a `Trace` as tables, for a terminal (aligned, optionally coloured)
/// or as Markdown for notes. Numbers are printed in full (the shortest text that reads back to
/// the same Double), so every row can be checked by hand.
package struct TraceReport {
    /// How the tables are written (`TraceFormat`).
    package typealias Format = TraceFormat

    package let trace: Trace
    package let format: Format
    package let color: Bool

    package init(_ trace: Trace, format: Format = .text, color: Bool = false) {
        self.trace = trace
        self.format = format
        self.color = color
    }

    package var text: String {
        let at = trace.point.map { "\($0.name) = \(formatNumber($0.value))" }.joined(separator: ", ")
        var out = heading(1, GraphListing.signature(outputs: trace.outputs, inputs: trace.point.map(\.name))
                          + (at.isEmpty ? "" : " at " + at))
        out += heading(2, "Forward pass: each value from the ones before it")
        out += render(valueTable())
        for sweep in trace.sweeps {
            out += "\n"
            switch sweep.mode {
            case .reverse:
                let f = sweep.variable
                out += heading(2, "Reverse sweep for \(f) (adjoints): ∂\(f)/∂v = Σ over the users u of v: ∂\(f)/∂u · ∂u/∂v"
                               + "  (downstream = upstream × local)")
            case .forward:
                let x = sweep.variable
                out += heading(2, "Tangent sweep for \(x) (forward mode): ∂v/∂\(x) = Σ over the arguments u of v: ∂v/∂u · ∂u/∂\(x)"
                               + "  (local × upstream)")
            }
            out += render(sweepTable(sweep))
            out += "\n" + render(resultTable(sweep))
        }
        return out
    }

    // MARK: Tables

    private func valueTable() -> TextTable {
        var t = TextTable([.init("name"), .init("operation"), .init("formula"), .init("with the numbers"),
                           .init("= value", .decimal)])
        for s in trace.steps {
            t.append([.init(s.name, .name), .init(s.operation, s.formula.isEmpty ? .note : .plain),
                      .init(s.formula, .formula), .init(s.substituted, .formula), .init(formatNumber(s.value))])
        }
        return t
    }

    /// One row per term; the derivative's name on its first row and its value (the sum) on its last.
    private func sweepTable(_ sweep: Trace.Sweep) -> TextTable {
        let reverse = sweep.mode == .reverse
        let f = sweep.variable
        let derivativeHeader = reverse ? "∂\(f)/∂v" : "∂v/∂\(f)"
        var t = TextTable(reverse
            ? [.init(derivativeHeader), .init("user u"), .init("upstream ∂\(f)/∂u", .decimal), .init("local ∂u/∂v"),
               .init("upstream × local", .decimal), .init("= " + derivativeHeader, .decimal)]
            : [.init(derivativeHeader), .init("argument u"), .init("local ∂v/∂u"), .init("upstream ∂u/∂\(f)", .decimal),
               .init("local × upstream", .decimal), .init("= " + derivativeHeader, .decimal)])
        for row in sweep.rows {
            let name = reverse ? "∂\(f)/∂\(row.name)" : "∂\(row.name)/∂\(f)"
            if row.terms.isEmpty {
                t.append([.init(name, .name), .init("seed", .note), .init(""), .init(""), .init(""), .init(formatNumber(row.value))])
                continue
            }
            for (k, term) in row.terms.enumerated() {
                let local = TextTable.Cell(term.localFormula == formatNumber(term.local)
                                           ? term.localFormula : term.localFormula + " = " + formatNumber(term.local), .formula)
                let upstream = TextTable.Cell(formatNumber(term.upstream))
                t.append([.init(k == 0 ? name : "", .name), .init(term.via, .name)]
                         + (reverse ? [upstream, local] : [local, upstream])
                         + [.init(formatNumber(term.product)), .init(k == row.terms.count - 1 ? formatNumber(row.value) : "")])
            }
        }
        return t
    }

    private func resultTable(_ sweep: Trace.Sweep) -> TextTable {
        var t = TextTable([.init(sweep.mode == .reverse ? "gradient of \(sweep.variable)" : "derivatives by \(sweep.variable)"),
                           .init("", .decimal)])
        for r in sweep.results {
            let name = sweep.mode == .reverse ? "∂\(sweep.variable)/∂\(r.name)" : "∂\(r.name)/∂\(sweep.variable)"
            t.append([.init(name, .name), .init(formatNumber(r.value), .result)])
        }
        return t
    }

    // MARK: Format

    private func heading(_ level: Int, _ s: String) -> String {
        switch format {
        case .markdown: return String(repeating: "#", count: level + 1) + " " + s + "\n\n"
        case .text:
            let line = level == 1 ? s + "\n" + String(repeating: "=", count: s.count) : s
            return (color ? "\u{1B}[1m" + line + "\u{1B}[0m" : line) + "\n\n"
        }
    }

    private func render(_ table: TextTable) -> String {
        switch format {
        case .markdown: return table.markdown() + "\n"
        case .text: return table.text(color: color)
        }
    }
}
