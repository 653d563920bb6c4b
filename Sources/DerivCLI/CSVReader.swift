/// Reads CSV text field by field, as RFC 4180 and spreadsheet programs write it: fields separated
/// by commas, records by line breaks (LF, CRLF or CR); a field in double quotes may hold commas,
/// line breaks and `""` for a quote. A UTF-8 byte-order mark at the start is skipped, and spaces
/// and tabs around a field are not part of it.
///
/// The reader works on the bytes in place: a field is a slice of them, and a quoted field is
/// unescaped where it lies (its text is never longer than its quoted form), so no field is copied.
struct CSVReader {
    /// One field, valid until the next call of `nextField`.
    struct Field {
        var text: UnsafeBufferPointer<UInt8>
        /// The field is the last of its record (a line break or the end of the text follows).
        var endsRecord: Bool
        /// True when the field was written in quotes (`""` is an empty field, not a missing one).
        var quoted: Bool
        var problem: Problem?
    }

    enum Problem: Equatable {
        /// The quote opened on this line is not closed before the end of the text.
        case unclosedQuote(line: Int)
        /// Something other than spaces stands between a closing quote and the next comma.
        case textAfterQuote
    }

    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private var position = 0
    /// A comma was read: another field follows, even at the end of the text.
    private var fieldFollows = false
    /// The line (from 1) the reader has come to: that of the next field's start.
    private(set) var line = 1

    /// A reader of `bytes` from their start (skipping a byte-order mark unless `byteOrderMark` is
    /// false: a part of a text, not its start).
    init(_ bytes: UnsafeMutableBufferPointer<UInt8>, byteOrderMark: Bool = true) {
        self.bytes = bytes
        if byteOrderMark, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The bytes not read yet.
    var rest: UnsafeMutableBufferPointer<UInt8> { UnsafeMutableBufferPointer(rebasing: bytes[position...]) }

    /// The next field, or nil at the end of the text.
    mutating func nextField() -> Field? {
        let n = bytes.count
        guard position < n || fieldFollows else { return nil }
        fieldFollows = false
        skipBlanks()
        var field: Field
        if position < n, bytes[position] == quote {
            field = readQuoted()
        } else {
            let start = position
            while position < n, !isDelimiter(bytes[position]) { position += 1 }
            var end = position
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            field = Field(text: UnsafeBufferPointer(rebasing: bytes[start..<end]), endsRecord: true, quoted: false)
        }
        if position < n, bytes[position] == comma {
            position += 1
            field.endsRecord = false
            fieldFollows = true
        } else {
            skipLineBreak()
        }
        return field
    }

    /// Skips what remains of the current record, so the next field is the first of the next one.
    mutating func skipRecord() {
        while let field = nextField(), !field.endsRecord {}
    }

    /// A quoted field, from its opening quote to the comma or line break after the closing one.
    private mutating func readQuoted() -> Field {
        let n = bytes.count
        let openedOn = line
        position += 1
        let start = position
        var write = position
        var closed = false
        while position < n {
            let b = bytes[position]
            if b == quote {
                if position + 1 < n, bytes[position + 1] == quote {
                    position += 1  // "" is one quote
                } else {
                    position += 1
                    closed = true
                    break
                }
            } else if b == lf || (b == cr && !(position + 1 < n && bytes[position + 1] == lf)) {
                line += 1
            }
            bytes[write] = bytes[position]
            write += 1
            position += 1
        }
        var problem: Problem? = closed ? nil : .unclosedQuote(line: openedOn)
        skipBlanks()
        if position < n, !isDelimiter(bytes[position]) {
            problem = .textAfterQuote
            while position < n, !isDelimiter(bytes[position]) { position += 1 }
        }
        return Field(text: UnsafeBufferPointer(rebasing: bytes[start..<write]), endsRecord: true, quoted: true,
                     problem: problem)
    }

    private mutating func skipBlanks() {
        while position < bytes.count, isBlank(bytes[position]) { position += 1 }
    }

    /// Past one line break (CRLF counts once), if one is next.
    private mutating func skipLineBreak() {
        guard position < bytes.count else { return }
        if bytes[position] == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 1 }
        position += 1
        line += 1
    }

    @inline(__always) private func isDelimiter(_ b: UInt8) -> Bool { b == comma || b == lf || b == cr }
    @inline(__always) private func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
}

private let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
