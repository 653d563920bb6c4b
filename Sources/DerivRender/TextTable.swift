/// A table of text cells, printed either with aligned columns for a terminal (optionally with ANSI
/// colour) or as a Markdown table for notes. `deriv trace`, `deriv ops` and the SSA listing of
/// `deriv graph` all print through it, so their layout rules live in one place:
///
/// - columns are as wide as their widest cell, separated by two spaces, lines never end in spaces;
/// - `.decimal` columns line numbers up on the decimal point (`2.25` under `-17.8`);
/// - colour is only a hint (the text is the same without it), and Markdown puts names and
///   formulas in code spans so `*` and `_` are not read as emphasis.
///
/// Widths count characters (grapheme clusters): the tables hold ASCII, `∂`, `Σ`, `·` and `×`,
/// each one column wide in a terminal.
package struct TextTable: Sendable {
    package enum Alignment: Sendable { case left, right, decimal }

    /// What a cell holds, which decides its colour and its Markdown form.
    package enum Style: Sendable {
        case plain
        /// A value's name or a derivative's name (`c`, `∂f/∂c`): bold; code in Markdown.
        case name
        /// A formula in deriv's syntax: code in Markdown.
        case formula
        /// A remark (`seed`, `input`): dim.
        case note
        /// A result the table exists to show: bold green.
        case result
    }

    package struct Cell: Sendable {
        package var text: String
        package var style: Style
        package init(_ text: String, _ style: Style = .plain) { self.text = text; self.style = style }
    }

    package struct Column: Sendable {
        package var header: String
        package var alignment: Alignment
        package init(_ header: String, _ alignment: Alignment = .left) { self.header = header; self.alignment = alignment }
    }

    package var columns: [Column]
    package private(set) var rows: [[Cell]] = []
    /// Whether the text form prints the header line (the Markdown form always does).
    package var showsHeader = true

    package init(_ columns: [Column]) { self.columns = columns }

    /// Appends a row; missing trailing cells are empty.
    package mutating func append(_ cells: [Cell]) {
        rows.append(cells + Array(repeating: Cell(""), count: Swift.max(0, columns.count - cells.count)))
    }

    // MARK: Terminal text

    /// The table as aligned text, each line starting with `indent` spaces.
    package func text(color: Bool, indent: String = "  ") -> String {
        let cells = columns.indices.map { c in aligned(column: c) }
        var widths = columns.indices.map { c in cells[c].map(\.count).max() ?? 0 }
        if showsHeader { for c in columns.indices { widths[c] = Swift.max(widths[c], columns[c].header.count) } }
        var out = ""
        func line(_ texts: [String], _ styles: [Style]?, header: Bool) {
            var s = indent
            var pendingSpaces = 0
            for c in columns.indices {
                let t = texts[c]
                if t.isEmpty { pendingSpaces += widths[c] + 2; continue }
                s += String(repeating: " ", count: pendingSpaces)
                let pad = widths[c] - t.count
                let left = columns[c].alignment == .right ? pad : 0
                s += String(repeating: " ", count: left)
                s += paint(t, header ? nil : styles?[c], header: header, color: color)
                pendingSpaces = pad - left + 2
            }
            out += s + "\n"
        }
        if showsHeader { line(columns.map(\.header), nil, header: true) }
        for (r, row) in rows.enumerated() { line(columns.indices.map { cells[$0][r] }, row.map(\.style), header: false) }
        return out
    }

    /// The cells of column `c`, decimal columns padded so the points line up.
    private func aligned(column c: Int) -> [String] {
        let texts = rows.map { $0[c].text }
        guard columns[c].alignment == .decimal else { return texts }
        let parts = texts.map(TextTable.splitAtPoint)
        let integerWidth = parts.map(\.0.count).max() ?? 0
        return parts.map { $0.0.isEmpty && $0.1.isEmpty ? "" : String(repeating: " ", count: integerWidth - $0.0.count) + $0.0 + $0.1 }
    }

    /// `-17.5e3` → (`-17`, `.5e3`); text without a point or exponent is all integer part.
    private static func splitAtPoint(_ s: String) -> (Substring, Substring) {
        let i = s.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) ?? s.endIndex
        return (s[..<i], s[i...])
    }

    private func paint(_ text: String, _ style: Style?, header: Bool, color: Bool) -> String {
        guard color else { return text }
        let code: String
        if header { code = "1;4" } else {
            switch style ?? .plain {
            case .plain, .formula: return text
            case .name: code = "1"
            case .note: code = "2"
            case .result: code = "1;32"
            }
        }
        return "\u{1B}[\(code)m" + text + "\u{1B}[0m"
    }

    // MARK: Markdown

    /// The table in GitHub-flavoured Markdown.
    package func markdown() -> String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        var out = row(columns.map { TextTable.escape($0.header) })
        out += row(columns.map { c in
            switch c.alignment {
            case .left: return "---"
            case .right, .decimal: return "---:"
            }
        })
        for r in rows {
            out += row(r.map { cell in
                if cell.text.isEmpty { return "" }
                switch cell.style {
                case .name, .formula: return "`" + cell.text.replacingAll("|", with: "\\|") + "`"
                case .result: return "**" + TextTable.escape(cell.text) + "**"
                case .plain, .note: return TextTable.escape(cell.text)
                }
            })
        }
        return out
    }

    /// Markdown-escapes the characters that would end a cell or start emphasis.
    private static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "|*_`\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the library's printers).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
