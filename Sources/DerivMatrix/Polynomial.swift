/// A polynomial in dimension names with whole-number coefficients, such as `2*m*n + n`: how
/// `deriv ops` counts the operations of a vector or matrix program (docs/MATRICES.md, "ops").
/// A monomial is its names in sorted order, repeated for powers (`["n", "n"]` is n²).
public struct Polynomial: Equatable, Sendable, CustomStringConvertible {
    /// The coefficient of each monomial; none is 0.
    public private(set) var terms: [[String]: Int] = [:]

    public init() {}

    public init(_ c: Int) { if c != 0 { terms[[]] = c } }

    /// The dimension `name` itself.
    public init(name: String) { terms[[name]] = 1 }

    public static let zero = Polynomial()

    public var isZero: Bool { terms.isEmpty }

    public static func + (a: Polynomial, b: Polynomial) -> Polynomial {
        var r = a
        for (m, c) in b.terms { r.add(m, c) }
        return r
    }

    public static func - (a: Polynomial, b: Polynomial) -> Polynomial { a + Polynomial(-1) * b }

    public static func * (a: Polynomial, b: Polynomial) -> Polynomial {
        var r = Polynomial()
        for (m, c) in a.terms { for (n, d) in b.terms { r.add((m + n).sorted(), c * d) } }
        return r
    }

    private mutating func add(_ m: [String], _ c: Int) {
        let sum = terms[m, default: 0] + c
        terms[m] = sum == 0 ? nil : sum
    }

    /// The value for the sizes `dimensions`, or nil when a name of it has no size.
    public func value(_ dimensions: [String: Int]) -> Int? {
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

    /// The sign every coefficient shares (1, 0 for zero, -1), or nil when they differ: for
    /// dimensions of at least 1 a polynomial whose coefficients are all positive is positive.
    public var sign: Int? {
        let signs = Set(terms.values.map { $0 > 0 ? 1 : -1 })
        return signs.count > 1 ? nil : signs.first ?? 0
    }

    /// Highest degree first, then by names: `2*m*n + n - 1`.
    public var description: String {
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
