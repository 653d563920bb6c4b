/// One simplification pass (the rules are listed on `Graph.simplified()`): rebuilds a graph node
/// by node, in topological order, as normal forms (`Form`).
///
/// A node used once stays an unbuilt form, so its one user merges it: a sum into a sum, a
/// product into a product. A node used more than once, an output, and an argument of any other
/// operation (`sin`, `max`, …) is built once and then referred to, so sharing survives and
/// nothing is computed twice. Building writes a sum as positive terms, then negative ones, then
/// the constant, and a product as coefficient, numerator, denominator, all in `SortKeys` order.
///
/// Each step looks at a bounded number of levels; every pass over the graph is a loop.
struct Simplifier {
    private let source: Graph
    private let b: GraphBuilder
    private var keys = SortKeys()
    /// The form each built sum or product came from, so exponent arithmetic can see into it.
    private var builtFrom: [NodeID: Form] = [:]
    private var ranges = ValueRanges()
    /// Write a coefficient over a bare denominator as its short decimal (`0.5/sqrt(u)`), not as a
    /// fraction (`1/(2*sqrt(u))`): one operation fewer. Only in the last pass: the node `2*sqrt(u)`
    /// is a factor later passes share and gather by, so earlier passes keep it.
    private let decimalOverDenominator: Bool
    /// Whether this pass wrote a fraction that `decimalOverDenominator` would have written as a decimal.
    private(set) var wroteFractionOverDenominator = false
    /// Set while `overCommonDenominator` builds a numerator.
    private var buildingNumerator = false

    init(_ g: Graph, decimalOverDenominator: Bool = false) {
        source = g
        self.decimalOverDenominator = decimalOverDenominator
        b = GraphBuilder(inputs: g.inputs, sourceRanges: g.sourceRanges, reservingCapacity: g.count)
    }

    mutating func run() -> Graph {
        let g = source
        var uses = [Int32](repeating: 0, count: g.count)
        for n in g.nodes { n.forEachArgument { _, a in uses[Int(a)] += 1 } }
        for o in g.outputs { uses[Int(o)] += 2 }  // outputs are always built
        var forms = [Form?](repeating: nil, count: g.count)
        func take(_ a: NodeID) -> Form {
            let f = forms[Int(a)]!
            if uses[Int(a)] == 1 { forms[Int(a)] = nil }  // its only user: move it out
            return f
        }
        for i in 0..<g.count {
            let n = g.nodes[i]
            b.currentOrigin = g.origins[i]
            var f: Form
            switch n.op {
            case .input: f = .node(b.input(n.inputIndex))
            case .constant: f = constant(n.constantValue)
            case .add: f = add(take(n.a), take(n.b))
            case .sub: f = add(take(n.a), negate(take(n.b)))
            case .neg: f = negate(take(n.a))
            case .mul: f = multiply(take(n.a), take(n.b))
            case .div: f = divide(take(n.a), take(n.b))
            case .pow: f = power(take(n.a), take(n.b))
            default:
                var x = build(take(n.a))
                var y = n.b >= 0 ? build(take(n.b)) : nil
                let z = n.c >= 0 ? build(take(n.c)) : nil
                if let decided = decided(n.op, x, y, z) {
                    f = nodeForm(decided)
                } else if n.op.info.commutative, let v = y, b.constantValue(x) == nil || b.constantValue(v) == nil {
                    // `hypot(a, b)` ≡ `hypot(b, a)`: arguments in structural order, not creation order.
                    if keys.key(v, in: b) < keys.key(x, in: b) { (x, y) = (v, x) }
                    f = .node(b.exactly(Node(op: n.op, a: x, b: y!)))
                } else {
                    f = nodeForm(b.apply(n.op, x, y, z))
                }
            }
            if uses[i] > 1 {
                let id = build(f)
                if let name = g.names[NodeID(i)], !b[id].op.isLeaf { b.names.nameIfUnnamed(id, name) }
                f = nodeForm(id)
            }
            forms[i] = f
        }
        b.currentOrigin = -1
        let outputs = g.outputs.map { build(forms[Int($0)]!) }
        return b.finish(outputs: outputs, outputNames: g.outputNames)
    }

    // MARK: Conditionals decided in advance

