@_spi(DerivCore) import DerivCore
import Foundation

/// The lexer's error for a character no token starts with. Characters are shown as themselves
/// when that is safe (`isShowable`), named by code point beyond ASCII, and the notations of
/// written mathematics get a fix-it in the language's terms: `×` → `*`, `x²` → `x^2`,
/// `√x` → `sqrt(x)`, `|x|` → `abs(x)`, `5!` → `120`.
extension Lexer {
    func unexpectedCharacter(at start: Int) -> Diagnostic {
        let c = bytes[start]
        if c < 0x80 {
            if c == UInt8(ascii: "|") { return absoluteValueBar(at: start) }
            if c == UInt8(ascii: "!") { return exclamationMark(at: start) }
            if (0x21..<0x7F).contains(c) {
                return .error("unexpected character '\(Character(Unicode.Scalar(c)))'", at: range(start, start + 1))
            }
            let name = Lexer.controlNames[Int(c)] ?? ""
            return .error("unexpected control character \(codePoint(UInt32(c)))\(name.isEmpty ? "" : " (\(name))")",
                          at: range(start, start + 1))
        }
        // One UTF-8 scalar (the text was decoded with replacement, so it is valid UTF-8).
        var end = start + 1
        while end < limit, end - start < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let scalar = String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
        let r = range(start, end)
        let named = "unexpected character \(codePoint(scalar.value))" + (isShowable(scalar) ? " '\(Character(scalar))'" : "")
        if scalar == "\u{FEFF}" && start == 0 {
            return .error("the program starts with a byte order mark (U+FEFF); save it without one", at: r)
        }
        if scalar == "\u{FFFD}" {
            return .error("unexpected character U+FFFD, which also stands for bytes that are not UTF-8; programs are written in ASCII", at: r)
        }
        if let function = Lexer.rootSigns[scalar] {
            return rootSign(named, function, at: start, end)
        }
        if let ascii = Lexer.lookalikes[scalar] {
            return .error("\(named); did you mean \(quote(ascii))?", at: r, fixIts: [.init(range: r, replacement: ascii)])
        }
        return .error("\(named); programs are written in ASCII", at: r)
    }

    /// `|x|`: the absolute value, written `abs(x)`; the fix-it when the closing bar is on the line.
    private func absoluteValueBar(at start: Int) -> Diagnostic {
        let message = "unexpected character '|'; the absolute value is written 'abs(…)'"
        var close = start + 1
        while close < limit, ![UInt8(ascii: "|"), UInt8(ascii: "\n"), UInt8(ascii: "#")].contains(bytes[close]) { close += 1 }
        let inner = close < limit && bytes[close] == UInt8(ascii: "|")
            ? text(start + 1, close).trimmingCharacters(in: .whitespaces) : ""
        guard !inner.isEmpty else { return .error(message, at: range(start, start + 1)) }
        let r = range(start, close + 1)
        let fix = "abs(\(inner))"
        return .error("unexpected character '|'; the absolute value is written \(quote(fix))", at: r,
                      fixIts: [.init(range: r, replacement: fix)])
    }

    /// `!` after an operand is a factorial, which deriv does not have: a whole number's is its
    /// value (the fix-it, up to 20!, which is exact), anything else has no derivative to take.
    private func exclamationMark(at start: Int) -> Diagnostic {
        let r = range(start, start + 1)
        switch previous {
        case .number(let n) where n <= 20 && isWholeNumberBefore(start):
            var digitsStart = lastTokenEnd
            while digitsStart > 0, isDigit(bytes[digitsStart - 1]) { digitsStart -= 1 }
            let value = String((1...max(1, Int(n))).reduce(1, *))
            let whole = range(digitsStart, start + 1)
            return .error("deriv has no factorial; \(text(digitsStart, lastTokenEnd))! is \(value)", at: r,
                          fixIts: [.init(range: whole, replacement: value)])
        case .number, .identifier, .rightParen:
            return .error("deriv has no factorial ('!'), nor the gamma function", at: r,
                          notes: ["for a whole number write its value (5! = 120); a product of a few factors can be written out (x*(x - 1)*(x - 2))"])
        default:
            return .error("unexpected character '!'; deriv has no 'not': compare instead ('x == 0')", at: r)
        }
    }

    /// Whether the last token, which ends before `start`, is a number written with digits alone.
    private func isWholeNumberBefore(_ start: Int) -> Bool {
        var i = lastTokenEnd
        while i > 0, isDigit(bytes[i - 1]) { i -= 1 }
        return i < lastTokenEnd && (i == 0 || !(isIdentifierPart(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: ".")))
    }

    /// `√x` → `sqrt(x)`, `√(x + 1)` → `sqrt(x + 1)`: the sign becomes the function's name, and an
    /// operand written without parentheses (a name or a number) gets them.
    private func rootSign(_ named: String, _ function: String, at start: Int, _ end: Int) -> Diagnostic {
        var operandEnd = end
        while operandEnd < limit, isIdentifierPart(bytes[operandEnd]) || bytes[operandEnd] == UInt8(ascii: ".") { operandEnd += 1 }
        let r = range(start, operandEnd)
        let fix = operandEnd > end ? "\(function)(\(text(end, operandEnd)))" : function
        let shown = operandEnd > end ? fix : function + "(…)"
        return .error("\(named); did you mean \(quote(shown))?", at: range(start, end), fixIts: [.init(range: r, replacement: fix)])
    }

    private func codePoint(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Names of the control characters people meet in files.
    private static let controlNames: [Int: String] = [
        0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "DEL",
    ]

    /// Characters that word processors and math fonts put where an ASCII operator belongs.
    private static let lookalikes: [Unicode.Scalar: String] = [
        "\u{2212}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{00D7}": "*", "\u{22C5}": "*", "\u{00B7}": "*",
        "\u{2217}": "*", "\u{00F7}": "/", "\u{2215}": "/", "\u{00B2}": "^2", "\u{00B3}": "^3", "\u{03C0}": "pi",
        "\u{00A0}": " ", "\u{2009}": " ", "\u{202F}": " ", "\u{2264}": "<=", "\u{2265}": ">=", "\u{2260}": "!=",
        "\u{FF08}": "(", "\u{FF09}": ")", "\u{FF0C}": ",", "\u{FF1B}": ";",
    ]

    /// Root signs and the function each stands for.
    private static let rootSigns: [Unicode.Scalar: String] = ["\u{221A}": "sqrt", "\u{221B}": "cbrt"]
}
