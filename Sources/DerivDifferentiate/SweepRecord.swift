@_spi(DerivCore) import DerivCore
/// What one sweep did, in the order it did it: every edge it carried a derivative along, with
/// the nodes it built there, and the derivative it left on every node it reached.
///
/// The sweeps that build derivative graphs (`Reverse.Sweep`, `Forward.Sweep`) write it when
/// asked to, as they build, so it names the derivative graph's own nodes: evaluating that graph
/// gives every number of the chain rule, exactly as `deriv grad` computes it. `deriv trace`
/// reads its rows from here (`Trace`); no other code applies the chain rule.
package struct SweepRecord {
    /// One edge of the chain rule: `contribution = partial × upstream`, the term one argument of
    /// one operation adds to a derivative.
    package struct Step {
        /// The operation: the user u whose adjoint is pushed down (reverse), or the node whose
        /// tangent is being summed (forward).
        package let user: NodeID
        /// Which argument of `user` (0, 1 or 2) the edge runs to, and its node.
        package let argument: Int
        package let operand: NodeID
        /// The derivative carried in: the adjoint of `user` (reverse), the tangent of `operand` (forward).
        package let upstream: SignedTerm
        /// ∂user/∂operand, as the sweep built it.
        package let partial: NodeID
        /// partial × upstream, as the sweep built it (`GraphBuilder.product`): the term added.
        package let contribution: SignedTerm
    }

    package let mode: Mode
    /// The edges in the order the sweep visited them: a reverse sweep from the highest user
    /// down, a forward sweep from the lowest node up, arguments in order.
    package private(set) var steps: [Step] = []
    /// The derivative each reached node had when the sweep finished: its adjoint (reverse) or
    /// tangent (forward); the seeds included.
    package private(set) var derivatives: [(node: NodeID, term: SignedTerm)] = []

    init(mode: Mode) { self.mode = mode }

    /// Forgets the sweep before, keeping the storage.
    mutating func sweepStarts() {
        steps.removeAll(keepingCapacity: true)
        derivatives.removeAll(keepingCapacity: true)
    }

    mutating func append(_ step: Step) { steps.append(step) }

    /// Records the final derivatives: `term(node)` for each node of `reached`, in that order.
    mutating func finish(reached: [NodeID], term: (NodeID) -> SignedTerm?) {
        derivatives = reached.compactMap { node in term(node).map { (node, $0) } }
    }
}
