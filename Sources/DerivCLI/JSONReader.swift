@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit

/// Reads the JSON file of `--at @FILE`: one object whose members are numbers or strings
/// (`{"x": 1.5, "y": "pi/2", "z": "-Infinity"}`), members in file order; for a vector or matrix
/// program (`readsArrays`) also arrays of numbers and arrays of rows (docs/MATRICES.md). A
/// hand-written reader rather than Foundation's, for messages with line and column that say what
/// was expected, and for speed (a 20,000-member object is read in milliseconds, a million numbers
/// in an array in a fraction of a second). Arrays nest two deep at most, read by a loop.
struct JSONReader {
    /// A member's value.
    enum Scalar {
        /// A JSON number, with its text (for messages).
        case number(Double, String)
        case string(String)
        /// `[1, 2]` (a vector) or `[[1, 2], [3, 4]]` (a matrix, by rows).
        case array(Matrix)
    }

    struct Member {
        let name: String
        let value: Scalar
        /// Where the value starts, for messages (`location(of:)`).
        let offset: Int
    }

    /// What is wrong and where (a byte offset into the text).
    struct Failure: Error {
        let message: String
        let offset: Int
    }

    private let bytes: [UInt8]
    private var i = 0
    /// Whether members may be arrays (the values of a vector or matrix program).
    private let readsArrays: Bool

    init(_ text: String, readsArrays: Bool = false) {
        bytes = Array(text.utf8)
        self.readsArrays = readsArrays
    }

    /// The members of the object that is the whole text.
    mutating func members() throws -> [Member] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // a byte-order mark
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            throw Failure(message: i == bytes.count ? "the file is empty: write an object such as {\"x\": 1.5}"
                                                    : "expected '{': the file holds one object such as {\"x\": 1.5}", offset: i)
        }
        i += 1
        var members: [Member] = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Failure(message: "expected a name in double quotes", offset: i) }
                let name = try string()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw Failure(message: "expected ':' after \"\(name)\"", offset: i) }
                i += 1
                skipSpace()
                let start = i
                members.append(Member(name: name, value: try scalar(of: name), offset: start))
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "}") { i += 1; break }
                throw Failure(message: "expected ',' or '}' after the value of \"\(name)\"", offset: i)
            }
        }
        skipSpace()
        guard i == bytes.count else { throw Failure(message: "unexpected text after the object", offset: i) }
        return members
    }

    /// Line and column (from 1; the column counts characters) of a byte offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let end = Swift.min(offset, bytes.count)
        var line = 1, lineStart = 0
        for k in 0..<end where bytes[k] == UInt8(ascii: "\n") {
            line += 1
            lineStart = k + 1
        }
        // Continuation bytes of UTF-8 (10xxxxxx) do not start a character.
        let column = 1 + bytes[lineStart..<end].filter { $0 & 0xC0 != 0x80 }.count
        return (line, column)
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }

    private mutating func scalar(of name: String) throws -> Scalar {
        switch peek {
        case UInt8(ascii: "\"")?:
            return .string(try string())
        case let b? where b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b):
            let start = i
            while let c = peek, "0123456789+-.eE".utf8.contains(c) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let v = Double(text) else { throw Failure(message: "'\(text)' is not a number", offset: start) }
            return .number(v, text)
        case nil:
            throw Failure(message: "expected the value of \"\(name)\" before the end of the file", offset: i)
        case UInt8(ascii: "[")? where readsArrays:
            return .array(try array(of: name))
        default:
            let what: String
            switch peek {
            case UInt8(ascii: "[")?: what = "an array"
            case UInt8(ascii: "{")?: what = "an object"
            case UInt8(ascii: "t")?, UInt8(ascii: "f")?: what = "true or false"
            case UInt8(ascii: "n")?: what = "null"
            default: what = "not a value"
            }
            throw Failure(message: "the value of \"\(name)\" is \(what); values are numbers, or strings holding "
                                   + "constant expressions (\"pi/2\", \"NaN\", \"Infinity\")", offset: i)
        }
    }

    /// `[1, 2, 3]` or `[[1, 2], [3, 4]]`: numbers, or rows of numbers of one length.
    private mutating func array(of name: String) throws -> Matrix {
        let open = i
        i += 1
        skipSpace()
        let nested = peek == UInt8(ascii: "[")
        var entries: [Double] = []
        guard nested else {
            try numbers(into: &entries, of: name)
            return Matrix(.vector(entries.count), entries)
        }
        var rows = 0, width = -1
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "[") else { throw Failure(message: "expected a row '[…]' of the matrix \"\(name)\"", offset: i) }
            i += 1
            let before = entries.count
            try numbers(into: &entries, of: name)
            if width >= 0, entries.count - before != width {
                throw Failure(message: "the rows of \"\(name)\" have one length: row 1 has \(width) numbers, row \(rows + 1) has \(entries.count - before)",
                              offset: open)
            }
            width = entries.count - before
            rows += 1
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw Failure(message: "expected ',' or ']' after a row of \"\(name)\"", offset: i) }
            i += 1
            return Matrix(MatrixShape(rows, width), entries)
        }
    }

    /// Numbers separated by commas, after a `[`, and the `]` that ends them.
    private mutating func numbers(into entries: inout [Double], of name: String) throws {
        while true {
            skipSpace()
            let start = i
            while let c = peek, "0123456789+-.eE".utf8.contains(c) { i += 1 }
            let v = bytes.withUnsafeBufferPointer { b in
                start < i ? parseNumber(UnsafeBufferPointer(rebasing: b[start..<i])) : nil
            }
            guard let v, v.isFinite else {
                throw Failure(message: start < i ? "'\(String(decoding: bytes[start..<i], as: UTF8.self))' is not a finite number"
                                                 : "expected a number in the array \"\(name)\"", offset: start)
            }
            entries.append(v)
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw Failure(message: "expected ',' or ']' in the array \"\(name)\"", offset: i) }
            i += 1
            return
        }
    }

    /// A string in double quotes, with JSON's escapes.
    private mutating func string() throws -> String {
        let open = i
        i += 1
        var scalars = String.UnicodeScalarView()
        var run = i  // the start of the bytes not yet copied
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
        while true {
            guard let b = peek, b != 0x0A else { throw Failure(message: "the string has no closing '\"'", offset: open) }
            if b == UInt8(ascii: "\"") {
                flush(i)
                i += 1
                return String(scalars)
            }
            guard b == UInt8(ascii: "\\") else { i += 1; continue }
            flush(i)
            let escape = i
            i += 1
            guard let e = peek else { throw Failure(message: "the string has no closing '\"'", offset: open) }
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(e))
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4(escape)
                if (0xD800..<0xDC00).contains(code), bytes[i...].starts(with: Array("\\u".utf8)) {
                    i += 2
                    let low = try hex4(escape)
                    if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default:
                throw Failure(message: "'\\\(Character(Unicode.Scalar(e)))' is not an escape of JSON", offset: escape)
            }
            run = i
        }
    }

    private mutating func hex4(_ escape: Int) throws -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
            throw Failure(message: "'\\u' needs four hexadecimal digits", offset: escape)
        }
        i += 4
        return v
    }
}
