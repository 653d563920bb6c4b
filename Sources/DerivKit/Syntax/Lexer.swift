/// Turns program text into tokens (grammar/deriv.ebnf, "Tokens").
///
/// Line breaks separate statements, except inside parentheses and after a token that cannot end
/// an expression (a binary operator, `=`, `,`, `(`, `?`, `:`), where they are plain white space,
/// so a long expression may continue on the next line.
public struct Lexer {
    private let source: SourceFile
    private var bytes: [UInt8] { source.bytes }
    private var position = 0
    private var depth = 0
    private var previous: Token.Kind = .separator
    /// Where the last token ended: the end of input is reported there, not after trailing blank lines.
    private var lastTokenEnd = 0

    public init(_ source: SourceFile) { self.source = source }

    /// All tokens, ending with `.end`; throws the first lexical error.
    public static func tokenize(_ source: SourceFile) throws -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .end { return tokens }
        }
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(source.location(at: start), source.location(at: end))
    }

    private var continuesAfterLineBreak: Bool {
        if depth > 0 { return true }
        switch previous {
        case .plus, .minus, .star, .slash, .caret, .less, .lessEqual, .greater, .greaterEqual,
             .equalEqual, .bangEqual, .question, .colon, .leftParen, .comma, .equal, .separator:
            return true
        default:
            return false
        }
    }

    public mutating func next() throws -> Token {
        var t = try scan()
        if t.kind == .end {
            t.range = range(lastTokenEnd, lastTokenEnd)
        } else if t.kind != .separator {
            lastTokenEnd = t.range.end.offset
        }
        previous = t.kind
        return t
    }

    private mutating func scan() throws -> Token {
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if c == UInt8(ascii: "\n") {
                position += 1
                if !continuesAfterLineBreak { return Token(kind: .separator, range: range(position - 1, position)) }
            } else {
                break
            }
        }
        let start = position
        guard position < bytes.count else { return Token(kind: .end, range: range(start, start)) }
        let c = bytes[position]
        if isDigit(c) || (c == UInt8(ascii: ".") && position + 1 < bytes.count && isDigit(bytes[position + 1])) {
            return try number()
        }
        if isIdentifierStart(c) {
            while position < bytes.count, isIdentifierPart(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[start..<position], as: UTF8.self)
            return Token(kind: .identifier(name), range: range(start, position))
        }
        position += 1
        let next: UInt8? = position < bytes.count ? bytes[position] : nil
        func two(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, range: range(start, position))
        }
        let kind: Token.Kind
        switch c {
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): if next == UInt8(ascii: "*") { return two(.caret) }; kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "^"): kind = .caret
        case UInt8(ascii: "<"): if next == UInt8(ascii: "=") { return two(.lessEqual) }; kind = .less
        case UInt8(ascii: ">"): if next == UInt8(ascii: "=") { return two(.greaterEqual) }; kind = .greater
        case UInt8(ascii: "="): if next == UInt8(ascii: "=") { return two(.equalEqual) }; kind = .equal
        case UInt8(ascii: "!") where next == UInt8(ascii: "="): return two(.bangEqual)
        case UInt8(ascii: "?"): kind = .question
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "("): depth += 1; kind = .leftParen
        case UInt8(ascii: ")"): depth = max(0, depth - 1); kind = .rightParen
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .separator
        default:
            throw unexpectedCharacter(at: start)
        }
        return Token(kind: kind, range: range(start, position))
    }

    private func unexpectedCharacter(at start: Int) -> Diagnostic {
        let c = bytes[start]
        if c < 0x80 {
            let shown = (0x21..<0x7F).contains(c) ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "U+%04X", Int(c))
            return .error("unexpected character \(shown)", at: range(start, start + 1))
        }
        // Decode one UTF-8 scalar to name it; invalid UTF-8 is named by its first byte.
        var end = start + 1
        while end < bytes.count, end - start < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let scalar = String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars.first
        let name = scalar.map { $0.value == 0xFFFD ? String(format: "byte 0x%02X", Int(c)) : "'\(Character($0))' (U+\(String($0.value, radix: 16, uppercase: true)))" }
            ?? String(format: "byte 0x%02X", Int(c))
        return .error("unexpected character \(name); programs are written in ASCII", at: range(start, end))
    }

    /// number = digits [ "." [digits] ] [ exponent ] | "." digits [ exponent ]
    private mutating func number() throws -> Token {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e"),
           position + 1 >= bytes.count || !isIdentifierPart(bytes[position + 1]) || isDigit(bytes[position + 1])
            || bytes[position + 1] == UInt8(ascii: "+") || bytes[position + 1] == UInt8(ascii: "-") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            if position == digitsStart {
                throw Diagnostic.error("exponent of '\(text(start, position))' has no digits", at: range(start, position))
            }
        }
        // A number glued to more number-like text ("2..3", "1.2.3", "3x") is one malformed token.
        if position < bytes.count, isIdentifierPart(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            var end = position
            while end < bytes.count, isIdentifierPart(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            if isIdentifierStart(bytes[position]) {
                throw Diagnostic.error("expected an operator between '\(text(start, position))' and '\(text(position, end))'",
                                       at: range(position, position + 1),
                                       fixIts: [.init(range: range(position, position), replacement: "*")])
            }
            throw Diagnostic.error("malformed number '\(text(start, end))'", at: range(start, end))
        }
        let spelling = text(start, position)
        guard let value = Double(spelling) else {
            throw Diagnostic.error("malformed number '\(spelling)'", at: range(start, position))
        }
        if value.isInfinite {
            throw Diagnostic.error("number '\(spelling)' overflows: the largest finite value is 1.7976931348623157e308",
                                   at: range(start, position))
        }
        return Token(kind: .number(value), range: range(start, position))
    }

    private func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
}
@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
