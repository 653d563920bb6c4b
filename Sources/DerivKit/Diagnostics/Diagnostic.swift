/// A message about a program: an error that stops it, or a warning that does not.
/// Diagnostics are data; `DiagnosticRenderer` turns them into the text users see.
public struct Diagnostic: Hashable, Sendable, Error {
    public enum Severity: String, Sendable { case error, warning, note }

    /// A replacement that would fix the problem (`sinn` → `sin`).
    public struct FixIt: Hashable, Sendable {
        public var range: SourceRange
        public var replacement: String
    }

    public var severity: Severity
    /// Lower case, no final period, tokens in quotes (swift-syntax's convention).
    public var message: String
    /// Where the problem is; nil for problems with the program as a whole.
    public var range: SourceRange?
    public var notes: [String]
    public var fixIts: [FixIt]

    public init(_ severity: Severity, _ message: String, at range: SourceRange?,
                notes: [String] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }

    public static func error(_ message: String, at range: SourceRange?, notes: [String] = [],
                             fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes, fixIts: fixIts)
    }
}

/// Renders diagnostics the way compilers do:
///
///     error: 1:7: expected ')' to close '(' at 1:3
///      1 | f = (x + 1
///        |       ^
public struct DiagnosticRenderer: Sendable {
    public let source: SourceFile?

    public init(source: SourceFile?) { self.source = source }

    /// At most this many columns of a source line are shown; longer lines are cut to a window
    /// around the caret, marked with `…` (a 5 MB one-line program still gives a short message).
    public static let lineWidth = 100

    public func render(_ d: Diagnostic) -> String {
        var out = "\(d.severity.rawValue): "
        if let r = d.range { out += "\(r.start): " }
        out += d.message + "\n"
        if let r = d.range, let source {
            let line = source.lineBytes(r.start.line)
            // 0-based byte columns of the caret and the end of the underline, within the line.
            let caret = min(max(0, r.start.column - 1), line.count)
            let end = r.end.line == r.start.line ? min(max(r.end.column - 1, caret + 1), line.count + 1) : caret + 1
            let width = DiagnosticRenderer.lineWidth
            let first = line.count <= width ? 0 : min(max(0, caret - width / 2), line.count - width)
            let last = min(line.count, first + width)
            let window = line[(line.startIndex + first)..<(line.startIndex + last)]
            let lead = first > 0 ? "…" : ""
            let gutter = String(r.start.line)
            out += " \(gutter) | \(lead)\(printable(window))\(last < line.count ? "…" : "")\n"
            let column = caret - first + lead.count
            // The underline may reach one column past the line's end (a caret at the end of input),
            // but not onto a cut's `…`.
            let underline = max(1, min(end, last < line.count ? last : last + 1) - caret)
            out += " \(String(repeating: " ", count: gutter.count)) | " + String(repeating: " ", count: column)
                + "^" + String(repeating: "~", count: underline - 1) + "\n"
        }
        for fix in d.fixIts {
            let replaced = source.map { source in
                let end = min(fix.range.end.offset, source.bytes.count)
                return String(decoding: source.bytes[min(fix.range.start.offset, end)..<end], as: UTF8.self)
            } ?? ""
            out += replaced.isEmpty ? "  fix-it: insert '\(fix.replacement)'\n"
                : "  fix-it: replace \(quote(replaced)) with '\(fix.replacement)'\n"
        }
        for note in d.notes { out += "note: \(note)\n" }
        return out
    }

    /// A piece of a source line with every byte that is not printable ASCII shown as `?` (a tab as
    /// a space), so the caret lines up (columns count bytes) and control characters never reach
    /// the terminal.
    private func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { b in
            (0x20..<0x7F).contains(b) ? b : UInt8(ascii: b == 9 ? " " : "?")
        }, as: UTF8.self)
    }
}

/// `text` quoted for a message: in single quotes, on one line, and short. Characters that are not
/// printable ASCII are written as escapes (`\n`, `\u{0}`, `\u{E9}`), and text longer than
/// `limit` characters is cut with `…`, so a message stays one readable line whatever the input.
public func quote<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
    var out = "'"
    var count = 0
    for u in text.unicodeScalars {
        if count == limit { out += "…"; break }
        switch u {
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case " "..."~": out.unicodeScalars.append(u)
        default: out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
        }
        count += 1
    }
    return out + "'"
}
