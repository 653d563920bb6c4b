@_spi(DerivCore) import DerivCore
/// Sums written shorter before they are built: a factor every term shares taken out, terms over
/// powers of one denominator combined over it. Every rewrite here is kept only when it prints
/// fewer operations (`operations`), so factoring never makes a derivative longer.
extension Simplifier {
    /// Takes out the factor every term shares (`c*b + c` → `c*(b + 1)`, `2*x + 2*y` →
    /// `2*(x + y)`) when it holds more than powers of inputs: `2*x*sin(x) + x^2*cos(x)` stays as
    /// people write it; from a polynomial, its common monomial when that prints fewer operations
    /// (`2*x*y + y^2` → `y*(2*x + y)`). Never for a sum with a constant term. With `sign`, for a
    /// sum that is a factor, a minus shared by every term too (`(-x - y)/r` → `-(x + y)/r`).
    /// With `underLine`, for a sum raised to a negative power, a denominator or a common factor
    /// is taken out when that is no longer, as what comes out merges into the quotient around it
    /// (`1/(x^2/y + y)` → `y/(x^2 + y^2)`). A product, or the sum unchanged.
    mutating func factored(_ s: Sum, sign: Bool = false, underLine: Bool = false) -> Form {
        let s = withSharedPartsOpened(expanding ? expandedInFull(s) ?? s : s)
        if let combined = overCommonDenominator(s, underLine: underLine) { return combined }
        if sign, s.terms.count + (s.constant == 0 ? 0 : 1) >= 2, s.sharesMinus {
            var p = product(factored(s.negated))
            p.coefficient = -p.coefficient
            return normalized(p)
        }
        if s.terms.count < 2 { return normalized(s) }
        guard let (k, common) = commonFactor(s, underLine: underLine) else { return .sum(s) }
        var result = Product(k, common)
        let rest = withSharedPartsOpened(Simplifier.dividing(s, by: k, common))  // `(1 - f) - f` may merge now
        if rest.terms.isEmpty {
            scale(&result, by: rest.constant)
        } else if rest.sharesMinus {
            // A minus every term shares comes out too: `y*(-9*y^3 - 6)` → `-y*(9*y^3 + 6)`.
            scale(&result, by: -1)
            result.powers[buildSum(rest.negated)] = .one
        } else {
            result.powers[buildSum(rest)] = .one
        }
        return normalized(result)
    }

    /// `s` with its products multiplied out in full, for an expanding pass: a factor that is a
    /// built product is written out (at an integer power), one that is a built sum is multiplied
    /// out (at the powers 1 to 3, as `multipliedOut`), until the terms are monomials of other
    /// nodes. Nil when nothing is written out, or it would pass `multipliedOut`'s bounds or 16 terms.
    private mutating func expandedInFull(_ s: Sum) -> Sum? {
        var result = s, changed = false
        for _ in 0..<Simplifier.expansionRounds {
            var next = Sum(result.constant), opened = false
            for (m, c) in result.termsInOrder {
                var powers = m.powers, c = c
                if writeOutSharedProducts(of: m, into: &powers, &c, where: { _ in true }) { opened = true }
                var expanded: Set<NodeID> = []
                guard let term = multipliedOut(c, powers, expanding: &expanded) else { return nil }
                if !expanded.isEmpty { opened = true }
                addConstant(&next, term.constant)
                for (n, d) in term.terms { addTerm(&next, n, d) }
            }
            guard next.terms.count <= 16 else { return nil }
            if !opened { break }
            result = next
            changed = true
        }
        return changed ? result : nil
    }

    /// Writes out, in the term `c·m` (held as `powers` and `c`), each factor that is a built
    /// product at an integer power and passes `test`: its coefficient into `c`, its powers into
    /// `powers`. Whether any was written out.
    @discardableResult
    private mutating func writeOutSharedProducts(of m: Monomial, into powers: inout [NodeID: Exponent], _ c: inout Double,
                                                 where test: (Product) -> Bool) -> Bool {
        var any = false
        for f in m.factors {
            guard case .number(let k) = f.exponent, k == k.rounded(), case .product(let full) = builtFrom[f.base],
                  test(full), let r = raised(full, k), (c * r.coefficient).isNormal else { continue }
            powers[f.base] = nil
            c *= r.coefficient
            for (g, x) in r.powers.sorted(by: { $0.key < $1.key }) { multiplyPower(&powers, g, x) }
            any = true
        }
        return any
    }

    /// Rounds of `expandedInFull`: how deep in built parts it looks.
    private static let expansionRounds = 2

