@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
/// Rewrites a matrix gradient graph into a shorter one with the same numbers, before its formulas
/// are printed (`deriv diff`, docs/MATRICES.md "The simplifier of matrix formulas", which lists
/// every rule with its policy). Printing does not simplify and this does not print.
///
/// A pass rebuilds the nodes the outputs need, in order, in a fresh `MatrixBuilder` (which folds
/// constants, merges equal nodes and drops `x*1`, `x^1`, `(x')'`), applying the rules of
/// `MatrixRewriter` to each node as it is made. Passes repeat while the count of operations
/// (`operationCount`) falls, at most `maximumPasses` times; the result is never longer than the
/// graph given (when it would be, the graph given is kept).
package enum MatrixSimplifier {
    static let maximumPasses = 8

    /// `g` simplified: the same inputs, outputs and names, the gradient outputs (after the first) shorter or as long.
    package static func simplified(_ g: MatrixGraph) -> MatrixGraph {
        let (kept, floated) = (simplified(g, floatsShared: false), simplified(g, floatsShared: true))
        return operationCount(floated) < operationCount(kept) ? floated : kept
    }

    /// Passes of `MatrixRewriter` while they make the graph shorter.
    private static func simplified(_ g: MatrixGraph, floatsShared: Bool) -> MatrixGraph {
        var best = g
        var bestCount = operationCount(g)
        for _ in 0..<maximumPasses {
            let next = MatrixRewriter(best, floatsShared: floatsShared).rebuilt()
            let count = operationCount(next)
            guard count < bestCount else { break }
            (best, bestCount) = (next, count)
        }
        return best
    }

    /// The structural cost of the formulas: the operations (nodes that are not inputs or
    /// constants) the outputs after the first need, each counted once however often it is used.
    package static func operationCount(_ g: MatrixGraph) -> Int {
        let needed = neededNodes(g, roots: Array(g.outputs.dropFirst()))
        return needed.indices.filter { needed[$0] && !g[$0].arguments.isEmpty }.count
    }

    /// Which nodes the `roots` need (a loop from the last node back).
    static func neededNodes(_ g: MatrixGraph, roots: [Int]) -> [Bool] {
        var needed = [Bool](repeating: false, count: g.count)
        for r in roots { needed[r] = true }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g[i].arguments { needed[a] = true }
        }
        return needed
    }
}

/// One pass of `MatrixSimplifier`: reads the graph given, writes a new one node by node.
final class MatrixRewriter {
    private let old: MatrixGraph
    private let b = MatrixBuilder()
    /// How many needed nodes of the old graph use each node.
    private var oldUses: [Int]
    /// How many users each new node made for an old node had there; a node a rule made has one.
    private var newUses: [Int: Int] = [:]
    /// A rule's result is made with the rules again, to this depth at most (a constant, not the size of the input).
    private static let maximumDepth = 6
    /// A product is gathered into at most about this many factors (the rest are left as they are).
    private static let maximumFactors = 64

    /// Whether a number or scalar factor is taken out of a product used more than once too
    /// (`MatrixSimplifier` tries both and keeps the shorter).
    private let floatsShared: Bool

    init(_ g: MatrixGraph, floatsShared: Bool) {
        self.floatsShared = floatsShared
        old = g
        oldUses = [Int](repeating: 0, count: g.count)
        // Uses by the printed formulas (the outputs after the first): a part the function alone
        // uses as well may be taken apart in them.
        let needed = MatrixSimplifier.neededNodes(g, roots: Array(g.outputs.dropFirst()))
        for i in g.nodes.indices where needed[i] {
            for a in g[i].arguments { oldUses[a] += 1 }
        }
        for o in g.outputs.dropFirst() { oldUses[o] += 1 }
    }

