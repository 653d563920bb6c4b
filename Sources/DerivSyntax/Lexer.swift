@_spi(DerivCore) import DerivCore
/// Turns program text into tokens (grammar/deriv.ebnf, "Tokens").
///
/// Line breaks separate statements, except inside parentheses and after a token that cannot end
/// an expression (a binary operator, `=`, `,`, `(`, `?`, `:`), where they are plain white space,
/// so a long expression may continue on the next line.
///
/// Identifiers are interned as they are read (`symbols`), and the lexer counts lines as it
/// passes them, so a token costs no string and no search for its line.
package struct Lexer {
    private let source: SourceFile
    let bytes: [UInt8]
    /// Where the text read ends: the end of the program, or of the part of it this lexer reads.
    let limit: Int
    private var position: Int
    private var depth = 0
    /// The last token read before the end of the text (the end itself is not recorded).
    private(set) var previous: Token.Kind = .separator
    /// Where the last token ended: the end of input is reported there, not after trailing blank lines.
    private(set) var lastTokenEnd: Int
    /// The 1-based line `position` is on, and the offset at which that line starts.
    private var line: Int
    private var lineStart: Int
    /// The identifiers read so far.
    private(set) var symbols: LexerSymbols

    package init(_ source: SourceFile) {
        self.init(source, reading: 0..<source.bytes.count)
    }

    /// A lexer of `range` of the text alone, for a parse in parts (`Parser.parseInTwo`): it starts
    /// at `range.lowerBound` (its line and column counted from the start of the text) in the
    /// state of a lexer between two statements, and stops at `range.upperBound` as at the end of
    /// the text. `interning` chooses the interner (`SymbolInterner`).
    init(_ source: SourceFile, reading range: Range<Int>, interning: SymbolInterning = .table) {
        self.source = source
        bytes = source.bytes
        limit = range.upperBound
        position = range.lowerBound
        lastTokenEnd = range.lowerBound
        let start = source.location(at: range.lowerBound)
        line = start.line
        lineStart = range.lowerBound - (start.column - 1)
        // Programs spend about 30 bytes per name they assign (`t12 = tanh(t11*x3)`); the table's
        // memory for an overestimate is at most the size of the text. A part of the text is
        // sized alike: the second half of a program may use the names of the first as well.
        symbols = LexerSymbols(expected: source.bytes.count / 32, interning: interning)
    }

    /// Whether the text read so far ends between statements: no parenthesis is open, and the
    /// last token ended a statement (`;`) or can end one (a name, a number, `)`), so a line break
    /// after it is a separator. A parse in parts may split the text at such a line break.
    var isBetweenStatements: Bool {
        switch previous {
        case .separator, .identifier, .number, .rightParen, .rightBracket, .quote: return depth == 0
        default: return false
        }
    }

    /// The range of `start..<end`, anywhere in the text (for diagnostics).
    func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(source.location(at: start), source.location(at: end))
    }

    /// The range of a token that starts on the current line and ends on it.
    private func tokenRange(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(SourceLocation(line: line, column: start - lineStart + 1, offset: start),
                    SourceLocation(line: line, column: end - lineStart + 1, offset: end))
    }

    private var continuesAfterLineBreak: Bool {
        if depth > 0 { return true }
        switch previous {
        case .plus, .minus, .star, .slash, .caret, .dotStar, .dotSlash, .dotCaret, .leftBracket, .less, .lessEqual, .greater, .greaterEqual,
             .equalEqual, .bangEqual, .question, .colon, .leftParen, .comma, .equal, .separator:
            return true
        default:
            return false
        }
    }

    /// The next token; `.end` at the end of the text, and again on every later call.
    package mutating func next() throws -> Token {
        var t = try scan()
        if t.kind == .end {
            t.range = range(lastTokenEnd, lastTokenEnd)
            return t
        }
        if t.kind != .separator { lastTokenEnd = t.range.end.offset }
        previous = t.kind
        return t
    }

    private mutating func scan() throws -> Token {
        while position < limit {
            let c = bytes[position]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "#") {
                while position < limit, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if c == UInt8(ascii: "\n") {
                let start = SourceLocation(line: line, column: position - lineStart + 1, offset: position)
                position += 1
                line += 1
                lineStart = position
                if !continuesAfterLineBreak {
                    let end = SourceLocation(line: line, column: 1, offset: position)
                    return Token(kind: .separator, range: SourceRange(start, end))
                }
            } else {
                break
            }
        }
        let start = position
        guard position < limit else { return Token(kind: .end, range: tokenRange(start, start)) }
        let c = bytes[position]
        if isDigit(c) || (c == UInt8(ascii: ".") && position + 1 < limit && isDigit(bytes[position + 1])) {
            return try number()
        }
        if isIdentifierStart(c) {
            while position < limit, isIdentifierPart(bytes[position]) { position += 1 }
            let name = bytes.withUnsafeBufferPointer { symbols.intern(UnsafeBufferPointer(rebasing: $0[start..<position])) }
            return Token(kind: .identifier(name), range: tokenRange(start, position))
        }
        position += 1
        let next: UInt8? = position < limit ? bytes[position] : nil
        func two(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, range: tokenRange(start, position))
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
        case UInt8(ascii: "'"): kind = .quote
        case UInt8(ascii: "["): depth += 1; kind = .leftBracket
        case UInt8(ascii: "]"): depth = max(0, depth - 1); kind = .rightBracket
        case UInt8(ascii: ".") where next == UInt8(ascii: "*"): return two(.dotStar)
        case UInt8(ascii: ".") where next == UInt8(ascii: "/"): return two(.dotSlash)
        case UInt8(ascii: ".") where next == UInt8(ascii: "^"): return two(.dotCaret)
        default:
            throw unexpectedCharacter(at: start)
        }
        return Token(kind: kind, range: tokenRange(start, position))
    }

    /// number = digits [ "." [digits] ] [ exponent ] | "." digits [ exponent ]
    private mutating func number() throws -> Token {
        let start = position
        while position < limit, isDigit(bytes[position]) { position += 1 }
        if position < limit, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < limit, isDigit(bytes[position]) { position += 1 }
        }
        if position < limit, bytes[position] | 0x20 == UInt8(ascii: "e"),
           position + 1 >= limit || !isIdentifierPart(bytes[position + 1]) || isDigit(bytes[position + 1])
            || bytes[position + 1] == UInt8(ascii: "+") || bytes[position + 1] == UInt8(ascii: "-") {
            position += 1
            if position < limit, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < limit, isDigit(bytes[position]) { position += 1 }
            if position == digitsStart {
                throw Diagnostic.error("exponent of \(quote(text(start, position))) has no digits", at: range(start, position))
            }
        }
        // A number glued to more number-like text ("2..3", "1.2.3", "3x") is one malformed token.
        if position < limit, isIdentifierPart(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            var end = position
            while end < limit, isIdentifierPart(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            if isIdentifierStart(bytes[position]) {
                throw Diagnostic.error("expected an operator between \(quote(text(start, position))) and \(quote(text(position, end)))",
                                       at: range(position, position + 1),
                                       fixIts: [.init(range: range(position, position), replacement: "*")])
            }
            throw Diagnostic.error("malformed number \(quote(text(start, end)))", at: range(start, end))
        }
        // Digits alone, at most 15 of them: the integer is exactly a Double, so it needs no text.
        if position - start <= 15, bytes[start..<position].allSatisfy(isDigit) {
            let value = bytes[start..<position].reduce(0) { 10 * $0 + Int($1 - 48) }
            return Token(kind: .number(Double(value)), range: tokenRange(start, position))
        }
        let spelling = text(start, position)
        guard let value = Double(spelling) else {
            throw Diagnostic.error("malformed number \(quote(spelling))", at: range(start, position))
        }
        if value.isInfinite {
            throw Diagnostic.error("number \(quote(spelling)) overflows: the largest finite value is 1.7976931348623157e308",
                                   at: range(start, position))
        }
        if value == 0, spelling.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
            throw Diagnostic.error("number \(quote(spelling)) underflows to 0: the smallest positive value is 5e-324",
                                   at: range(start, position))
        }
        return Token(kind: .number(value), range: tokenRange(start, position))
    }

    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
}
@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
