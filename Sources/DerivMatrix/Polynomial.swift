/// A polynomial in dimension names with whole-number coefficients, such as `2*m*n + n`: how
/// `deriv ops` counts the operations of a vector or matrix program (docs/MATRICES.md, "ops").
/// A monomial is its names in sorted order, repeated for powers (`["n", "n"]` is n²).
package struct Polynomial: Equatable, Sendable, CustomStringConvertible {
    /// The coefficient of each monomial; none is 0.
    package private(set) var terms: [[String]: Int] = [:]

    package init() {}

    package init(_ c: Int) { if c != 0 { terms[[]] = c } }

    /// The dimension `name` itself.
    package init(name: String) { terms[[name]] = 1 }

    package static let zero = Polynomial()

    package var isZero: Bool { terms.isEmpty }

    package static func + (a: Polynomial, b: Polynomial) -> Polynomial {
        var r = a
        for (m, c) in b.terms { r.add(m, c) }
        return r
    }

    package static func - (a: Polynomial, b: Polynomial) -> Polynomial { a + Polynomial(-1) * b }

    package static func * (a: Polynomial, b: Polynomial) -> Polynomial {
        var r = Polynomial()
        for (m, c) in a.terms { for (n, d) in b.terms { r.add((m + n).sorted(), c * d) } }
        return r
    }

    private mutating func add(_ m: [String], _ c: Int) {
        let sum = terms[m, default: 0] + c
        terms[m] = sum == 0 ? nil : sum
    }

    /// The value for the sizes `dimensions`, or nil when a name of it has no size.
    package func value(_ dimensions: [String: Int]) -> Int? {
        var total = 0
        for (m, c) in terms {
            var p = c
            for name in m {
                guard let d = dimensions[name] else { return nil }
                p *= d
            }
            total += p
        }
        return total
    }

    /// The sign (1, 0 for zero, -1) the polynomial has at every size of at least 1 of its names,
    /// when its terms show it, else nil. A polynomial is positive when its coefficients are, or
    /// when its negative terms are paid for by positive ones: a monomial is at least each of its
    /// divisors (`n^2 - n` ≥ 0, so `2*n^2 - n` > 0), a positive term left over makes it positive.
    package var sign: Int? {
        if isZero { return 0 }
        if Polynomial.paysFor(self) { return 1 }
        return Polynomial.paysFor(Polynomial(-1) * self) ? -1 : nil
    }

    /// Whether the negative terms of `p` are covered by multiples of their monomials among the
    /// positive terms with something left over: the highest negative monomials first, each
    /// taking from the lowest positive multiples of it.
    private static func paysFor(_ p: Polynomial) -> Bool {
        func divides(_ a: [String], _ b: [String]) -> Bool {
            var rest = b
            for name in a {
                guard let k = rest.firstIndex(of: name) else { return false }
                rest.remove(at: k)
            }
            return true
        }
        func order(_ a: [String], _ b: [String]) -> Bool { a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b) }
        var positive = p.terms.filter { $0.value > 0 }.map { ($0.key, $0.value) }.sorted { order($0.0, $1.0) }
        for (m, c) in p.terms.filter({ $0.value < 0 }).sorted(by: { order($1.key, $0.key) }) {
            var owed = -c
            for k in positive.indices where owed > 0 && divides(m, positive[k].0) {
                let paid = min(owed, positive[k].1)
                positive[k].1 -= paid
                owed -= paid
            }
            if owed > 0 { return false }
        }
        return positive.contains { $0.1 > 0 }
    }

    /// Highest degree first, then by names: `2*m*n + n - 1`.
    package var description: String {
        let sorted = terms.keys.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        guard !sorted.isEmpty else { return "0" }
        var s = ""
        for (k, m) in sorted.enumerated() {
            let c = terms[m]!
            s += k == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ")
            let names = Polynomial.powers(m)
            if names.isEmpty { s += String(abs(c)) } else { s += (abs(c) == 1 ? "" : "\(abs(c))*") + names }
        }
        return s
    }

    /// A monomial as a product, powers for repeated names: `m*n^2` for `["m", "n", "n"]`.
    private static func powers(_ m: [String]) -> String {
        var parts: [String] = []
        var i = 0
        while i < m.count {
            var j = i
            while j < m.count && m[j] == m[i] { j += 1 }
            parts.append(j - i == 1 ? m[i] : "\(m[i])^\(j - i)")
            i = j
        }
        return parts.joined(separator: "*")
    }
}