    /// The new graph: every input (in order), then the nodes the outputs need, rewritten.
    func rebuilt() -> MatrixGraph {
        let needed = MatrixSimplifier.neededNodes(old, roots: old.outputs)
        let inputs = zip(old.inputNames, old.inputShapes).map { b.input(named: $0, $1) }
        var new = [Int](repeating: -1, count: old.count)
        for i in old.nodes.indices where needed[i] {
            let node = old[i]
            switch node.operation {
            case .input(let k): new[i] = inputs[k]
            case .constant(let k): new[i] = b.constant(Matrix(node.shape, old.constants[k]))
            default: new[i] = product(i, new) ?? sum(i, new) ?? make(node.operation, node.arguments.map { new[$0] }, depth: 0)
            }
            if let name = old.names[i] { b.name(new[i], name) }
            newUses[new[i]] = max(newUses[new[i]] ?? 0, oldUses[i])
        }
        b.graph.outputs = old.outputs.map { new[$0] }
        return b.graph
    }

    // MARK: Patterns

    private func node(_ i: Int) -> MatrixGraph.Node { b.graph[i] }
    private func shape(_ i: Int) -> MatrixShape { b.graph[i].shape }
    private func isScalar(_ i: Int) -> Bool { shape(i).isScalar }
    private func constant(_ i: Int) -> Double? { b.graph.scalarConstant(i) }

    /// `s*X`, a scalar `s` times a vector or matrix `X` (either order): (s, X).
    private func scaling(_ i: Int) -> (s: Int, x: Int)? {
        let n = node(i)
        guard n.operation == .elementwise(.mul), n.arguments.count == 2, !n.shape.isScalar else { return nil }
        if isScalar(n.arguments[0]) { return (n.arguments[0], n.arguments[1]) }
        if isScalar(n.arguments[1]) { return (n.arguments[1], n.arguments[0]) }
        return nil
    }

    /// `c*X` with `c` a number (either order), or `-X` as (-1, X).
    private func coefficient(_ i: Int) -> (c: Double, x: Int)? {
        let n = node(i)
        if n.operation == .elementwise(.neg) { return (-1, n.arguments[0]) }
        guard n.operation == .elementwise(.mul), n.arguments.count == 2 else { return nil }
        if let c = constant(n.arguments[0]) { return (c, n.arguments[1]) }
        if let c = constant(n.arguments[1]) { return (c, n.arguments[0]) }
        return nil
    }

    private func negated(_ i: Int) -> Int? { node(i).operation == .elementwise(.neg) ? node(i).arguments[0] : nil }
    /// Whether one node uses `i`: a rule may then take it apart without making its operation twice.
    private func single(_ i: Int) -> Bool { floatsShared || (newUses[i] ?? 1) <= 1 }
    /// `s*X` used once.
    private func singleScaling(_ i: Int) -> (s: Int, x: Int)? { single(i) ? scaling(i) : nil }
    /// The scalar `s` of a node that spreads it over a shape.
    private func spread(_ i: Int) -> Int? {
        if case .broadcast = node(i).operation { return node(i).arguments[0] }
        return nil
    }
    /// `-X` used once.
    private func singleNegated(_ i: Int) -> Int? { single(i) ? negated(i) : nil }
    private func transposed(_ i: Int) -> Int? { node(i).operation == .transpose ? node(i).arguments[0] : nil }

    /// The identity: `diag` of ones.
    private func isIdentity(_ i: Int) -> Bool {
        guard node(i).operation == .diagonalMatrix else { return false }
        let v = node(i).arguments[0]
        if case .broadcast = node(v).operation { return constant(node(v).arguments[0]) == 1 }
        return false
    }

    // MARK: Rules

