/// A program that is a chain of layers (docs/MATRICES.md, "ops"): statements v₁ … v_K, the first
/// reading the inputs differentiated and each later one the one before it and no input
/// differentiated, so that the Jacobian of the output is the product J_K ··· J₁ of the layer
/// Jacobians J_k = ∂v_k/∂v_{k−1} (v₀ the inputs differentiated), each dense, d_k × d_{k−1}.
/// Forward mode multiplies it from the right, reverse mode from the left; the cheapest order
/// is found by dynamic programming, as for a matrix-chain product. A product of a×b by b×c
/// counts a·b·c multiplications.
package struct MatrixChain: Sendable {
    /// The names of v₁ … v_K.
    package let layers: [String]
    /// d₀ … d_K: the entries of the inputs differentiated, then of each layer.
    package let widths: [Polynomial]

    /// The chain of `g`'s statements (named nodes; the output is the last) for the inputs
    /// `wrt`, or nil when the program is not one; dimensions written by `size`.
    package init?(_ g: MatrixGraph, wrt: [Int], outputName: String, size: (Int) -> Polynomial) {
        let out = g.outputs[0]
        let wrtNodes = Set(MatrixDerivatives.inputNodeIndices(g).enumerated().compactMap { wrt.contains($0.offset) ? $0.element : nil })
        // The statements: named nodes that are neither inputs nor constants, and the output.
        func isStatement(_ i: Int) -> Bool {
            if i == out { return true }
            switch g[i].operation {
            case .input, .constant: return false
            default: return g.names[i] != nil
            }
        }
        let statements = (0...out).filter(isStatement)
        guard statements.count >= 2 else { return nil }
        // What each statement reads: statements and inputs differentiated, through unnamed nodes.
        for (k, s) in statements.enumerated() {
            var reads = Set<Int>()
            var stack = g[s].arguments
            var seen = Set<Int>()
            while let i = stack.popLast() {
                guard seen.insert(i).inserted else { continue }
                if wrtNodes.contains(i) || isStatement(i) { reads.insert(i); continue }
                stack += g[i].arguments
            }
            let expected: Bool = k == 0 ? !reads.isEmpty && reads.isSubset(of: wrtNodes) : reads == [statements[k - 1]]
            guard expected else { return nil }
        }
        layers = statements.map { $0 == out && g.names[$0] == nil ? outputName : g.names[$0]! }
        func entries(_ s: MatrixShape) -> Polynomial { size(s.rows) * size(s.columns) }
        widths = [wrt.reduce(.zero) { $0 + entries(g.inputShapes[$1]) }] + statements.map { entries(g[$0].shape) }
    }

    /// Forward mode's order, J_K·(…·(J₂·J₁)): Σ_{k≥2} d_k·d_{k−1}·d₀ multiplications.
    package var forwardCost: Polynomial {
        (2..<widths.count).reduce(.zero) { $0 + widths[$1] * widths[$1 - 1] * widths[0] }
    }

    /// Reverse mode's order, ((J_K·J_{K−1})·…)·J₁: Σ_{k<K} d_K·d_k·d_{k−1} multiplications.
    package var reverseCost: Polynomial {
        let last = widths.count - 1
        return (1..<last).reduce(.zero) { $0 + widths[last] * widths[$1] * widths[$1 - 1] }
    }

    /// The cheapest order at the sizes `dimensions`, written with the layers' Jacobians
    /// (`(J_o·J_h)·J_x`…), and its multiplications; nil when a width has no size.
    package func cheapest(_ dimensions: [String: Int]) -> (order: String, cost: Int)? {
        let d = widths.compactMap { $0.value(dimensions) }
        guard d.count == widths.count else { return nil }
        let k = layers.count
        // cost[i][j]: the cheapest product J_j ··· J_i (layers i…j, 0-based), split[i][j] where it splits.
        var cost = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var split = cost
        for length in 1..<k {
            for i in 0..<(k - length) {
                let j = i + length
                cost[i][j] = Int.max
                for s in i..<j {
                    // (J_j…J_{s+1}) is d_{j+1} × d_{s+1}, (J_s…J_i) is d_{s+1} × d_i.
                    let c = cost[i][s] + cost[s + 1][j] + d[j + 1] * d[s + 1] * d[i]
                    if c < cost[i][j] { cost[i][j] = c; split[i][j] = s }
                }
            }
        }
        // The order as text, without recursion: a stack of ranges still to write.
        enum Piece { case range(Int, Int), text(String) }
        var pieces: [Piece] = [.range(0, k - 1)]
        var out = ""
        while let piece = pieces.popLast() {
            switch piece {
            case .text(let t): out += t
            case .range(let i, let j) where i == j: out += "J_" + layers[i]
            case .range(let i, let j):
                let s = split[i][j]
                func wrapped(_ a: Int, _ b: Int) -> [Piece] { a == b ? [.range(a, b)] : [.text("("), .range(a, b), .text(")")] }
                // Written left to right: the later layers first.
                pieces += (wrapped(s + 1, j) + [.text("·")] + wrapped(i, s)).reversed()
            }
        }
        return (out, cost[0][k - 1])
    }
}
