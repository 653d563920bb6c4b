@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivRender
/// Naming the factors several printed products share: `d/dw = x*t1/t2; d/dx = w*t1/t2` becomes
/// `t3 = t1/t2; d/dw = x*t3; d/dx = w*t3` when that text is shorter. Only where parts are chosen
/// for printing (each formula's own simplification is untouched, and `--inline` does not do it).
extension FormulaPrinter {
    /// `g` with common factors of its products taken out as parts of their own, one set of
    /// factors at a time, each kept only if the text `policy` prints gets shorter.
    static func commonFactorsNamed(_ g: Graph, _ policy: ExpressionPrinter.BindingPolicy) -> Graph {
        var best = g
        var length = printedLength(g, policy)
        for _ in 0..<commonFactorRounds {
            guard best.count <= Graph.expansionLimit, length <= maxFactoredCharacters else { break }
            let products = FactoredProduct.all(in: best)
            var improved = false
            for candidate in FactoredProduct.candidates(products).prefix(candidatesTried) {
                let rewritten = best.factoringOut(candidate, of: products)
                let l = printedLength(rewritten, policy)
                if l < length {
                    (best, length, improved) = (rewritten, l, true)
                    break
                }
            }
            if !improved { break }
        }
        return best
    }

    /// The characters `lines` prints for `g` but the labels: each statement's ` = ` and line end too.
    private static func printedLength(_ g: Graph, _ policy: ExpressionPrinter.BindingPolicy) -> Int {
        let printer = ExpressionPrinter(graph: g, syntax: .deriv, policy: policy)
        return printer.textLength + 4 * printer.statements.count
    }

    /// Sets of factors taken out, at most (each costs a printing per candidate tried).
    private static let commonFactorRounds = 8
    /// Candidates tried per round, best first.
    private static let candidatesTried = 4
    /// The longest text searched for common factors (a formula someone reads).
    private static let maxFactoredCharacters = 20_000
    /// Products compared pairwise for their common factors, at most.
    fileprivate static let productsCompared = 64
}

/// A product of factors over factors (`x*t1/t2`): the tree of `*` and `/` under `root`, through
/// nodes used once and not named by the program, read left to right. A factor is a node id
/// times 2, plus 1 when it divides.
struct FactoredProduct {
    let root: NodeID
    let factors: [Int64]
    /// `factors` sorted, for multiset comparisons.
    let sorted: [Int64]

    /// The products of `g`: `*` and `/` nodes not themselves a factor of a product around them,
    /// with two factors or more.
    static func all(in g: Graph) -> [FactoredProduct] {
        let uses = g.useCounts
        var inner = [Bool](repeating: false, count: g.count)
        func dissolves(_ id: NodeID) -> Bool {
            let n = g[id]
            return (n.op == .mul || n.op == .div) && uses[Int(id)] == 1 && g.names[id] == nil
        }
        for n in g.nodes where n.op == .mul || n.op == .div {
            if dissolves(n.a) { inner[Int(n.a)] = true }
            if dissolves(n.b) { inner[Int(n.b)] = true }
        }
        let outputs = Set(g.outputs)
        var result: [FactoredProduct] = []
        for i in 0..<g.count where (g.nodes[i].op == .mul || g.nodes[i].op == .div) && (!inner[i] || outputs.contains(NodeID(i))) {
            var factors: [Int64] = []
            var stack: [(NodeID, Int64)] = [(NodeID(i), 0)]
            while let (id, side) = stack.popLast() {
                let n = g[id]
                if id == NodeID(i) || dissolves(id) {
                    if n.op == .mul { stack += [(n.b, side), (n.a, side)]; continue }
                    if n.op == .div { stack += [(n.b, 1 - side), (n.a, side)]; continue }
                }
                factors.append(Int64(id) * 2 + side)
            }
            if factors.count >= 2 { result.append(FactoredProduct(root: NodeID(i), factors: factors, sorted: factors.sorted())) }
        }
        return result
    }