    /// The node of `operation` over `arguments` (new nodes), rewritten by the first rule that applies.
    func make(_ operation: MatrixOperation, _ a: [Int], depth: Int) -> Int {
        guard depth < MatrixRewriter.maximumDepth else { return b.node(operation, a) }
        let d = depth + 1
        func mul(_ x: Int, _ y: Int) -> Int { make(.elementwise(.mul), [x, y], depth: d) }
        func neg(_ x: Int) -> Int { make(.elementwise(.neg), [x], depth: d) }
        func transpose(_ x: Int) -> Int { make(.transpose, [x], depth: d) }
        func matmul(_ x: Int, _ y: Int) -> Int { make(.matmul, [x, y], depth: d) }
        if case .elementwise(let op) = operation, a.contains(where: { !isScalar($0) }),
           a.allSatisfy({ constant($0) != nil || spread($0) != nil }) {
            // ones*s + ones*t → ones*(s + t): an operation on scalars spread over a shape, spread
            let s = shape(a.first { !isScalar($0) }!)
            return b.node(.broadcast(s), [make(.elementwise(op), a.map { spread($0) ?? $0 }, depth: d)])
        }
        switch operation {
        case .elementwise(.neg):
            if let x = negated(a[0]) { return x }                                           // -(-x) → x
            if node(a[0]).operation == .elementwise(.sub) {                                   // -(a - b) → b - a
                let s = node(a[0]).arguments
                return make(.elementwise(.sub), [s[1], s[0]], depth: d)
            }
            if single(a[0]), let (c, x) = coefficient(a[0]), c != -1 { return mul(b.constant(-c), x) }      // -(c*x) → (-c)*x
        case .elementwise(.mul) where a.count == 2:
            if constant(a[0]) == -1 { return neg(a[1]) }                                      // -1*x → -x
            if constant(a[1]) == -1 { return neg(a[0]) }
            if isScalar(a[1]), !isScalar(a[0]) || (constant(a[1]) != nil && constant(a[0]) == nil) {
                return mul(a[1], a[0])                                                        // x*s → s*x
            }
            if let c = constant(a[0]), let (e, x) = coefficient(a[1]) { return mul(b.constant(c * e), x) }  // c*(e*x) → (c*e)*x
            if isScalar(a[0]), constant(a[0]) == nil, single(a[1]), let (e, x) = coefficient(a[1]), e != -1 {
                return mul(mul(b.constant(e), a[0]), x)                                       // s*(e*X) → (e*s)*X
            }
            if constant(a[0]) != nil, single(a[1]), let (s, x) = scaling(a[1]), constant(s) == nil {
                return mul(mul(a[0], s), x)                                                   // e*(s*X) → (e*s)*X
            }
            if !isScalar(a[0]), !isScalar(a[1]) {
                for k in 0..<2 {
                    if let (s, x) = singleScaling(a[k]) {                                     // (s*X) .* Y → s*(X .* Y)
                        return mul(s, mul(k == 0 ? x : a[0], k == 0 ? a[1] : x))
                    }
                    if let x = singleNegated(a[k]) { return neg(mul(k == 0 ? x : a[0], k == 0 ? a[1] : x)) }  // (-X) .* Y → -(X .* Y)
                    let o = node(a[k])                                                        // X .* (1 ./ Y) → X ./ Y
                    if o.operation == .elementwise(.div), constant(o.arguments[0]) == 1 {
                        return make(.elementwise(.div), [a[1 - k], o.arguments[1]], depth: d)
                    }
                }
            }
        case .elementwise(.add), .elementwise(.sub):
            let isAdd = operation == .elementwise(.add)
            if let y = negated(a[1]) { return make(.elementwise(isAdd ? .sub : .add), [a[0], y], depth: d) }  // x + -y → x - y
            if isAdd, let x = negated(a[0]) { return make(.elementwise(.sub), [a[1], x], depth: d) }         // -x + y → y - x
            if let x = transposed(a[0]), let y = transposed(a[1]) {                          // x' + y' → (x + y)'
                return transpose(make(operation, [x, y], depth: d))
            }
            let (l, r) = (node(a[0]), node(a[1]))
            if l.operation == .matmul, r.operation == .matmul, single(a[0]), single(a[1]) {
                if l.arguments[1] == r.arguments[1] {                                         // X*Z + Y*Z → (X + Y)*Z
                    return matmul(make(operation, [l.arguments[0], r.arguments[0]], depth: d), l.arguments[1])
                }
                if l.arguments[0] == r.arguments[0] {                                         // Z*X + Z*Y → Z*(X + Y)
                    return matmul(l.arguments[0], make(operation, [l.arguments[1], r.arguments[1]], depth: d))
                }
            }
            let (p, q) = (coefficient(a[0]) ?? (1, a[0]), coefficient(a[1]) ?? (1, a[1]))
            if p.x == q.x, p.c != 1 || q.c != 1 {                                            // c*x + e*x → (c + e)*x
                return mul(b.constant(isAdd ? p.c + q.c : p.c - q.c), p.x)
            }
            if let (s, x) = singleScaling(a[0]), let (t, y) = singleScaling(a[1]), s == t {             // s*X + s*Y → s*(X + Y)
                return mul(s, make(operation, [x, y], depth: d))
            }
        case .matmul:
            if isIdentity(a[1]) { return a[0] }                                               // X*I → X
            if isIdentity(a[0]) { return a[1] }                                               // I*X → X
            for k in 0..<2 {
                if let (s, x) = singleScaling(a[k]) { return mul(s, matmul(k == 0 ? x : a[0], k == 0 ? a[1] : x)) }  // (s*X)*Y → s*(X*Y)
                if let x = singleNegated(a[k]), !isScalar(x) { return neg(matmul(k == 0 ? x : a[0], k == 0 ? a[1] : x)) }  // (-X)*Y → -(X*Y)
            }
        case .transpose:
            if let (s, x) = singleScaling(a[0]) { return mul(s, transpose(x)) }                   // (s*X)' → s*X'
            if let x = singleNegated(a[0]) { return neg(transpose(x)) }                             // (-X)' → -X'
            let n = node(a[0])
            if case .broadcast(let s) = n.operation { return b.node(.broadcast(s.transposed), n.arguments) }  // ones' → ones
            if n.operation == .matmul, n.arguments.contains(where: { transposed($0) != nil }) {  // (X*Y)' → Y'*X' when X or Y is a transpose
                return matmul(transpose(n.arguments[1]), transpose(n.arguments[0]))
            }
            if n.operation == .elementwise(.add) || n.operation == .elementwise(.sub),
               n.arguments.contains(where: { transposed($0) != nil }) {                       // (X' + Y)' → X + Y'
                return make(n.operation, [transpose(n.arguments[0]), transpose(n.arguments[1])], depth: d)
            }
        case .sum:
            if let (s, x) = singleScaling(a[0]) { return mul(s, make(.sum, [x], depth: d)) }        // sum(s*X) → s*sum(X)
            if let x = singleNegated(a[0]) { return neg(make(.sum, [x], depth: d)) }                // sum(-X) → -sum(X)
        default:
            break
        }
        return b.node(operation, a)
    }

