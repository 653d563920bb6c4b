@_spi(DerivCore) import DerivCore
/// A derivative term with its sign kept beside the node: the value `negative ? −node : node`.
///
/// Both sweeps build sums of products: x̄ᵢ += ∂y/∂xᵢ · ȳ in reverse mode, ẏ = Σ ∂y/∂xᵢ · ẋᵢ in
/// forward mode. Many partials are negations (∂(a − b)/∂b = −1, cos′ = −sin), and building
/// them as `neg` nodes costs an operation every time one is multiplied on. Keeping the sign apart
/// instead turns a negation into the choice between `add` and `sub` when terms are summed, or
/// into nothing when two signs cancel; a `neg` node is built only for a final result that is
/// negative. This is how CasADi's sweeps avoid the same operations.
///
/// IEEE arithmetic rounds symmetrically, so p·(−q) = −(p·q), s + (−t) = s − t, (−s) + t = t − s
/// and −(−s) = s hold for every value, NaN and ∞ included. The one rewrite that is not bit-exact
/// is (−s) + (−t) = −(s + t), which differs only in the sign of a zero result (−(1 + −1) is −0
/// where −1 + 1 is +0); the two compare equal, the same latitude `GraphBuilder` takes with
/// `x + 0 → x`.
///
/// One product is formed differently on purpose: a reciprocal 1/d (the partial of log, of a
/// division by d, of atan, asin, …, or a tangent that is one) times q is built as q/d, not
/// (1/d)·q, whichever side the reciprocal is on. That is one operation and one rounding fewer,
/// so the term is the correctly rounded quotient instead of a product of two rounded values,
/// and forward mode (where the reciprocal is often the tangent, on the right) gives the same
/// bits as reverse mode (where it is the partial, on the left): `log(x)*y` has ∂/∂x = y/x in both.
package struct SignedTerm {
    package var node: NodeID
    package var negative: Bool
}

extension GraphBuilder {
    /// `id` with a negation taken off into the sign: `neg(u)` → −u, a negative constant −c → −(c).
    func signed(_ id: NodeID) -> SignedTerm {
        let n = self[id]
        if n.op == .neg { return SignedTerm(node: n.a, negative: true) }
        if n.op == .constant, n.constantValue < 0 { return SignedTerm(node: constant(-n.constantValue), negative: true) }
        return SignedTerm(node: id, negative: false)
    }

    /// p · q (the builder drops a factor 1); q/d when p is 1/d, p/d when q is; `c ? p·y : 0` when q is
    /// `c ? y : 0`, for the reason below.
    ///
    /// The derivative of `c ? a : b` is `c ? a′ : b′`: 0 where an arm is not taken, even where a
    /// partial computed in that arm is NaN or ∞ (at x = −1, `x < 0 ? x : sqrt(x)` has derivative
    /// 1, though sqrt′(−1) is NaN). The partials of `c ? a : b` are `c ? 1 : 0` and `c ? 0 : 1`,
    /// so a term entering an arm is built as `c ? ȳ : 0` (no multiplication), and a factor
    /// computed in that arm is multiplied in inside the conditional: `p·(c ? y : 0)` →
    /// `c ? p·y : 0`, through up to `conditionalDepth` nested conditionals (a bound, so that a
    /// term entering 20,000 nested arms costs no more than one entering 8). A partial that is
    /// the constant 0 (`c ? 1 : 0` with a known condition) makes the term 0 the same way.
    /// `deriv trace` shows the values of the terms built here (`SweepRecord`).
    func product(_ p: SignedTerm, _ q: SignedTerm) -> SignedTerm {
        let negative = p.negative != q.negative
        if self[p.node].isConstant(0) || self[q.node].isConstant(0) { return SignedTerm(node: constant(0), negative: false) }
        for (indicator, other) in [(p.node, q.node), (q.node, p.node)] {
            if let (c, zeroWhenTrue, arm) = zeroArm(indicator), self[arm].isConstant(1) {
                let zero = constant(0)
                let node = zeroWhenTrue ? apply(.select, c, zero, other) : apply(.select, c, other, zero)
                return SignedTerm(node: node, negative: negative)
            }
        }
        var x = p.node, y = q.node
        var wrappers: [(condition: NodeID, zeroWhenTrue: Bool)] = []
        while wrappers.count < GraphBuilder.conditionalDepth {
            if let (c, zeroWhenTrue, arm) = zeroArm(y) {
                wrappers.append((c, zeroWhenTrue))
                y = arm
            } else if let (c, zeroWhenTrue, arm) = zeroArm(x) {
                wrappers.append((c, zeroWhenTrue))
                x = arm
            } else {
                break
            }
        }
        func reciprocal(_ id: NodeID) -> NodeID? {
            let n = self[id]
            return n.op == .div && self[n.a].isConstant(1) ? n.b : nil
        }
        var node = reciprocal(x).map { div(y, $0) } ?? reciprocal(y).map { div(x, $0) } ?? mul(x, y)
        let zero = constant(0)
        for w in wrappers.reversed() {
            node = w.zeroWhenTrue ? apply(.select, w.condition, zero, node) : apply(.select, w.condition, node, zero)
        }
        return SignedTerm(node: node, negative: negative)
    }

    /// How many nested conditionals `product` carries a factor into.
    static let conditionalDepth = 8

    /// s + t, as `add` when the signs agree and as `sub` when they differ.
    func sum(_ s: SignedTerm, _ t: SignedTerm) -> SignedTerm {
        switch (s.negative, t.negative) {
        case (false, false): return SignedTerm(node: add(s.node, t.node), negative: false)
        case (true, true): return SignedTerm(node: add(s.node, t.node), negative: true)
        case (false, true): return SignedTerm(node: sub(s.node, t.node), negative: false)
        case (true, false): return SignedTerm(node: sub(t.node, s.node), negative: false)
        }
    }

    /// The term as one node: `neg(node)` when negative.
    func node(_ t: SignedTerm) -> NodeID { t.negative ? neg(t.node) : t.node }
}
