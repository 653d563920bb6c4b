/// A reverse sweep over a matrix graph as `deriv trace` shows it (docs/MATRICES.md, "trace"):
/// the gradient graph, and for each node of the function where its adjoint is and the terms
/// ā += Lᵀ(ū) it sums, each a node of the same graph. Evaluating the graph with these nodes
/// as outputs gives the numbers, so the trace shows the gradient the gradient graph computes.
package struct MatrixSweep {
    /// One term of an adjoint: what the user `user` (a function node) passes back.
    package struct Term {
        package let user: Int
        /// The term's node in the gradient graph.
        package let node: Int
        let map: LinearMap
        /// The argument is a scalar spread over the user's shape (`W*x + b` with `b` a scalar):
        /// its adjoint is the sum of the entries' adjoints.
        let spread: Bool

        /// The term in matrix form for the upstream adjoint `upstream` (`W̄ = ȳ·xᵀ`, `x̄ = Wᵀ·ȳ`),
        /// nodes written by `name` (a factor 1 or -1 is left out).
        package func formula(upstream: String, _ name: (Int) -> String) -> String {
            map.formula(upstream: upstream, spread: spread, name)
        }

        /// The node of the local factor (an elementwise partial, or the other side of a
        /// product), whose value the trace shows; nil for a map without one.
        package var local: Int? { map.factor }
    }

    /// The value and the gradient (see `MatrixDerivatives.gradient`).
    package let graph: MatrixGraph
    /// The nodes before this index are the function's.
    package let function: Int
    /// The adjoint node of each function node, nil where none flows.
    package let adjoints: [Int?]
    /// The terms of each function node's adjoint, in the order the sweep adds them.
    package let terms: [[Term]]
}