    /// The result of a comparison or conditional that is known before any input is, or nil:
    /// `a == b` is false (`a != b` true) when the values of `a` and `b` lie in disjoint ranges
    /// (`0 == y^2 + 1`); `c ? a : b` with a known `c` is that arm. For the x^y convention at 0,
    /// `0 == x^y ? 0 : log(x)*x^y` is `log(x)*x^y` when x lies in (0, ∞): x^y is then 0 only
    /// where it underflows, at a finite positive x, where `log(x)*x^y` is already ±0.
    private mutating func decided(_ op: Op, _ x: NodeID, _ y: NodeID?, _ z: NodeID?) -> NodeID? {
        switch op {
        case .eq, .ne:
            guard ranges.range(x, in: b).isDisjoint(from: ranges.range(y!, in: b)) else { return nil }
            return b.constant(op == .eq ? 0 : 1)
        case .select:
            if let c = b.constantValue(x) { return c != 0 ? y! : z! }
            let condition = b[x], whenFalse = b[z!]
            guard condition.op == .eq, b.constantValue(y!) == 0, whenFalse.op == .mul else { return nil }
            let power = b.constantValue(condition.a) == 0 ? condition.b : condition.a
            guard b.constantValue(condition.a) == 0 || b.constantValue(condition.b) == 0,
                  b[power].op == .pow, whenFalse.a == power || whenFalse.b == power else { return nil }
            let base = b[power].a
            let logarithm = b[whenFalse.a == power ? whenFalse.b : whenFalse.a]
            guard logarithm.op == .log, logarithm.a == base, ranges.range(base, in: b).isPositiveAndFinite
            else { return nil }
            return z!
        default:
            return nil
        }
    }

    // MARK: Arithmetic on forms

    private mutating func add(_ x: consuming Form, _ y: consuming Form) -> Form {
        var s = sum(consume x), t = sum(consume y)
        if s.terms.count < t.terms.count { swap(&s, &t) }
        addConstant(&s, t.constant)
        for (m, c) in t.terms { addTerm(&s, m, c) }
        return normalized(s)
    }

    private mutating func negate(_ x: consuming Form) -> Form {
        switch x {
        case .constant(let v): return .constant(-v)
        case .sum(var s):
            s.constant = -s.constant
            s.terms = s.terms.mapValues { -$0 }
            return .sum(s)
        case .node, .product:
            var p = product(consume x)
            p.coefficient = -p.coefficient
            return normalized(p)
        }
    }

    private mutating func multiply(_ x: consuming Form, _ y: consuming Form) -> Form {
        if case .constant(let c) = x, case .sum(let s) = y, let d = distributed(c, s) { return normalized(d) }
        if case .constant(let c) = y, case .sum(let s) = x, let d = distributed(c, s) { return normalized(d) }
        if let d = distributed(x, over: y) ?? distributed(y, over: x) { return normalized(d) }
        var p = product(consume x), q = product(consume y)
        openIfMerging(&p, q)
        openIfMerging(&q, p)
        if p.powers.count < q.powers.count { swap(&p, &q) }
        scale(&p, by: q.coefficient)
        for (base, e) in q.powers { multiplyPower(&p.powers, base, e) }
        return normalized(p)
    }

    private mutating func divide(_ x: consuming Form, _ y: consuming Form) -> Form {
        // Dividing by a number divides the coefficient (`5*x/7` keeps the coefficient 5/7 exactly).
        if case .constant(let c) = y, c != 0 {
            var p = product(copy x)
            let r = p.coefficient / c
            if r.isFinite, r.isNormal || p.coefficient == 0 {
                p.coefficient = r
                return normalized(p)
            }
        }
        return multiply(consume x, power(consume y, .constant(-1)))
    }

    private mutating func power(_ x: consuming Form, _ y: consuming Form) -> Form {
        guard case .constant(let e) = y else {
            return .product(Product(1, [build(x): .node(build(y))]))
        }
        if e == 0 { return .constant(1) }  // IEEE pow(x, 0) = 1 for every x, NaN included
        if e == 1 { return x }
        if case .constant(let c) = x {
            let v = e == -1 ? 1 / c : Op.pow.evaluate(c, e)
            if v.isFinite, v.isNormal || v == 0 && c == 0 { return .constant(v) }
            return .product(Product(1, [b.constant(c): .number(e)]))
        }
        let p = product(consume x)
        if let r = raised(p, e) { return normalized(r) }
        return .product(Product(1, [build(.product(p)): .number(e)]))
    }

