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
/// One product is formed differently on purpose: a reciprocal partial 1/d (log, division by d,
/// atan, asin, …) times q is built as q/d, not (1/d)·q. That is one operation and one rounding
/// fewer, so the term is the correctly rounded quotient instead of a product of two rounded
/// values; both sweeps build it the same way.
struct SignedTerm {
    var node: NodeID
    var negative: Bool
}

extension GraphBuilder {
    /// `id` with a negation taken off into the sign: `neg(u)` → −u, a negative constant −c → −(c).
    func signed(_ id: NodeID) -> SignedTerm {
        let n = self[id]
        if n.op == .neg { return SignedTerm(node: n.a, negative: true) }
        if n.op == .constant, n.constantValue < 0 { return SignedTerm(node: constant(-n.constantValue), negative: true) }
        return SignedTerm(node: id, negative: false)
    }

    /// p · q (the builder drops a factor 1); q/d when p is 1/d.
    func product(_ p: SignedTerm, _ q: SignedTerm) -> SignedTerm {
        let n = self[p.node]
        let node = n.op == .div && self[n.a].isConstant(1) ? div(q.node, n.b) : mul(p.node, q.node)
        return SignedTerm(node: node, negative: p.negative != q.negative)
    }

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