    /// A product of single-use products and quotients of the old graph, node `i`, written as a
    /// number times its factors over its divisors, with a factor that is also a divisor
    /// cancelled (`0.5/t*(2*t)` → `1`): nil when nothing cancels and fewer than two numbers
    /// merge (the node is then made as it is).
    private func product(_ i: Int, _ new: [Int]) -> Int? {
        guard old[i].operation == .elementwise(.mul) || old[i].operation == .elementwise(.div) else { return nil }
        var coefficient = 1.0
        var numbers = 0
        var factors: [(node: Int, power: Int)] = []
        var stack = [(i, 1)]
        while let (j, p) = stack.popLast() {
            if p == 1, let c = old.scalarConstant(j) {
                coefficient *= c
                numbers += 1
                continue
            }
            if j == i || (oldUses[j] == 1 && factors.count + stack.count < MatrixRewriter.maximumFactors), case .elementwise(let op) = old[j].operation {
                let a = old[j].arguments
                switch op {
                case .mul where a.count == 2: stack += [(a[1], p), (a[0], p)]; continue
                case .div: stack += [(a[1], -p), (a[0], p)]; continue
                case .neg: coefficient = -coefficient; stack.append((a[0], p)); continue
                default: break
                }
            }
            factors.append((new[j], p))
        }
        var cancelled = 0
        var k = 0
        while k < factors.count {
            if let m = factors.indices.first(where: { $0 != k && factors[$0].node == factors[k].node && factors[$0].power == -factors[k].power }) {
                factors.remove(at: max(k, m))
                factors.remove(at: min(k, m))
                cancelled += 1
                k = 0
            } else {
                k += 1
            }
        }
        guard cancelled > 0 || numbers > 1 else { return nil }
        if coefficient < 0, let k = factors.lastIndex(where: { $0.power == 1 && node($0.node).operation == .elementwise(.sub) }) {
            // -c*(a - b) → c*(b - a)
            let s = node(factors[k].node).arguments
            factors[k].node = make(.elementwise(.sub), [s[1], s[0]], depth: 0)
            coefficient = -coefficient
        }
        func times(_ x: Int?, _ y: Int) -> Int { x.map { make(.elementwise(.mul), [$0, y], depth: 0) } ?? y }
        let numerator = factors.filter { $0.power == 1 }.reduce(nil as Int?) { times($0, $1.node) }
        let denominator = factors.filter { $0.power == -1 }.reduce(nil as Int?) { times($0, $1.node) }
        var result: Int
        if let den = denominator {
            let top = coefficient == 1 || numerator == nil ? numerator ?? b.constant(coefficient)
                : make(.elementwise(.mul), [b.constant(coefficient), numerator!], depth: 0)
            result = make(.elementwise(.div), [top, den], depth: 0)
        } else if let num = numerator {
            result = coefficient == 1 ? num : make(.elementwise(.mul), [b.constant(coefficient), num], depth: 0)
        } else {
            result = b.constant(coefficient)
        }
        if shape(result) != old[i].shape { result = b.node(.broadcast(old[i].shape), [result]) }
        return result
    }