    /// `p^e` with the exponent moved onto each factor: always for an integer `e`; for another
    /// `e` only when no factor is an even power (`(x^2)^0.5` is |x|, not x), the coefficient
    /// is positive, and, with several factors, none can be negative (`(x/y)^0.5` is 2 at
    /// x = y = -4, `x^0.5/y^0.5` NaN). Nil when that does not hold.
    private mutating func raised(_ p: Product, _ e: Double) -> Product? {
        let integer = e == e.rounded()
        if !integer, p.powers.count > 1 {
            for base in p.powers.keys where ranges.range(base, in: b).low < 0 { return nil }
        }
        var r = Product(1)
        if p.coefficient != 1 {
            guard integer || p.coefficient > 0 else { return nil }
            let c = e == -1 ? 1 / p.coefficient : Op.pow.evaluate(p.coefficient, e)
            guard c.isFinite, c.isNormal else { return nil }
            r.coefficient = c
        }
        for (base, k) in p.powers {
            switch k {
            case .number(let k):
                let evenPower = k == k.rounded() && k.truncatingRemainder(dividingBy: 2) == 0
                guard integer || !evenPower, (k * e).isFinite else { return nil }
                r.powers[base] = .number(k * e)
            case .node:
                guard integer else { return nil }
                let product = exponent(of: multiply(exponentForm(k), .constant(e)))
                if case .number(0) = product { continue }
                r.powers[base] = product
            }
        }
        return r
    }

    /// `c·s` written out term by term when that costs no more operations than `c*(s)` (at most
    /// one more coefficient that is not ±1) and every product is exact: `2*(x + 1)` → `2*x + 2`,
    /// `-(a - b)` → `b - a`; `3*(x + 0.1)` stays.
    private func distributed(_ c: Double, _ s: Sum) -> Sum? {
        func exactProduct(_ v: Double) -> Double? {
            let p = c * v
            guard p.isFinite, p.isNormal || v == 0, (-p).addingProduct(c, v) == 0 else { return nil }
            return p
        }
        guard let k = exactProduct(s.constant) else { return nil }
        var r = Sum(k)
        var before = 0, after = 0
        for (m, v) in s.terms {
            guard let p = exactProduct(v) else { return nil }
            if Swift.abs(v) != 1 { before += 1 }
            if Swift.abs(p) != 1 { after += 1 }
            r.terms[m] = p
        }
        return after <= before + 1 ? r : nil
    }

    /// `m·s` written out term by term, for a monomial `m` in inputs (`2*x*y`) and a sum whose
    /// every term but at most one constant holds all of `m`'s inputs, so each product merges
    /// into its term and nothing is added: `2*x*(x*y + 1)` → `2*x^2*y + 2*x`, as SymPy writes
    /// polynomials. `s` is a sum used once here, or a shared sum of two parts (repeating the one
    /// addition that the merge saves). Nil when that does not hold.
    private mutating func distributed(_ monomial: Form, over sum: Form) -> Sum? {
        let s: Sum
        switch sum {
        case .sum(let pending): s = pending
        case .node(let id):
            guard case .sum(let shared) = builtFrom[id], shared.terms.count + (shared.constant == 0 ? 0 : 1) <= 2
            else { return nil }
            s = shared
        default: return nil
        }
        let m: Product
        switch monomial {
        case .node, .product: m = product(monomial)
        default: return nil
        }
        guard !m.powers.isEmpty, m.powers.keys.allSatisfy({ b[$0].op == .input }), commonFactor(s) == nil,
              m.powers.values.allSatisfy({ if case .number = $0 { return true } else { return false } }),
              s.terms.keys.allSatisfy({ term in
                  let powers = term.powers
                  return m.powers.keys.allSatisfy { base in
                      if case .number = powers[base] { return true } else { return false }
                  }
              })
        else { return nil }
        func exactProduct(_ v: Double) -> Double? {
            let p = m.coefficient * v
            guard p.isFinite, p.isNormal || v == 0, (-p).addingProduct(m.coefficient, v) == 0 else { return nil }
            return p
        }
        var r = Sum(0)
        if s.constant != 0 {
            guard let c = exactProduct(s.constant) else { return nil }
            r.terms[Monomial(m.powers)] = c
        }
        for (term, c) in s.terms {
            guard let d = exactProduct(c) else { return nil }
            var powers = term.powers
            for (base, e) in m.powers { multiplyPower(&powers, base, e) }
            if powers.isEmpty { addConstant(&r, d) } else { addTerm(&r, Monomial(powers), d) }
        }
        return r
    }