    /// The terms of `s` over powers of one denominator, written over its highest power when that
    /// prints fewer operations: `1/(x + 1) - (x - 1)/(x + 1)^2` → `2/(x + 1)^2`,
    /// `1/x^2 - log(x)/x^2` → `(1 - log(x))/x^2`; `cos(x)/x - sin(x)/x^2` stays. The numerator is
    /// multiplied out where its factors are sums (the denominator's own powers that a term
    /// lacks, and a term's sum factors), so its like terms merge. First the terms under that
    /// denominator alone, else the whole sum if it is short (`2 - 2*x^2/(x^2 + y^2)` →
    /// `2*y^2/(x^2 + y^2)`; at most 8 terms, so a long sum costs linear time).
    /// Several denominators in one pass, as long as their terms do not overlap. Nil when no
    /// denominator pays.
    mutating func overCommonDenominator(_ s: Sum, underLine: Bool = false) -> Form? {
        guard !buildingNumerator else { return nil }
        let under = s.denominators
        var result = s, changed = false
        for base in under.keys.sorted(by: { keys.key($0, in: b) < keys.key($1, in: b) }) {
            let group = under[base]!
            // A term already combined over another denominator waits for the next pass.
            guard group.allSatisfy({ result.terms[$0] != nil }) else { continue }
            let alone = Sum(0, Dictionary(uniqueKeysWithValues: group.map { ($0, s.terms[$0]!) }))
            let combined: (terms: Sum, over: Sum, depth: Double)
            if group.count >= 2, let (numerator, depth) = numerator(of: alone, over: base, underLine: underLine) {
                combined = (alone, numerator, depth)
            } else if !changed, group.count < s.terms.count || s.constant != 0, s.terms.count <= 8,
                      let (numerator, depth) = numerator(of: s, over: base, underLine: underLine) {
                combined = (s, numerator, depth)
            } else {
                continue
            }
            changed = true
            result.constant -= combined.terms.constant
            for m in combined.terms.terms.keys { result.terms[m] = nil }
            var powers: [NodeID: Exponent] = [base: .number(-combined.depth)]
            if combined.over.terms.isEmpty {
                if combined.over.constant != 0 { addTerm(&result, Monomial(powers), combined.over.constant) }
            } else {
                // The numerator has its common factor taken out, but is not combined over a
                // denominator again here (the next pass does that), so nesting stays one level.
                buildingNumerator = true
                multiplyPower(&powers, build(.sum(combined.over)), .one)  // it may be the base itself
                buildingNumerator = false
                if powers.isEmpty { addConstant(&result, 1) } else { addTerm(&result, Monomial(powers), 1) }
            }
        }
        return changed ? normalized(result) : nil
    }

    /// The numerator of `s` over the highest power of `base` under its line, multiplied out
    /// (`multipliedOut`), with that power; nil when `numerator/base^depth` would not print fewer
    /// operations than `s` (with `underLine`, more, its division aside), or does not fit.
    mutating func numerator(of s: Sum, over base: NodeID, underLine: Bool = false) -> (Sum, depth: Double)? {
        var depth = 0.0
        for m in s.terms.keys {
            if case .number(let v) = m.powers[base], v < 0 { depth = Swift.max(depth, -v) }
        }
        var numerator = Sum(0), expanded: Set<NodeID> = []
        for (m, c) in [(Monomial([:]), s.constant)] + s.termsInOrder where c != 0 {
            var powers = m.powers, c = c
            // A shared product that holds the denominator is written out, so the powers merge
            // (`(y/r)*r` would read as nonsense).
            writeOutSharedProducts(of: m, into: &powers, &c, where: { $0.powers[base] != nil })
            multiplyPower(&powers, base, .number(depth))
            guard let term = multipliedOut(c, powers, expanding: &expanded) else { return nil }
            addConstant(&numerator, term.constant)
            for (n, d) in term.terms { addTerm(&numerator, n, d) }
        }
        // A part multiplied out may bring the denominator back (`u + 1/u`): then it is not one.
        guard numerator.terms.keys.allSatisfy({ m in
            if case .number(let v) = m.powers[base], v < 0 { return false } else { return true }
        }) else { return nil }
        // The sums multiplied out that were factors of the terms are no longer printed; those
        // inside a shared product written out still are, where that product is used.
        let factors = Set(s.terms.keys.flatMap { $0.factors.map(\.base) })
        let expandedCost = expanded.intersection(factors).subtracting([base]).reduce(0) { cost, e in
            if case .sum(let inner) = builtFrom[e] { return cost + Simplifier.operations(inner) }
            return cost
        }
        let before = Simplifier.operations(s) + expandedCost
        let after = numerator.terms.isEmpty
            ? Simplifier.operations(Product(numerator.constant, [base: .number(-depth)]))
            : Simplifier.operations(numerator) + 1 + (depth == 1 ? 0 : 1)
        // Under a line, the division merges into the quotient around it: no longer is enough.
        return after < before || underLine && after - 1 <= before ? (numerator, depth) : nil
    }

