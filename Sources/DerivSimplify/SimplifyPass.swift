@_spi(DerivCore) import DerivCore
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
///
/// Here: the walk over the graph and arithmetic on forms. `SimplifyFactoring.swift` writes sums
/// shorter before they are built; `SimplifyBuild.swift` writes forms back as nodes.
struct Simplifier {
    private let source: Graph
    let b: GraphBuilder
    var keys = SortKeys()
    /// The form each built sum or product came from, so exponent arithmetic can see into it.
    var builtFrom: [NodeID: Form] = [:]
    private var ranges = ValueRanges()
    /// Write a coefficient over a bare denominator as its short decimal (`0.5/sqrt(u)`), not as a
    /// fraction (`1/(2*sqrt(u))`): one operation fewer. Only in the last pass: the node `2*sqrt(u)`
    /// is a factor later passes share and gather by, so earlier passes keep it.
    let decimalOverDenominator: Bool
    /// Whether this pass wrote a fraction that `decimalOverDenominator` would have written as a decimal.
    var wroteFractionOverDenominator = false
    /// Set while `overCommonDenominator` builds a numerator.
    var buildingNumerator = false
    /// Write every sum out in full (`expandedInFull`) before it is factored: the pass that makes
    /// `simplified()`'s second candidate, `exp(x)*(x^3 + 9*x^2 + 18*x + 6)` where the product
    /// rule left `t1 + 2*t2 + (t1 + t2 + 2*exp(x))*(x + 3)`.
    let expanding: Bool
    /// Nodes of the source used more than once that each user takes as a form of its own
    /// instead of a shared node (`Graph.writingOut`), so they merge with it.
    private let writtenOut: Set<NodeID>
    /// The node each source node used more than once (or output) was built as; -1 for the rest.
    private(set) var builtAs: [NodeID] = []

    init(_ g: Graph, decimalOverDenominator: Bool = false, expanding: Bool = false, writingOut: Set<NodeID> = []) {
        source = g
        self.decimalOverDenominator = decimalOverDenominator
        self.expanding = expanding
        writtenOut = writingOut
        b = GraphBuilder(inputs: g.inputs, sourceRanges: g.sourceRanges, reservingCapacity: g.count)
        b.standIns = g.standIns
    }

