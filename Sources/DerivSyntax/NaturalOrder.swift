import Foundation

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
package func precedesNaturally(_ a: String, _ b: String) -> Bool {
    NaturalOrderKey(a) < NaturalOrderKey(b)
}

/// A name's place in natural order (`precedesNaturally`), computed once, so that sorting many
/// names compares plain bytes (`memcmp`): keys compare as their names do.
package struct NaturalOrderKey: Comparable, Sendable {
    /// The pieces of the name, then a 0 byte, then the name itself (which decides between names
    /// whose pieces are equal: they differ only in case or leading zeros). A run of digits is
    /// 0x01, the number of its digits without leading zeros (4 bytes, most significant first)
    /// and those digits, so a shorter number comes first and then the first differing digit
    /// decides, and the run comes before any other character; any other character is its
    /// lower-case byte, which in a name is at least 0x30, so the 0 byte ends a name's pieces
    /// before any more pieces of another.
    private var bytes: [UInt8] = []

    package init(_ name: String) {
        let name = Array(name.utf8)
        bytes.reserveCapacity(2 * name.count + 5)
        var i = 0
        while i < name.count {
            guard isDigit(name[i]) else {
                let c = name[i]
                bytes.append(c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c)
                i += 1
                continue
            }
            while i < name.count, name[i] == UInt8(ascii: "0") { i += 1 }
            var end = i
            while end < name.count, isDigit(name[end]) { end += 1 }
            let count = UInt32(end - i)
            bytes += [0x01, UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            bytes += name[i..<end]
            i = end
        }
        bytes.append(0)
        bytes += name
    }

    package static func < (a: NaturalOrderKey, b: NaturalOrderKey) -> Bool {
        a.bytes.withUnsafeBufferPointer { x in
            b.bytes.withUnsafeBufferPointer { y in
                let order = memcmp(x.baseAddress!, y.baseAddress!, min(x.count, y.count))
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}