    // MARK: Sums and products

    private mutating func sum(_ x: consuming Form) -> Sum {
        switch x {
        case .constant(let v): return Sum(v)
        case .sum(let s): return s
        case .node, .product:
            let p = product(consume x)
            return p.powers.isEmpty ? Sum(p.coefficient) : Sum(0, [Monomial(p.powers): p.coefficient])
        }
    }

    private mutating func product(_ x: consuming Form) -> Product {
        switch x {
        case .constant(let v): return Product(v)
        case .product(let p): return p
        case .node(let id): return opened(id) ?? Product(1, [id: .one])
        case .sum(let s):
            switch factored(s, sign: true) {
            case .product(let p): return p
            case .sum(let s): return Product(1, [buildSum(s): .one])
            case let f: return product(f)
            }
        }
    }

    /// A built node that is a coefficient times one power (`-x`, `2*x`, `x/2`, `x^2`), as that
    /// product: merging it where it is used costs at most the one operation it saves.
    private func opened(_ id: NodeID) -> Product? {
        let n = b[id]
        func number(_ x: NodeID) -> Double? {
            guard let v = b.constantValue(x), v.isFinite else { return nil }
            return v
        }
        switch n.op {
        case .neg:
            return Product(-1, [n.a: .one])
        case .mul:
            if let c = number(n.a) { return Product(c, [n.b: .one]) }
            if let c = number(n.b) { return Product(c, [n.a: .one]) }
        case .div:
            if let c = number(n.a) { return Product(c, [n.b: .number(-1)]) }
        case .pow:
            if let e = number(n.b), e != 0 { return Product(1, [n.a: .number(e)]) }
        default:
            break
        }
        return nil
    }

    /// The sum with its built parts written out where they merge with its other terms: a term
    /// that is a shared sum of at most two parts (`a + b + (b + 1)` → `a + 2*b + 1`, repeating
    /// at most the one addition the merge saves), a shared product whose monomial is another
    /// term's (`-x*c*s + x*c*s` → 0), or a product with a sum factor whose expansion adds at
    /// most one new term (`x^2*y^3 + 2*x*(x*y^3 + y)` → `3*x^2*y^3 + 2*x*y`). Parts that merge
    /// with nothing stay as they are. One scan per sum, when it is about to be built, in
    /// structural order (so the result never depends on hashing).
    private mutating func withSharedPartsOpened(_ s: Sum) -> Sum {
        var s = s
        let ordered = s.terms.map { (key: keys.key($0.key, in: b), m: $0.key, c: $0.value) }.sorted { $0.key < $1.key }
        for (_, m, c) in ordered where s.terms[m] != nil {
            if m.factors.count > 1 {
                expandIfMerging(&s, m, c)
                continue
            }
            guard m.factors[0].exponent == .one else { continue }
            switch builtFrom[m.factors[0].base] {
            case .sum(let full):
                guard full.terms.count + (full.constant == 0 ? 0 : 1) <= 2,
                      full.terms.keys.contains(where: { s.terms[$0] != nil }) || full.constant != 0 && s.constant != 0,
                      let scaled = distributed(c, full) else { continue }
                s.terms[m] = nil
                addConstant(&s, scaled.constant)
                for (n, d) in scaled.terms { addTerm(&s, n, d) }
            case .product(let full):
                let n = Monomial(full.powers)
                guard !full.powers.isEmpty, s.terms[n] != nil else { continue }
                let d = c * full.coefficient
                guard d.isFinite, d.isNormal else { continue }
                s.terms[m] = nil
                addTerm(&s, n, d)
            default:
                continue
            }
        }
        return s
    }

    /// When `p` is one power of a shared product node of at most two parts (`x*y`, `x/y`) and
    /// one of its factors merges with `other`, `p` becomes that product, written out:
    /// `y/(x*y)` → `1/x`, `(x/y)/y` → `x/y^2`. Integer powers only.
    private mutating func openIfMerging(_ p: inout Product, _ other: Product) {
        guard p.coefficient == 1, p.powers.count == 1, let (base, e) = p.powers.first, case .number(let k) = e,
              k == k.rounded(), case .product(let full) = builtFrom[base],
              full.powers.count + (Swift.abs(full.coefficient) == 1 ? 0 : 1) <= 2,
              full.powers.keys.contains(where: { other.powers[$0] != nil }),
              let r = raised(full, k)
        else { return }
        p = r
    }

