/// Whether name `a` comes before name `b` in natural order, the order of a program's undeclared
/// inputs (grammar/deriv.ebnf, "Names"): `a < b < x < x1 < x2 < x10 < x_1 < xa < y`.
///
/// The names are compared piece by piece from the left, a piece being a run of digits or one
/// other character:
/// - two runs of digits compare as the numbers they spell (`x2 < x10`), however long;
/// - a run of digits comes before any other character (`x1 < x_1 < xa`);
/// - other characters compare ignoring case, as bytes of their lower-case form, so `_` comes
///   before every letter and letters come alphabetically (`g < kb < T < x`);
/// - a name that is the start of the other comes first (`x < x1`, `x < xa`).
/// Names that this leaves equal differ only in the case of letters or in leading zeros; they
/// are ordered by their bytes in ASCII (`X < x`, `x01 < x1`). The order is total: of two
/// distinct names, one comes first.
public func precedesNaturally(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    let primary = naturalComparison(x, y)
    return primary != 0 ? primary < 0 : x.lexicographicallyPrecedes(y)
}

/// -1, 0 or 1 as `x` comes before, level with or after `y` by the pieces of `precedesNaturally`
/// (numbers by value, letters ignoring case).
private func naturalComparison(_ x: [UInt8], _ y: [UInt8]) -> Int {
    var i = 0, j = 0
    while i < x.count, j < y.count {
        let xDigit = isDigit(x[i]), yDigit = isDigit(y[j])
        if xDigit != yDigit { return xDigit ? -1 : 1 }
        if !xDigit {
            let c = lowercased(x[i]), d = lowercased(y[j])
            if c != d { return c < d ? -1 : 1 }
            i += 1
            j += 1
            continue
        }
        // Two runs of digits: without their leading zeros, the longer is the larger number, and
        // of two as long the first differing digit decides.
        while i < x.count, x[i] == UInt8(ascii: "0") { i += 1 }
        while j < y.count, y[j] == UInt8(ascii: "0") { j += 1 }
        var endX = i, endY = j
        while endX < x.count, isDigit(x[endX]) { endX += 1 }
        while endY < y.count, isDigit(y[endY]) { endY += 1 }
        if endX - i != endY - j { return endX - i < endY - j ? -1 : 1 }
        while i < endX {
            if x[i] != y[j] { return x[i] < y[j] ? -1 : 1 }
            i += 1
            j += 1
        }
    }
    let xLeft = i < x.count, yLeft = j < y.count
    return xLeft == yLeft ? 0 : (xLeft ? 1 : -1)
}

@inline(__always) private func lowercased(_ c: UInt8) -> UInt8 {
    c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
}