    /// Sets of two factors or more (one multiplying at least) that several products hold, most
    /// promising first: by (products holding it - 1) * (factors - 1), then by size.
    static func candidates(_ products: [FactoredProduct]) -> [[Int64]] {
        let compared = products.prefix(FormulaPrinter.productsCompared)
        var seen = Set<[Int64]>()
        var scored: [(set: [Int64], score: Int)] = []
        for (i, p) in compared.enumerated() {
            for q in compared.dropFirst(i + 1) {
                let common = intersection(p.sorted, q.sorted)
                guard common.count >= 2, common.contains(where: { $0 & 1 == 0 }), seen.insert(common).inserted else { continue }
                let holders = products.filter { contains($0.sorted, common) }.count
                scored.append((common, (holders - 1) * (common.count - 1)))
            }
        }
        return scored.sorted { ($0.score, $0.set.count) > ($1.score, $1.set.count) }.map(\.set)
    }

    /// The common part of two sorted multisets.
    static func intersection(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        var i = 0, j = 0, out: [Int64] = []
        while i < a.count, j < b.count {
            if a[i] == b[j] { out.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return out
    }

    /// Whether sorted multiset `a` holds every element of sorted multiset `b`.
    static func contains(_ a: [Int64], _ b: [Int64]) -> Bool {
        intersection(a, b).count == b.count
    }
}

extension Graph {
    /// This graph with the factors `common` (a sorted multiset, as in `FactoredProduct`) taken
    /// out of every product of `products` holding them, as one part: `x*t1/t2` → `x*(t1/t2)`.
    /// The part keeps the factors' order in the first such product; the other factors keep theirs.
    fileprivate func factoringOut(_ common: [Int64], of products: [FactoredProduct]) -> Graph {
        let holders = products.filter { FactoredProduct.contains($0.sorted, common) }
        let b = GraphBuilder(inputs: inputs, reservingCapacity: count + holders.count)
        var map = [NodeID](repeating: -1, count: count)
        var rewritten: [NodeID: [Int64]] = [:]
        for p in holders { rewritten[p.root] = p.factors }
        let partOrder = Graph.taking(common, from: holders[0].factors).taken
        var part: NodeID = -1
        /// The product of `factors` (mapped), `start` first if given.
        func product(_ factors: [Int64], start: NodeID?) -> NodeID? {
            var result = start
            for f in factors where f & 1 == 0 {
                let x = map[Int(f >> 1)]
                result = result.map { b.exactly(Node(op: .mul, a: $0, b: x)) } ?? x
            }
            for f in factors where f & 1 == 1 {
                result = b.exactly(Node(op: .div, a: result ?? b.constant(1), b: map[Int(f >> 1)]))
            }
            return result
        }
        for i in 0..<count {
            let n = nodes[i]
            if let factors = rewritten[NodeID(i)] {
                if part < 0 { part = product(partOrder, start: nil)! }
                let rest = Graph.taking(common, from: factors).rest
                let numerator = product(rest.filter { $0 & 1 == 0 }, start: nil)
                let withPart = numerator.map { b.exactly(Node(op: .mul, a: $0, b: part)) } ?? part
                map[i] = product(rest.filter { $0 & 1 == 1 }, start: withPart)!
            } else {
                switch n.op {
                case .input: map[i] = b.input(n.inputIndex)
                case .constant: map[i] = b.constant(n.constantValue)
                default:
                    func m(_ x: NodeID) -> NodeID { x >= 0 ? map[Int(x)] : -1 }
                    map[i] = b.exactly(Node(op: n.op, a: m(n.a), b: m(n.b), c: m(n.c), payload: n.payload))
                }
            }
            if let name = names[NodeID(i)] { b.names.nameIfUnnamed(map[i], name) }
        }
        return b.finishPruned(outputs: outputs.map { map[Int($0)] }, outputNames: outputNames)
    }

    /// `factors` split into the elements of the multiset `common` (in `factors`' order) and the rest.
    private static func taking(_ common: [Int64], from factors: [Int64]) -> (taken: [Int64], rest: [Int64]) {
        var left: [Int64: Int] = [:]
        for c in common { left[c, default: 0] += 1 }
        var taken: [Int64] = [], rest: [Int64] = []
        for f in factors {
            if let k = left[f], k > 0 { left[f] = k - 1; taken.append(f) } else { rest.append(f) }
        }
        return (taken, rest)
    }
}