    /// The term `c·m` of `s`, where `m` has one sum factor `(a + b + …)`, multiplied out when
    /// all its new terms but one merge with terms `s` has: the merges save at least what the
    /// multiplication costs.
    private mutating func expandIfMerging(_ s: inout Sum, _ m: Monomial, _ c: Double) {
        guard let factor = m.factors.first(where: { f in
            if case .sum = builtFrom[f.base], f.exponent == .one { return true }
            return false
        }), case .sum(let inner) = builtFrom[factor.base],
              m.factors.allSatisfy({ f in f.base == factor.base || { if case .number = f.exponent { return true }; return false }() })
        else { return }
        var rest = m.powers
        rest[factor.base] = nil
        var expanded: [(Monomial, Double)] = []
        if inner.constant != 0 { expanded.append((Monomial(rest), c * inner.constant)) }
        for (t, d) in inner.terms {
            var powers = t.powers
            for (base, e) in rest { multiplyPower(&powers, base, e) }
            expanded.append((Monomial(powers), c * d))
        }
        let merging = expanded.filter { s.terms[$0.0] != nil && $0.0 != m }.count
        guard merging >= 1, merging >= expanded.count - 1,
              expanded.allSatisfy({ $0.1.isFinite && $0.1.isNormal && !$0.0.factors.isEmpty }) else { return }
        s.terms[m] = nil
        for (n, d) in expanded { addTerm(&s, n, d) }
    }

    private mutating func addConstant(_ s: inout Sum, _ k: Double) {
        let r = s.constant + k
        if r.isFinite { s.constant = r } else { addTerm(&s, Monomial([b.constant(k): .one]), 1) }
    }

    /// Adds `c·m`; like terms merge, and cancel when their coefficients sum to zero.
    private mutating func addTerm(_ s: inout Sum, _ m: Monomial, _ c: Double) {
        guard let old = s.terms[m] else {
            s.terms[m] = c
            return
        }
        let r = old + c
        if r == 0 {
            s.terms[m] = nil
        } else if r.isFinite {
            s.terms[m] = r
        } else {  // the sum would overflow: keep the coefficient apart as a factor
            var powers = m.powers
            multiplyPower(&powers, b.constant(c), .one)
            addTerm(&s, Monomial(powers), 1)
        }
    }

    private mutating func scale(_ p: inout Product, by c: Double) {
        let r = p.coefficient * c
        if r.isFinite, r.isNormal || p.coefficient == 0 || c == 0 {
            p.coefficient = r
        } else {  // would overflow or underflow: keep the number apart as a factor
            multiplyPower(&p.powers, b.constant(c), .one)
        }
    }

    /// Multiplies in `base^e`: exponents of one base add (`x*x^2` → `x^3`, `x/x` → 1).
    private mutating func multiplyPower(_ powers: inout [NodeID: Exponent], _ base: NodeID, _ e: Exponent) {
        guard let old = powers[base] else {
            powers[base] = e
            return
        }
        let r: Exponent
        if case .number(let u) = old, case .number(let v) = e {
            r = .number(u + v)
        } else {
            r = exponent(of: add(exponentForm(old), exponentForm(e)))
        }
        if case .number(0) = r { powers[base] = nil } else { powers[base] = r }
    }

    private func exponentForm(_ e: Exponent) -> Form {
        switch e {
        case .number(let v): return .constant(v)
        case .node(let id): return builtFrom[id] ?? nodeForm(id)
        }
    }

    private mutating func exponent(of f: Form) -> Exponent {
        if case .constant(let v) = f { return .number(v) }
        return .node(build(f))
    }

    private func normalized(_ s: Sum) -> Form {
        if s.terms.isEmpty { return .constant(s.constant) }
        guard s.terms.count == 1, let (m, c) = s.terms.first else { return .sum(s) }
        if s.constant == 0 { return normalized(Product(c, m.powers)) }
        // `c*expm1(u) + c` → `c*exp(u)`: the derivative of expm1, as a person writes it.
        if s.constant == c, m.factors.count == 1, let f = m.factors.first, f.exponent == .one, b[f.base].op == .expm1 {
            return normalized(Product(c, [b.apply(.exp, b[f.base].a, nil, nil): .one]))
        }
        return .sum(s)
    }

