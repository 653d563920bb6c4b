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

    public func render(_ d: Diagnostic) -> String {
        var out = "\(d.severity.rawValue): "
        if let r = d.range { out += "\(r.start): " }
        out += d.message + "\n"
        if let r = d.range, let source {
            let lineText = printable(source.lineBytes(r.start.line))
            let gutter = String(r.start.line)
            let pad = String(repeating: " ", count: gutter.count)
            let caretColumn = max(1, min(r.start.column, lineText.count + 1))
            let sameLine = r.end.line == r.start.line
            let width = sameLine ? max(1, min(r.end.column - r.start.column, lineText.count + 1 - caretColumn + 1)) : 1
            out += " \(gutter) | \(lineText)\n"
            out += " \(pad) | " + String(repeating: " ", count: caretColumn - 1)
                + "^" + String(repeating: "~", count: max(0, width - 1)) + "\n"
        }
        for fix in d.fixIts { out += "  fix-it: replace with '\(fix.replacement)'\n" }
        for note in d.notes { out += "note: \(note)\n" }
        return out
    }

    /// Shows a source line with every byte that is not printable ASCII as `?`, so the caret lines up
    /// and control characters never reach the terminal. Long lines are cut around nothing: callers
    /// get the line as it is, up to 300 bytes.
    private func printable(_ bytes: ArraySlice<UInt8>) -> String {
        let limit = 300
        var s = String(decoding: bytes.prefix(limit).map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: bytes.count > 0 && $0 == 9 ? " " : "?") }, as: UTF8.self)
        if bytes.count > limit { s += " …" }
        return s
    }
}
