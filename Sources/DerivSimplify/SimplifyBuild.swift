@_spi(DerivCore) import DerivCore
/// Forms written back as nodes (`Simplifier.run` builds what is shared or an output): sums as
/// positive terms, negative terms, constant; products as coefficient, numerator, denominator;
/// terms under one condition merged into one conditional.
extension Simplifier {
    mutating func build(_ x: Form) -> NodeID {
        let id: NodeID
        switch x {
        case .constant(let v): return b.constant(v)
        case .node(let n): return n
        case .product(let p): id = buildProduct(p)
        case .sum(let s):
            switch factored(s) {
            case .product(let p): id = buildProduct(p)
            case .sum(let s): id = buildSum(s)
            case let f: return build(f)
            }
        }
        if builtFrom[id] == nil { builtFrom[id] = x }
        return id
    }

    /// Positive terms, then negative ones (`a - b`, never `a + -b`), then the constant
    /// (`x + 1`, `x - 1`; first in `1 - x`), each group in `TermKey` order, nested to the left.
    /// Terms with an indicator factor of one condition become one conditional term.
    mutating func buildSum(_ s: Sum) -> NodeID {
        let s = mergingConditionals(s)
        var ordered = s.terms.map { (key: keys.key($0.key, in: b), m: $0.key, c: $0.value) }
        ordered.sort { $0.key < $1.key }
        let positive = ordered.filter { $0.c.sign == .plus }
        let negative = ordered.filter { $0.c.sign == .minus }
        var constant = s.constant
        var result: NodeID?
        if positive.isEmpty, constant > 0 {
            result = b.constant(constant)
            constant = 0
        }
        for t in positive + negative {
            if let r = result {
                let term = buildProduct(Product(Swift.abs(t.c), t.m.powers))
                result = b.exactly(Node(op: t.c.sign == .plus ? .add : .sub, a: r, b: term))
            } else {
                result = buildProduct(Product(t.c, t.m.powers))
            }
        }
        if constant != 0 {
            let term = CoefficientSpelling.short(Swift.abs(constant))
            result = b.exactly(Node(op: constant > 0 ? .add : .sub, a: result!, b: b.constant(term)))
        }
        if builtFrom[result!] == nil { builtFrom[result!] = .sum(s) }
        return result!
    }

    /// The coefficient's numerator, then the factors with positive exponents, over the
    /// coefficient's denominator and the factors with negative ones: `-2*x*y/(3*z^2)`.
    /// A product with an indicator factor becomes a conditional: `(c ? 1 : 0)*x` → `c ? x : 0`.
    private mutating func buildProduct(_ p: Product) -> NodeID {
        var p = p
        p.powers = squareRootsMerged(sharedDenominatorsCleared(p.powers))
        if p.powers.isEmpty { return b.constant(p.coefficient) }
        if let (base, condition, whenTrue) = indicator(in: p.powers) {
            var rest = p
            rest.powers[base] = nil
            let value = build(normalized(rest)), zero = b.constant(0)
            return b.exactly(Node(op: .select, a: condition, b: whenTrue ? value : zero, c: whenTrue ? zero : value))
        }
        var factors = p.powers.map { (key: keys.key(Factor(base: $0.key, exponent: $0.value), in: b), base: $0.key, e: $0.value) }
        factors.sort { $0.key < $1.key }
        var numerator: [NodeID] = [], denominator: [NodeID] = []
        for f in factors {
            if case .number(let v) = f.e, v < 0 {
                denominator.append(powerNode(f.base, .number(-v)))
            } else {
                numerator.append(powerNode(f.base, f.e))
            }
        }
        var (top, bottom) = CoefficientSpelling.fraction(p.coefficient)
        // With nothing above the line the fraction costs a multiplication; the short decimal is
        // the coefficient itself, divided once.
        if numerator.isEmpty, bottom != 1, LanguageSyntax.decimal(Swift.abs(p.coefficient), forceFraction: false).count <= 6 {
            if decimalOverDenominator { (top, bottom) = (p.coefficient, 1) } else { wroteFractionOverDenominator = true }
        }
        if bottom != 1 { denominator.insert(b.constant(bottom), at: 0) }
        if top == -1, !numerator.isEmpty {
            numerator[0] = b.exactly(Node(op: .neg, a: numerator[0]))
        } else if top != 1 || numerator.isEmpty {
            numerator.insert(b.constant(top), at: 0)
        }
        let n = chain(numerator)
        let result = denominator.isEmpty ? n : b.exactly(Node(op: .div, a: n, b: chain(denominator)))
        if builtFrom[result] == nil { builtFrom[result] = .product(p) }
        return result
    }