    private func normalized(_ p: Product) -> Form {
        if p.powers.isEmpty { return .constant(p.coefficient) }
        if p.coefficient == 1, p.powers.count == 1, let (base, e) = p.powers.first, e == .one { return nodeForm(base) }
        return .product(p)
    }

    private func nodeForm(_ id: NodeID) -> Form {
        if let v = b.constantValue(id) { return constant(v) }
        return .node(id)
    }

    /// A number as a form. NaN and ±∞ become the nodes deriv prints for them (`0/0`, `1/0`,
    /// `-1/0`), so the graph is what its printed text reads back as, and evaluation warns there.
    private func constant(_ v: Double) -> Form {
        if v.isFinite { return .constant(v) }
        let numerator: Double = v.isNaN ? 0 : (v > 0 ? 1 : -1)
        return .node(b.exactly(Node(op: .div, a: b.constant(numerator), b: b.constant(0))))
    }

    /// Takes out the factor every term shares (`c*b + c` → `c*(b + 1)`, `2*x + 2*y` →
    /// `2*(x + y)`) when it holds more than powers of inputs: `2*x*sin(x) + x^2*cos(x)` stays as
    /// people write it; from a polynomial, its common monomial when that prints fewer operations
    /// (`2*x*y + y^2` → `y*(2*x + y)`). Never for a sum with a constant term. With `sign`, for a
    /// sum that is a factor, a minus shared by every term too (`(-x - y)/r` → `-(x + y)/r`).
    /// A product, or the sum unchanged.
    private mutating func factored(_ s: Sum, sign: Bool = false) -> Form {
        let s = withSharedPartsOpened(s)
        if let combined = overCommonDenominator(s) { return combined }
        if s.terms.count < 2 { return normalized(s) }
        if sign, s.constant <= 0, s.terms.count >= 2, s.terms.values.allSatisfy({ $0 < 0 }) {
            var positive = s
            positive.constant = -s.constant
            positive.terms = s.terms.mapValues { -$0 }
            var p = product(factored(positive))
            p.coefficient = -p.coefficient
            return normalized(p)
        }
        guard let (k, common) = commonFactor(s) else { return .sum(s) }
        var result = Product(k, common)
        let rest = withSharedPartsOpened(Simplifier.dividing(s, by: k, common))  // `(1 - f) - f` may merge now
        if rest.terms.isEmpty {
            scale(&result, by: rest.constant)
        } else {
            result.powers[buildSum(rest)] = .one
        }
        return normalized(result)
    }

