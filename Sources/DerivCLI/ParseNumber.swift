import Foundation

/// A number as users write it at the shell or in a CSV field: a decimal literal (`1.5`, `-2e-3`,
/// `.5`, `1.`), or one of the words nan, inf, infinity, pi, e (in any case; `-inf`, `+inf`,
/// `-infinity`, `-pi`). Nil for anything else. A decimal too large for a Double reads as ±∞,
/// which callers report as an overflow unless the text spells infinity.
func parseNumber(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    if let v = fastDecimal(text) { return v }
    if let v = numberWord(text) { return v }
    guard !text.isEmpty, text.allSatisfy(isDecimalByte) else { return nil }
    return exactDecimal(text)
}

/// `parseNumber` of a string (`--at` values).
func parseNumber(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { parseNumber($0) }
}

private func numberWord(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    guard text.count <= 9 else { return nil }
    switch String(decoding: text, as: UTF8.self).lowercased() {
    case "nan": return .nan
    case "inf", "infinity", "+inf": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "pi": return .pi
    case "-pi": return -.pi
    case "e": return 2.718281828459045
    default: return nil
    }
}

private func isDecimalByte(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
        || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
}

/// 10^0 … 10^22, every one exact in a Double.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Most numbers in files have few significant digits and a small exponent: such a decimal is a
/// whole number w < 2^53 times or divided by 10^k with k ≤ 22, both exact in a Double, so one
/// correctly rounded operation gives the correctly rounded value (Clinger's fast path). Nil for
/// any other text, valid or not, which `exactDecimal` then reads (or rejects).
private func fastDecimal(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = s.count
    var i = 0
    var negative = false
    if i < n, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
        negative = s[i] == UInt8(ascii: "-")
        i += 1
    }
    var w: UInt64 = 0          // the significant digits, at most 19 of them
    var significant = 0        // how many, from the first nonzero digit
    var scale = 0              // the power of ten the digits are scaled by
    var sawDigit = false
    var sawPoint = false
    while i < n {
        let b = s[i]
        if b == UInt8(ascii: "."), !sawPoint {
            sawPoint = true
        } else if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
            sawDigit = true
            if w != 0 || b != UInt8(ascii: "0") {
                if significant == 19 { return nil }
                w = w * 10 + UInt64(b - UInt8(ascii: "0"))
                significant += 1
            }
            if sawPoint { scale -= 1 }
        } else {
            break
        }
        i += 1
    }
    guard sawDigit else { return nil }
    if i < n {
        guard s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") else { return nil }
        i += 1
        var exponentNegative = false
        if i < n, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            exponentNegative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < n else { return nil }
        var exponent = 0
        while i < n {
            let b = s[i]
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), exponent < 10_000 else { return nil }
            exponent = exponent * 10 + Int(b - UInt8(ascii: "0"))
            i += 1
        }
        scale += exponentNegative ? -exponent : exponent
    }
    let magnitude: Double
    if w == 0 {
        magnitude = 0
    } else if w <= 1 << 53, scale >= -22, scale <= 22 {
        magnitude = scale >= 0 ? Double(w) * exactPowersOfTen[scale] : Double(w) / exactPowersOfTen[-scale]
    } else {
        return nil
    }
    return negative ? -magnitude : magnitude
}

/// Any decimal, correctly rounded by the C library's `strtod` (the text is all decimal bytes, so
/// nothing locale- or hex-specific applies); nil unless all of it is one number.
private func exactDecimal(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: s.count + 1) { c in
        for i in 0..<s.count { c[i] = CChar(bitPattern: s[i]) }
        c[s.count] = 0
        let start = c.baseAddress!
        var end: UnsafeMutablePointer<CChar>?
        let v = strtod(start, &end)
        return end == start + s.count ? v : nil
    }
}