    /// `c·Π powers` as a sum, with each factor that is a built sum raised to a small positive
    /// integer power multiplied out (those bases are added to `expanded`); nil when that would
    /// take more than 64 products of terms at a step or write more than 16 terms, or a
    /// coefficient would not be finite.
    private mutating func multipliedOut(_ c: Double, _ powers: [NodeID: Exponent], expanding expanded: inout Set<NodeID>) -> Sum? {
        let powers = squareRootsMerged(powers)
        var kept = powers
        var sums: [(Sum, Int)] = []
        for (base, e) in powers.sorted(by: { $0.key < $1.key }) {
            guard case .sum(let inner) = builtFrom[base], case .number(let k) = e, k >= 1, k <= 3, k == k.rounded()
            else { continue }
            kept[base] = nil
            sums.append((inner, Int(k)))
            expanded.insert(base)
        }
        var result = kept.isEmpty ? Sum(c) : Sum(0, [Monomial(kept): c])
        for (inner, k) in sums {
            for _ in 0..<k {
                guard (result.terms.count + 1) * (inner.terms.count + 1) <= 64 else { return nil }
                var next = Sum(0)
                let innerTerms = [(Monomial([:]), inner.constant)] + inner.termsInOrder
                for (m, u) in [(Monomial([:]), result.constant)] + result.termsInOrder where u != 0 {
                    for (n, v) in innerTerms where v != 0 {
                        let d = u * v
                        guard d.isFinite, d.isNormal else { return nil }
                        var p = m.powers
                        for f in n.factors { multiplyPower(&p, f.base, f.exponent) }
                        if p.isEmpty { addConstant(&next, d) } else { addTerm(&next, Monomial(p), d) }
                    }
                }
                guard next.terms.count <= 16 else { return nil }
                result = next
            }
        }
        return result
    }

    /// The factor worth taking out of every term of `s` (see `factored`): a coefficient
    /// magnitude and powers; nil when there is none.
    mutating func commonFactor(_ s: Sum, underLine: Bool = false) -> (coefficient: Double, powers: [NodeID: Exponent])? {
        guard s.constant == 0, s.terms.count >= 2, let first = s.terms.first else { return nil }
        var common = first.key.powers
        for (m, _) in s.terms where !common.isEmpty {
            let powers = m.powers
            for (base, e) in common {
                common[base] = powers[base].flatMap { Simplifier.sharedExponent(e, $0) }
            }
        }
        let magnitude = Swift.abs(first.value)
        let sameMagnitude = magnitude != 1 && magnitude != 0 && s.terms.values.allSatisfy { Swift.abs($0) == magnitude }
        let k = sameMagnitude ? magnitude : 1
        guard !common.isEmpty || sameMagnitude else { return nil }
        if sameMagnitude || common.contains(where: { keys.key(Factor(base: $0.key, exponent: $0.value), in: b).rank >= 2 }) {
            return (k, common)
        }
        // A polynomial: its common monomial comes out only when that makes it shorter
        // (`2*x*y + y^2` → `y*(2*x + y)`, but `8*x^7 + 2*x` stays).
        let polynomial = s.terms.keys.allSatisfy { m in
            m.factors.allSatisfy { f in
                if b[f.base].op == .input, case .number = f.exponent { return true } else { return false }
            }
        }
        guard polynomial else { return nil }
        let factoredCost = Simplifier.operations(Product(k, common)) + 1
            + Simplifier.operations(Simplifier.dividing(s, by: k, common))
        // Under a line, the factor merges into the quotient around it: no longer is enough.
        let shorter = factoredCost < Simplifier.operations(s) || underLine && factoredCost == Simplifier.operations(s)
        return shorter ? (k, common) : nil
    }

    /// `s` divided by `k·Π common`, a factor of every term (see `commonFactor`).
    private static func dividing(_ s: Sum, by k: Double, _ common: [NodeID: Exponent]) -> Sum {
        var reduced = Sum(0)
        for (m, c) in s.terms {
            var powers = m.powers
            for (base, e) in common {
                if case .number(let u) = e, case .number(let v) = powers[base]!, u != v {
                    powers[base] = .number(v - u)
                } else {
                    powers[base] = nil
                }
            }
            if powers.isEmpty { reduced.constant = c / k } else { reduced.terms[Monomial(powers)] = c / k }
        }
        return reduced
    }

    /// The operations a product prints with, its sign aside: one per factor after the first
    /// (the coefficient counts as a factor unless it is ±1), one per power other than ±1, and
    /// the division of `1/x` when nothing else is above the line.
    private static func operations(_ p: Product) -> Int {
        let powers = p.powers.values.filter { $0 != .one && $0 != .number(-1) }.count
        let reciprocal = Swift.abs(p.coefficient) == 1 && !p.powers.isEmpty && p.powers.values.allSatisfy {
            if case .number(let v) = $0, v < 0 { return true } else { return false }
        }
        return Swift.max(0, p.powers.count + (Swift.abs(p.coefficient) == 1 ? 0 : 1) - 1) + powers + (reciprocal ? 1 : 0)
    }

    /// The operations a sum prints with: its terms', and one per addition or subtraction.
    private static func operations(_ s: Sum) -> Int {
        s.terms.reduce(0) { $0 + operations(Product($1.value, $1.key.powers)) }
            + s.terms.count + (s.constant == 0 ? 0 : 1) - 1
    }

    /// The power of a base that two terms share: the smaller of two positive exponents, or an
    /// exponent both have exactly; nil otherwise.
    private static func sharedExponent(_ a: Exponent, _ b: Exponent) -> Exponent? {
        if case .number(let u) = a, case .number(let v) = b, u > 0, v > 0 { return .number(Swift.min(u, v)) }
        return a == b ? a : nil
    }
}