    /// A sum of single-use sums and differences of the old graph, node `i`, with like terms
    /// merged (`a + X + X + 0.5*X` → `a + 2.5*X`): nil when no two terms merge.
    private func sum(_ i: Int, _ new: [Int]) -> Int? {
        guard old[i].operation == .elementwise(.add) || old[i].operation == .elementwise(.sub) else { return nil }
        var terms: [(node: Int, coefficient: Double)] = []
        var stack = [(i, 1.0)]
        while let (j, c) = stack.popLast() {
            if j == i || (oldUses[j] == 1 && terms.count + stack.count < MatrixRewriter.maximumFactors), case .elementwise(let op) = old[j].operation {
                let a = old[j].arguments
                switch op {
                case .add: stack += [(a[1], c), (a[0], c)]; continue
                case .sub: stack += [(a[1], -c), (a[0], c)]; continue
                case .neg: stack.append((a[0], -c)); continue
                default: break
                }
            }
            terms.append((new[j], c))
        }
        // Each term as a number times a part, and like parts merged where they first appear.
        var merged: [(node: Int, coefficient: Double)] = []
        for (t, c) in terms {
            let (e, x) = coefficient(t) ?? (1, t)
            if let k = merged.firstIndex(where: { $0.node == x && shape($0.node) == shape(x) }) {
                merged[k].coefficient += c * e
            } else {
                merged.append((x, c * e))
            }
        }
        guard merged.count < terms.count else { return nil }
        var result: Int?
        for (x, c) in merged {
            let term = c == 1 || c == -1 ? x : make(.elementwise(.mul), [b.constant(Swift.abs(c)), x], depth: 0)
            if let r = result {
                result = make(.elementwise(c < 0 ? .sub : .add), [r, term], depth: 0)
            } else {
                result = c < 0 ? make(.elementwise(.neg), [term], depth: 0) : term
            }
        }
        var r = result!
        if shape(r) != old[i].shape { r = b.node(.broadcast(old[i].shape), [r]) }
        return r
    }
}