    mutating func run() -> Graph {
        let g = source
        var uses = [Int32](repeating: 0, count: g.count)
        for n in g.nodes { n.forEachArgument { _, a in uses[Int(a)] += 1 } }
        var isOutput = [Bool](repeating: false, count: g.count)
        for o in g.outputs {
            uses[Int(o)] += 2  // outputs are always built
            isOutput[Int(o)] = true
        }
        // A part written out is never moved out to a user, and built only as an output.
        for id in writtenOut where !isOutput[Int(id)] { uses[Int(id)] = -1 }
        var forms = [Form?](repeating: nil, count: g.count)
        builtAs = [NodeID](repeating: -1, count: g.count)
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
                // An expanding pass multiplies out an output's product too, as one term of a sum:
                // `(2 - 2/y^2)*(y + 1/y)` → `2*(y - 1/y^3)`.
                if expanding, isOutput[i], case .product(let p) = f { f = .sum(Sum(0, [Monomial(p.powers): p.coefficient])) }
                let id = build(f)
                builtAs[i] = id
                if let name = g.names[NodeID(i)], !b[id].op.isLeaf { b.names.nameIfUnnamed(id, name, role: g.names.role(NodeID(i))) }
                if !writtenOut.contains(NodeID(i)) { f = nodeForm(id) }
            } else if uses[i] < 0, let name = g.names[NodeID(i)] {
                // A named part written out keeps its name where its users build it again as it was.
                let id = build(f)
                if !b[id].op.isLeaf { b.names.nameIfUnnamed(id, name, role: g.names.role(NodeID(i))) }
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

    mutating func add(_ x: consuming Form, _ y: consuming Form) -> Form {
        var s = sum(consume x), t = sum(consume y)
        if s.terms.count < t.terms.count { swap(&s, &t) }
        addConstant(&s, t.constant)
        for (m, c) in t.terms { addTerm(&s, m, c) }
        return normalized(s)
    }

    private mutating func negate(_ x: consuming Form) -> Form {
        switch x {
        case .constant(let v): return .constant(-v)
        case .sum(let s):
            return .sum(s.negated)
        case .node, .product:
            var p = product(consume x)
            p.coefficient = -p.coefficient
            return normalized(p)
        }
    }

    mutating func multiply(_ x: consuming Form, _ y: consuming Form) -> Form {
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
        let p = product(consume x, underLine: e < 0 && e == e.rounded())
        if let r = raised(p, e) { return normalized(r) }
        return .product(Product(1, [build(.product(p)): .number(e)]))
    }

    /// `p^e` with the exponent moved onto each factor: always for an integer `e`; for another
    /// `e` only when no factor is an even power (`(x^2)^0.5` is |x|, not x), the coefficient
    /// is positive, and, with several factors, none can be negative (`(x/y)^0.5` is 2 at
    /// x = y = -4, `x^0.5/y^0.5` NaN). Nil when that does not hold.
    mutating func raised(_ p: Product, _ e: Double) -> Product? {
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

    /// `c·v` when the product is exact (no rounding, no underflow to a subnormal), else nil: the
    /// test every rule that multiplies coefficients out uses, so distributing never changes a value.
    private static func exactProduct(_ c: Double, _ v: Double) -> Double? {
        let p = c * v
        guard p.isFinite, p.isNormal || v == 0, (-p).addingProduct(c, v) == 0 else { return nil }
        return p
    }

    /// `c·s` written out term by term when that costs no more operations than `c*(s)` (at most
    /// one more coefficient that is not ±1) and every product is exact: `2*(x + 1)` → `2*x + 2`,
    /// `-(a - b)` → `b - a`; `3*(x + 0.1)` stays.
    private func distributed(_ c: Double, _ s: Sum) -> Sum? {
        func exactProduct(_ v: Double) -> Double? { Simplifier.exactProduct(c, v) }
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
        func exactProduct(_ v: Double) -> Double? { Simplifier.exactProduct(m.coefficient, v) }
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

    mutating func sum(_ x: consuming Form) -> Sum {
        switch x {
        case .constant(let v): return Sum(v)
        case .sum(let s): return s
        case .node, .product:
            let p = product(consume x)
            return p.powers.isEmpty ? Sum(p.coefficient) : Sum(0, [Monomial(p.powers): p.coefficient])
        }
    }

    /// `x` as a product; a sum is factored first (`factored`), `underLine` when the product is
    /// raised to a negative power.
    mutating func product(_ x: consuming Form, underLine: Bool = false) -> Product {
        switch x {
        case .constant(let v): return Product(v)
        case .product(let p): return p
        case .node(let id): return opened(id) ?? Product(1, [id: .one])
        case .sum(let s):
            switch factored(s, sign: true, underLine: underLine) {
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
    /// structural order (so the result never depends on hashing). Each term is taken with its
    /// coefficient as the scan has left it: a part opened earlier may have merged into it
    /// (`s*(s + 1)` opened into `s^2 + s` adds to the term `s^2`).
    mutating func withSharedPartsOpened(_ s: Sum) -> Sum {
        var s = s
        let ordered = s.terms.keys.map { (key: keys.key($0, in: b), m: $0) }.sorted { $0.key < $1.key }
        for (_, m) in ordered {
            guard let c = s.terms[m] else { continue }
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

    mutating func addConstant(_ s: inout Sum, _ k: Double) {
        let r = s.constant + k
        if r.isFinite { s.constant = r } else { addTerm(&s, Monomial([b.constant(k): .one]), 1) }
    }

    /// Adds `c·m`; like terms merge, and cancel when their coefficients sum to zero.
    mutating func addTerm(_ s: inout Sum, _ m: Monomial, _ c: Double) {
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

    mutating func scale(_ p: inout Product, by c: Double) {
        let r = p.coefficient * c
        if r.isFinite, r.isNormal || p.coefficient == 0 || c == 0 {
            p.coefficient = r
        } else {  // would overflow or underflow: keep the number apart as a factor
            multiplyPower(&p.powers, b.constant(c), .one)
        }
    }

    /// Multiplies in `base^e`: exponents of one base add (`x*x^2` → `x^3`, `x/x` → 1).
    mutating func multiplyPower(_ powers: inout [NodeID: Exponent], _ base: NodeID, _ e: Exponent) {
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

    mutating func exponent(of f: Form) -> Exponent {
        if case .constant(let v) = f { return .number(v) }
        return .node(build(f))
    }

    func normalized(_ s: Sum) -> Form {
        if s.terms.isEmpty { return .constant(s.constant) }
        guard s.terms.count == 1, let (m, c) = s.terms.first else { return .sum(s) }
        if s.constant == 0 { return normalized(Product(c, m.powers)) }
        // `c*expm1(u) + c` → `c*exp(u)`: the derivative of expm1, as a person writes it.
        if s.constant == c, m.factors.count == 1, let f = m.factors.first, f.exponent == .one, b[f.base].op == .expm1 {
            return normalized(Product(c, [b.apply(.exp, b[f.base].a, nil, nil): .one]))
        }
        return .sum(s)
    }

    func normalized(_ p: Product) -> Form {
        if p.powers.isEmpty { return .constant(p.coefficient) }
        if p.coefficient == 1, p.powers.count == 1, let (base, e) = p.powers.first, e == .one { return nodeForm(base) }
        return .product(p)
    }

    func nodeForm(_ id: NodeID) -> Form {
        if let v = b.constantValue(id) { return constant(v) }
        return .node(id)
    }

    /// A number as a form. NaN and ±∞ become the nodes deriv prints for them (`0/0`, `1/0`,
    /// `-1/0`), so the graph is what its printed text reads back as, and evaluation warns there.
    func constant(_ v: Double) -> Form {
        if v.isFinite { return .constant(v) }
        let numerator: Double = v.isNaN ? 0 : (v > 0 ? 1 : -1)
        return .node(b.exactly(Node(op: .div, a: b.constant(numerator), b: b.constant(0))))
    }
}
