/// A message about a program: an error that stops it, or a warning that does not.
/// Diagnostics are data; `description` renders one as the text users see (`error: 1:7: …`).
public struct Diagnostic: Hashable, Sendable, Error {
    /// How bad it is: an error stops the program, a warning does not, a note explains another.
    public enum Severity: String, Sendable { case error, warning, note }

    /// A replacement that would fix the problem (`sinn` → `sin`).
    public struct FixIt: Hashable, Sendable {
        /// The text to replace.
        public package(set) var range: SourceRange
        /// What to put there.
        public package(set) var replacement: String

        @_spi(DerivCore) public init(range: SourceRange, replacement: String) {
            self.range = range; self.replacement = replacement
        }
    }

    /// Error, warning or note.
    public package(set) var severity: Severity
    /// Lower case, no final period, tokens in quotes (swift-syntax's convention).
    public package(set) var message: String
    /// Where the problem is; nil for problems with the program as a whole.
    public package(set) var range: SourceRange?
    /// Further lines, each printed as `note: …`.
    public package(set) var notes: [String]
    /// Replacements that would fix the problem.
    public package(set) var fixIts: [FixIt]
    /// The text the range is in, when the diagnostic came out of a `Program` (which sets it), so
    /// that `description` quotes the line with a caret. Not part of equality: the same
    /// message at the same place is the same diagnostic.
    public package(set) var source: SourceFile?

    /// A diagnostic of `severity` saying `message` about the text at `range`.
    @_spi(DerivCore) public init(_ severity: Severity, _ message: String, at range: SourceRange?,
                notes: [String] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }

    /// An error saying `message` about the text at `range`.
    @_spi(DerivCore) public static func error(_ message: String, at range: SourceRange?, notes: [String] = [],
                             fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes, fixIts: fixIts)
    }

    /// The same severity, message, range, notes and fix-its (`source` is not compared).
    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.severity, a.message, a.range, a.notes, a.fixIts) == (b.severity, b.message, b.range, b.notes, b.fixIts)
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(severity); hasher.combine(message); hasher.combine(range)
        hasher.combine(notes); hasher.combine(fixIts)
    }
}

/// Renders diagnostics the way compilers do:
///
///     error: 1:7: expected ')' to close '(' at 1:3
///      1 | f = (x + 1
///        |       ^
@_spi(DerivCore) public struct DiagnosticRenderer: Sendable {
    /// The text diagnostics point into; nil prints them without the quoted line.
    @_spi(DerivCore) public let source: SourceFile?

    /// A renderer quoting lines of `source`.
    @_spi(DerivCore) public init(source: SourceFile?) { self.source = source }

    /// At most this many columns of a source line are shown; longer lines are cut to a window
    /// around the caret, marked with `…` (a 5 MB one-line program still gives a short message).
    @_spi(DerivCore) public static let lineWidth = 100

    /// `d` as text: `severity: line:column: message`, the line with a caret, notes, fix-its.
    @_spi(DerivCore) public func render(_ d: Diagnostic) -> String {
        var out = "\(d.severity.rawValue): "
        if let r = d.range { out += "\(r.start): " }
        out += d.message + "\n"
        if let r = d.range, let source {
            let line = source.lineBytes(r.start.line)
            // Byte offsets of the caret and of the end of the underline within the line, then the
            // same counted in characters (Unicode scalars), which is what the terminal shows.
            let caretByte = min(max(0, r.start.column - 1), line.count)
            let endByte = r.end.line == r.start.line ? min(max(r.end.column - 1, caretByte), line.count) : caretByte
            let length = characterCount(line[...])
            let caret = characterCount(line.prefix(caretByte))
            let end = max(caret + characterCount(line.dropFirst(caretByte).prefix(endByte - caretByte)), caret + 1)
            let width = DiagnosticRenderer.lineWidth
            let first = length <= width ? 0 : min(max(0, caret - width / 2), length - width)
            let last = min(length, first + width)
            let window = line[byteIndex(ofCharacter: first, in: line)..<byteIndex(ofCharacter: last, in: line)]
            let lead = first > 0 ? "…" : ""
            let gutter = String(r.start.line)
            out += " \(gutter) | \(lead)\(printable(window))\(last < length ? "…" : "")\n"
            let column = caret - first + lead.count
            // The underline may reach one column past the line's end (a caret at the end of input),
            // but not onto a cut's `…`.
            let underline = max(1, min(end, last < length ? last : last + 1) - caret)
            out += " \(String(repeating: " ", count: gutter.count)) | " + String(repeating: " ", count: column)
                + "^" + String(repeating: "~", count: underline - 1) + "\n"
        }
        for fix in d.fixIts {
            let replaced = source.map { source in
                let end = min(fix.range.end.offset, source.bytes.count)
                return String(decoding: source.bytes[min(fix.range.start.offset, end)..<end], as: UTF8.self)
            } ?? ""
            out += replaced.isEmpty ? "  fix-it: insert \(quote(fix.replacement))\n"
                : "  fix-it: replace \(quote(replaced)) with \(quote(fix.replacement))\n"
        }
        for note in d.notes { out += "note: \(note)\n" }
        return out
    }

    /// The number of characters (Unicode scalars) in UTF-8 bytes: the bytes that start one.
    private func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The index in `line` at which its character `k` starts (`line.endIndex` past the last).
    private func byteIndex(ofCharacter k: Int, in line: ArraySlice<UInt8>) -> Int {
        var seen = 0
        for i in line.indices where line[i] & 0xC0 != 0x80 {
            if seen == k { return i }
            seen += 1
        }
        return line.endIndex
    }

    /// A piece of a source line as it is shown: each character that is safe to print as itself
    /// (`isShowable`), a tab as a space, and every other character (controls, format characters)
    /// as one `?`, so the caret lines up (one column a character) and control characters never
    /// reach the terminal.
    private func printable(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            out.unicodeScalars.append(u == "\t" ? " " : isShowable(u) ? u : "?")
        }
        return out
    }
}

/// Whether a character is safe to print in a message as itself: printable ASCII, or a letter,
/// digit, punctuation or symbol beyond it (not a control, format, combining or private-use
/// character, nor a space other than ' ', which could garble a terminal or hide in it).
@_spi(DerivCore) public func isShowable(_ u: Unicode.Scalar) -> Bool {
    if u.isASCII { return (0x20..<0x7F).contains(u.value) }
    switch u.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .decimalNumber,
         .otherNumber, .letterNumber, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .otherPunctuation,
         .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
         .connectorPunctuation:
        return true
    default:
        return false
    }
}

/// `text` quoted for a message: in single quotes, on one line, and short. Characters safe to
/// print are shown as themselves (`'×'`, `'é'`), others are written as escapes (`\n`, `\u{0}`,
/// `\u{202E}`), and text longer than `limit` characters is cut with `…`, so a message stays one
/// readable line whatever the input.
@_spi(DerivCore) public func quote<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
    var out = "'"
    var count = 0
    for u in text.unicodeScalars {
        if count == limit { out += "…"; break }
        switch u {
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case _ where isShowable(u): out.unicodeScalars.append(u)
        default: out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
        }
        count += 1
    }
    return out + "'"
}
