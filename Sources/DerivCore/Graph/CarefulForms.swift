extension GraphBuilder {
    /// Rewrites that replace a formula by a numerically careful function computing the same
    /// mathematical value, so that every consumer of the graph (the interpreter and the emitted
    /// code alike) gets the careful form. Unlike the builder's other rewrites these change the
    /// last bits of a result, always towards the exact value; each is decided on purpose:
    ///
    /// | written | becomes | why |
    /// |---|---|---|
    /// | `log(1 + u)` | `log1p(u)` | `1 + u` rounds away `u` below 1e-16: log(1 + 1e-20) is 0, log1p gives 1e-20 |
    /// | `exp(u) - 1` | `expm1(u)` | the subtraction cancels for small `u`: exp(1e-20) - 1 is 0, expm1 gives 1e-20 |
    /// | `log1p(exp(u))` (so also `log(1 + exp(u))`) | `softplus(u)` | exp overflows for u > 709: the value becomes ∞ and the gradient NaN; softplus gives u and 1 |
    ///
    /// The special values agree: log1p(−1) = log(0) = −∞, expm1(±∞) = exp(±∞) − 1, and NaN stays
    /// NaN; only the sign of a zero result can differ (log1p(−0) = −0 where log(1 + −0) = +0).
    /// `1/(1 + exp(−u))` is deliberately not turned into `sigmoid(u)`: it is the worked example of
    /// seed 000, whose six operations `deriv trace` shows one by one.
    func carefulForm(_ op: Op, _ a: NodeID, _ b: NodeID) -> NodeID? {
        let n = self[a]
        switch op {
        case .log where n.op == .add:
            if constantValue(n.a) == 1 { return apply(.log1p, n.b, nil, nil) }
            if constantValue(n.b) == 1 { return apply(.log1p, n.a, nil, nil) }
        case .sub where n.op == .exp && constantValue(b) == 1:
            return apply(.expm1, n.a, nil, nil)
        case .log1p where n.op == .exp:
            return apply(.softplus, n.a, nil, nil)
        default:
            break
        }
        return nil
    }
}