    /// A factor under the line that is a shared sum with terms over powers of one base, written
    /// over that base when that is no longer (`numerator(…underLine:)`), so the base's powers
    /// merge with the product's own: `y^3*(x^2/y^2 + 1)^2` → `(x^2 + y^2)^2/y`. A sum that is
    /// not shared gets there when it is raised (`power`).
    private mutating func sharedDenominatorsCleared(_ powers: [NodeID: Exponent]) -> [NodeID: Exponent] {
        guard !buildingNumerator else { return powers }
        var result = powers
        for (base, e) in powers.sorted(by: { $0.key < $1.key }) {
            guard case .number(let k) = e, k < 0, k == k.rounded(), case .sum(let s) = builtFrom[base],
                  let y = s.denominators.keys.min(by: { keys.key($0, in: b) < keys.key($1, in: b) }),
                  let (n, depth) = numerator(of: s, over: y, underLine: true)
            else { continue }
            result[base] = nil
            multiplyPower(&result, build(.sum(n)), e)
            multiplyPower(&result, y, .number(-depth * k))
        }
        return result
    }

    /// Integer powers of `u` and `sqrt(u)` in one product, as one power of `sqrt(u)`, and an even
    /// power of `sqrt(u)` as a power of `u`: `sqrt(x)/x` → `1/sqrt(x)`, `x*sqrt(x)` →
    /// `sqrt(x)^3`, `sqrt(x)^2` → `x`. Outer square roots first, so `sqrt(sqrt(x))^2*sqrt(x)` is
    /// `x`. Rounding; fills in (where u < 0, `sqrt(u)^2` is NaN and `u` is not).
    func squareRootsMerged(_ powers: [NodeID: Exponent]) -> [NodeID: Exponent] {
        var powers = powers
        for s in powers.keys.filter({ b[$0].op == .sqrt }).sorted(by: >) {
            guard case .number(var k) = powers[s], k == k.rounded() else { continue }
            let u = b[s].a
            if let e = powers[u] {
                guard case .number(let a) = e, a == a.rounded() else { continue }
                k += 2 * a
                powers[u] = nil
            }
            if k.truncatingRemainder(dividingBy: 2) == 0 {
                powers[s] = nil
                if k != 0 { powers[u] = .number(k / 2) }
            } else {
                powers[s] = .number(k)
            }
        }
        return powers
    }

    /// A factor `(c ? 1 : 0)^k` or `(c ? 0 : 1)^k` (k > 0; the derivative of a conditional is
    /// made of these): its base, the condition, and whether it is 1 when the condition holds.
    private func indicator(in powers: [NodeID: Exponent]) -> (base: NodeID, condition: NodeID, whenTrue: Bool)? {
        for (base, e) in powers {
            let n = b[base]
            guard n.op == .select, case .number(let k) = e, k > 0,
                  let u = b.constantValue(n.b), let v = b.constantValue(n.c) else { continue }
            if u == 1, v == 0 { return (base, n.a, true) }
            if u == 0, v == 1 { return (base, n.a, false) }
        }
        return nil
    }

    /// `(c ? 1 : 0)*a + (c ? 0 : 1)*b + r` → `(c ? a : b) + r`: the terms with an indicator of
    /// one condition, gathered into one conditional term (exact: the other arm adds 0).
    private mutating func mergingConditionals(_ s: Sum) -> Sum {
        var arms: [NodeID: (whenTrue: Sum, whenFalse: Sum)] = [:]
        var rest = Sum(s.constant)
        for (m, c) in s.terms {
            var powers = m.powers
            let term: Sum, condition: NodeID, whenTrue: Bool
            if let (base, k, taken) = indicator(in: powers) {
                powers[base] = nil
                term = powers.isEmpty ? Sum(c) : Sum(0, [Monomial(powers): c])
                (condition, whenTrue) = (k, taken)
            } else if m.factors.count == 1, m.factors[0].exponent == .one, let (k, zeroWhenTrue, arm) = b.zeroArm(m.factors[0].base) {
                // `c ? a : 0` (the derivatives' own form, see `GraphBuilder.product`).
                term = sum(multiply(.constant(c), builtFrom[arm] ?? nodeForm(arm)))
                (condition, whenTrue) = (k, !zeroWhenTrue)
            } else {
                rest.terms[m] = c
                continue
            }
            var pair = arms[condition] ?? (Sum(0), Sum(0))
            if whenTrue { pair.whenTrue = sum(add(.sum(pair.whenTrue), .sum(term))) }
            else { pair.whenFalse = sum(add(.sum(pair.whenFalse), .sum(term))) }
            arms[condition] = pair
        }
        guard !arms.isEmpty else { return s }
        for (condition, pair) in arms {
            let node = b.exactly(Node(op: .select, a: condition, b: build(normalized(pair.whenTrue)),
                                      c: build(normalized(pair.whenFalse))))
            addTerm(&rest, Monomial([node: .one]), 1)
        }
        return rest
    }

    private func powerNode(_ base: NodeID, _ e: Exponent) -> NodeID {
        switch e {
        case .number(1): return base
        case .number(let v): return b.exactly(Node(op: .pow, a: base, b: b.constant(v)))
        case .node(let n): return b.exactly(Node(op: .pow, a: base, b: n))
        }
    }

    /// `((a*b)*c)*…`: left-nested, so it prints without parentheses.
    private func chain(_ factors: [NodeID]) -> NodeID {
        factors.dropFirst().reduce(factors[0]) { b.exactly(Node(op: .mul, a: $0, b: $1)) }
    }
}