    /// The terms of `s` over powers of one denominator, written over its highest power when that
    /// prints fewer operations: `1/(x + 1) - (x - 1)/(x + 1)^2` → `2/(x + 1)^2`,
    /// `1/x^2 - log(x)/x^2` → `(1 - log(x))/x^2`; `cos(x)/x - sin(x)/x^2` stays. The numerator is
    /// multiplied out where its factors are sums (the denominator's own powers that a term
    /// lacks, and a term's sum factors), so its like terms merge. First the terms under that
    /// denominator alone, else the whole sum if it is short (`2 - 2*x^2/(x^2 + y^2)` →
    /// `2*y^2/(x^2 + y^2)`; at most 8 terms, so a long sum costs linear time).
    /// Several denominators in one pass, as long as their terms do not overlap. Nil when no
    /// denominator pays.
    private mutating func overCommonDenominator(_ s: Sum) -> Form? {
        guard !buildingNumerator else { return nil }
        var under: [NodeID: [Monomial]] = [:]
        for m in s.terms.keys {
            for f in m.factors {
                if case .number(let v) = f.exponent, v < 0, v == v.rounded() { under[f.base, default: []].append(m) }
            }
        }
        var result = s, changed = false
        for base in under.keys.sorted(by: { keys.key($0, in: b) < keys.key($1, in: b) }) {
            let group = under[base]!
            // A term already combined over another denominator waits for the next pass.
            guard group.allSatisfy({ result.terms[$0] != nil }) else { continue }
            let alone = Sum(0, Dictionary(uniqueKeysWithValues: group.map { ($0, s.terms[$0]!) }))
            let combined: (terms: Sum, over: Sum, depth: Double)
            if group.count >= 2, let (numerator, depth) = numerator(of: alone, over: base) {
                combined = (alone, numerator, depth)
            } else if !changed, group.count < s.terms.count || s.constant != 0, s.terms.count <= 8,
                      let (numerator, depth) = numerator(of: s, over: base) {
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
    /// operations than `s`, or does not fit.
    private mutating func numerator(of s: Sum, over base: NodeID) -> (Sum, depth: Double)? {
        var depth = 0.0
        for m in s.terms.keys {
            if case .number(let v) = m.powers[base], v < 0 { depth = Swift.max(depth, -v) }
        }
        var numerator = Sum(0), expanded: Set<NodeID> = []
        for (m, c) in [(Monomial([:]), s.constant)] + s.terms.map({ ($0.key, $0.value) }) where c != 0 {
            var powers = m.powers, c = c
            // A shared product that holds the denominator is written out, so the powers merge
            // (`(y/r)*r` would read as nonsense).
            for (f, e) in m.powers where f != base {
                guard case .number(let k) = e, k == k.rounded(), case .product(let full) = builtFrom[f],
                      full.powers[base] != nil, let r = raised(full, k), (c * r.coefficient).isNormal else { continue }
                powers[f] = nil
                c *= r.coefficient
                for (g, x) in r.powers { multiplyPower(&powers, g, x) }
            }
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
        return after < before ? (numerator, depth) : nil
    }

    /// `c·Π powers` as a sum, with each factor that is a built sum raised to a small positive
    /// integer power multiplied out (those bases are added to `expanded`); nil when that would
    /// take more than 64 products of terms at a step or write more than 16 terms, or a
    /// coefficient would not be finite.
    private mutating func multipliedOut(_ c: Double, _ powers: [NodeID: Exponent], expanding expanded: inout Set<NodeID>) -> Sum? {
        let powers = squareRootsMerged(powers)
        var kept = powers
        var sums: [(Sum, Int)] = []
        for (base, e) in powers {
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
                for (m, u) in [(Monomial([:]), result.constant)] + result.terms.map({ ($0.key, $0.value) }) where u != 0 {
                    for (n, v) in [(Monomial([:]), inner.constant)] + inner.terms.map({ ($0.key, $0.value) }) where v != 0 {
                        let d = u * v
                        guard d.isFinite, d.isNormal else { return nil }
                        var p = m.powers
                        for (base, e) in n.powers { multiplyPower(&p, base, e) }
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
    private mutating func commonFactor(_ s: Sum) -> (coefficient: Double, powers: [NodeID: Exponent])? {
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
        return factoredCost < Simplifier.operations(s) ? (k, common) : nil
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

    // MARK: Building nodes

    private mutating func build(_ x: Form) -> NodeID {
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
    private mutating func buildSum(_ s: Sum) -> NodeID {
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
            result = b.exactly(Node(op: constant > 0 ? .add : .sub, a: result!, b: b.constant(Swift.abs(constant))))
        }
        if builtFrom[result!] == nil { builtFrom[result!] = .sum(s) }
        return result!
    }

    /// The coefficient's numerator, then the factors with positive exponents, over the
    /// coefficient's denominator and the factors with negative ones: `-2*x*y/(3*z^2)`.
    /// A product with an indicator factor becomes a conditional: `(c ? 1 : 0)*x` → `c ? x : 0`.
    private mutating func buildProduct(_ p: Product) -> NodeID {
        var p = p
        p.powers = squareRootsMerged(p.powers)
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

    /// Integer powers of `u` and `sqrt(u)` in one product, as one power of `sqrt(u)`, and an even
    /// power of `sqrt(u)` as a power of `u`: `sqrt(x)/x` → `1/sqrt(x)`, `x*sqrt(x)` →
    /// `sqrt(x)^3`, `sqrt(x)^2` → `x`. Outer square roots first, so `sqrt(sqrt(x))^2*sqrt(x)` is
    /// `x`. Rounding; fills in (where u < 0, `sqrt(u)^2` is NaN and `u` is not).
    private func squareRootsMerged(_ powers: [NodeID: Exponent]) -> [NodeID: Exponent] {
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
