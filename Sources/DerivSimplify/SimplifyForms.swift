@_spi(DerivCore) import DerivCore
/// The normal forms the simplifier (`Graph.simplified()`) computes with. A value is a constant,
/// a sum of terms, a product of powers, or a node already built. Flattening nested sums and
/// products into these forms is what finds like terms (`x*y - y*x` → 0), coefficients
/// (`2*(3*x)` → `6*x`) and powers of one base (`x*x^2` → `x^3`).

/// The exponent of one factor: a number (`x^2`; `1/x` is `x^-1`) or a node (`x^y`).
enum Exponent: Hashable {
    case number(Double)
    case node(NodeID)

    static let one = Exponent.number(1)
}

/// One factor `base^exponent` of a monomial.
struct Factor: Hashable {
    var base: NodeID
    var exponent: Exponent
}

/// A product of powers without its coefficient, its factors sorted by base id: what like terms
/// share (`2*x*y` and `-y*x` are both `x*y`).
struct Monomial: Hashable {
    private(set) var factors: [Factor]

    init(_ powers: [NodeID: Exponent]) {
        factors = powers.map { Factor(base: $0.key, exponent: $0.value) }.sorted { $0.base < $1.base }
    }

    var powers: [NodeID: Exponent] {
        Dictionary(uniqueKeysWithValues: factors.map { ($0.base, $0.exponent) })
    }
}

/// `coefficient · Π baseᵢ^exponentᵢ`, each base once, no exponent 0.
struct Product {
    var coefficient: Double
    var powers: [NodeID: Exponent]

    init(_ coefficient: Double, _ powers: [NodeID: Exponent] = [:]) {
        self.coefficient = coefficient
        self.powers = powers
    }
}

/// `constant + Σ coefficientᵢ · monomialᵢ`, each monomial once.
struct Sum {
    var constant: Double
    var terms: [Monomial: Double]

    init(_ constant: Double, _ terms: [Monomial: Double] = [:]) {
        self.constant = constant
        self.terms = terms
    }

    /// `-s`, term by term (exact).
    var negated: Sum { Sum(-constant, terms.mapValues { -$0 }) }

    /// The bases under the line in some term (a negative integer power: `x` in `a/x^2`), each
    /// with the terms that have it there.
    var denominators: [NodeID: [Monomial]] {
        var under: [NodeID: [Monomial]] = [:]
        for m in terms.keys {
            for f in m.factors {
                if case .number(let v) = f.exponent, v < 0, v == v.rounded() { under[f.base, default: []].append(m) }
            }
        }
        return under
    }

    /// Whether every term is negative and the constant is not positive (`-x - 1`): a minus they
    /// all share, which reads better outside (`-(x + 1)`).
    var sharesMinus: Bool { constant <= 0 && !terms.isEmpty && terms.values.allSatisfy { $0 < 0 } }

    /// The terms in the order of their factors' node ids: work over them, and the rounding of
    /// the coefficients it adds up, never depends on hashing. (A pass builds nodes in the
    /// canonical order of its input, so ids follow structure; `SortKeys` is the dearer order
    /// for what is printed.)
    var termsInOrder: [(m: Monomial, c: Double)] {
        terms.sorted { $0.key.precedes($1.key) }.map { ($0.key, $0.value) }
    }
}

extension Monomial {
    /// Lexicographic by (base id, exponent): numbers before nodes, numbers by value, nodes by id.
    func precedes(_ other: Monomial) -> Bool {
        for (f, g) in zip(factors, other.factors) where f != g {
            if f.base != g.base { return f.base < g.base }
            switch (f.exponent, g.exponent) {
            case (.number(let u), .number(let v)): return u < v
            case (.number, .node): return true
            case (.node, .number): return false
            case (.node(let u), .node(let v)): return u < v
            }
        }
        return factors.count < other.factors.count
    }
}

/// A value while the simplifier works on it. Constants here are always finite (a non-finite
/// constant stays a node, so evaluation still warns where it is used).
enum Form {
    case constant(Double)
    /// A node already built in the new graph.
    case node(NodeID)
    case product(Product)
    case sum(Sum)
}

/// How a coefficient is written: `x/2` rather than `0.5*x`, `2*x/3` rather than
/// `0.6666666666666666*x`, `2*y/sqrt(pi)` and `x/log(2)` for the constants derivatives bring,
/// and plain decimals (`0.1*x`, `2.5*x`) where they are short.
enum CoefficientSpelling {
    /// (numerator, denominator) with `numerator/denominator` equal to `c` within one unit in the
    /// last place (so `x*(1/7)` and `x/7` are spelled alike); denominator 1 when no small
    /// fraction fits. A denominator may be one of `LanguageSyntax.namedConstants`.
    static func fraction(_ c: Double) -> (numerator: Double, denominator: Double) {
        if c == c.rounded() || !c.isFinite { return (c, 1) }
        func fits(_ p: Double, _ q: Double) -> Bool {
            let r = p / q
            return r == c || r == c.nextUp || r == c.nextDown
        }
        let sign: Double = c < 0 ? -1 : 1
        // x/2, x/3, x/4 …, but 0.1*x and 0.2*x as written.
        for q in 2...16 where q != 5 && q != 10 && fits(sign, Double(q)) { return (sign, Double(q)) }
        if LanguageSyntax.namedConstants.contains(where: { $0.value == Swift.abs(c) }) { return (c, 1) }
        for named in LanguageSyntax.namedConstants {
            for p in 1...4 where fits(Double(p) * sign, named.value) { return (Double(p) * sign, named.value) }
        }
        guard LanguageSyntax.decimal(Swift.abs(c), forceFraction: false).count > 6 else { return (c, 1) }
        for q in 2...100 {
            let p = (c * Double(q)).rounded()
            if Swift.abs(p) < 1000, fits(p, Double(q)) { return (p, Double(q)) }
        }
        return (short(c), 1)
    }

    /// `c`, or a number within two units in the last place of it whose decimal is short where
    /// `c`'s is long: the rounding that folding coefficients in binary adds and decimal
    /// arithmetic would not (`0.05*0.1` is `0.005000000000000001`, printed `0.005`;
    /// `(1/sqrt(2))^2` is `0.4999999999999999`, printed `0.5`). A rounding of the same size as
    /// the folding's own.
    static func short(_ c: Double) -> Double {
        func length(_ v: Double) -> Int { LanguageSyntax.decimal(Swift.abs(v), forceFraction: false).count }
        guard c.isFinite, c != 0, length(c) >= 15 else { return c }
        let nearby = [c.nextUp, c.nextDown, c.nextUp.nextUp, c.nextDown.nextDown]
        return nearby.filter { length($0) <= 10 }.min { length($0) < length($1) } ?? c
    }
}
