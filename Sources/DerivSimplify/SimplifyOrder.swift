@_spi(DerivCore) import DerivCore
/// The order in which the simplifier writes factors and terms, and the numbering of its result.
/// Both depend only on the structure of the expressions, never on the order nodes happened to be
/// created in, so printing a derivative, parsing it and simplifying again gives the same text.

/// Where a node goes among the factors of a product: numbers, then inputs (`2*x*y`), then
/// products (a shared `x*y` first prints without parentheses: `x*y*sin(x)`), then function calls
/// and other operations (`x*sin(x)`), then sums, which print in parentheses (`x*(y + 1)`).
/// Within a rank, by printed text, then by a structural hash.
struct NodeKey: Comparable {
    var rank: Int
    var text: String
    var hash: UInt64

    static func < (a: NodeKey, b: NodeKey) -> Bool {
        (a.rank, a.text, a.hash) < (b.rank, b.text, b.hash)
    }
}

/// Where a term goes in a sum: polynomial terms first, highest degree first (`3*x^2 + 2*x`),
/// then terms with function calls, then terms with sums; these by the degree of their powers
/// of inputs, lowest first (`2*x*sin(x) + x^2*cos(x)`, `t + 40*x*c + 24*x^2*t`); then by
/// printed text.
struct TermKey: Comparable {
    var rank: Int
    var degree: Double
    var text: String
    var hash: UInt64

    static func < (a: TermKey, b: TermKey) -> Bool {
        (a.rank, a.degree, a.text, a.hash) < (b.rank, b.degree, b.text, b.hash)
    }
}

/// Structural keys of a builder's nodes, computed once per node in id order (arguments first),
/// each from its arguments' keys: a loop, and a bounded amount of text per node.
struct SortKeys {
    private static let textLimit = 40
    private var printed: [Printed] = []
    private var ranks: [Int] = []
    private var hashes: [UInt64] = []
    /// The degree of a node that is a monomial in inputs (`x`, `w*x`, `x^2/y`), nil for others.
    private var degrees: [Double?] = []

    /// The key of node `id` of `b`.
    mutating func key(_ id: NodeID, in b: GraphBuilder) -> NodeKey {
        extend(to: b)
        return NodeKey(rank: ranks[Int(id)], text: printed[Int(id)].text, hash: hashes[Int(id)])
    }

    /// The key of a factor: its base's, except that a power with a variable exponent (`x^y`)
    /// goes among the function calls.
    mutating func key(_ f: Factor, in b: GraphBuilder) -> NodeKey {
        var k = key(f.base, in: b)
        if case .node = f.exponent { k.rank = Swift.max(k.rank, 3) }
        return k
    }

    /// The key of the term `monomial` (its coefficient aside).
    mutating func key(_ m: Monomial, in b: GraphBuilder) -> TermKey {
        extend(to: b)
        let factors = m.factors.sorted { key($0, in: b) < key($1, in: b) }
        var rank = 0, degree = 0.0, text = "", hash: UInt64 = 0x243F_6A88_85A3_08D3
        for f in factors {
            let i = Int(f.base)
            if case .number(let e) = f.exponent, let d = degrees[i] {
                // A monomial in inputs sorts by its degree, shared as one node or not (`w*x + b`).
                rank = Swift.max(rank, Swift.min(ranks[i], 1))
                degree += d * e
            } else {
                rank = Swift.max(rank, key(f, in: b).rank)
            }
            if !text.isEmpty { text += "*" }
            text += printed[i].at(.atom)
            hash = SortKeys.mix(hash, hashes[i])
            switch f.exponent {
            case .number(let e):
                if e != 1 { text += "^" + LanguageSyntax.decimal(e, forceFraction: false) }
                hash = SortKeys.mix(hash, e.bitPattern)
            case .node(let e):
                text += "^" + printed[Int(e)].at(.atom)
                hash = SortKeys.mix(hash, hashes[Int(e)])
            }
        }
        return TermKey(rank: rank, degree: rank <= 1 ? -degree : degree, text: text, hash: hash)
    }

    private mutating func extend(to b: GraphBuilder) {
        let syntax = LanguageSyntax.deriv
        while printed.count < b.nodes.count {
            let n = b.nodes[printed.count]
            var hash = SortKeys.mix(UInt64(n.op.rawValue), n.payload)
            let text: Printed
            let rank: Int
            switch n.op {
            case .constant:
                text = syntax.number(n.constantValue)
                rank = 0
            case .input:
                let i = n.inputIndex
                text = Printed(i < b.inputs.count ? b.inputs[i] : SortKeys.standInText(b.standIns[i - b.inputs.count]), .atom)
                rank = 1
            default:
                var args: [Printed] = []
                n.forEachArgument { _, a in
                    args.append(printed[Int(a)])
                    hash = SortKeys.mix(hash, hashes[Int(a)])
                }
                let full = syntax.spell(n.op, args)
                text = Printed(String(full.text.prefix(SortKeys.textLimit)), full.precedence)
                switch n.op {
                case .mul, .div, .neg: rank = 2
                case .add, .sub: rank = 4
                default: rank = 3
                }
            }
            printed.append(text)
            ranks.append(rank)
            hashes.append(hash)
            degrees.append(degree(of: n, in: b))
        }
    }

    /// The degree of `n` when it is a monomial in inputs, from its arguments' (already known).
    private func degree(of n: Node, in b: GraphBuilder) -> Double? {
        func d(_ x: NodeID) -> Double? { degrees[Int(x)] }
        switch n.op {
        case .input: return 1
        case .constant: return 0
        case .neg: return d(n.a)
        case .mul: return d(n.a).flatMap { u in d(n.b).map { u + $0 } }
        case .div: return d(n.a).flatMap { u in d(n.b).map { u - $0 } }
        case .pow:
            guard let e = b.constantValue(n.b) else { return nil }
            return d(n.a).map { $0 * e }
        default: return nil
        }
    }

    /// How a stand-in for node `id` of the exact prefix (`Graph.standIns`) sorts among the
    /// printed texts: before every input's name (a control character sorts before any letter),
    /// stand-ins among themselves by the decimal digits of `id`.
    static func standInText(_ id: NodeID) -> String { "\u{1}p" + String(id) }

    /// Combines two 64-bit values (the SplitMix64 finalizer over a sum), deterministic across runs.
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &* 0x9E37_79B9_7F4A_7C15 &+ b
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Graph {
    /// The graph with only the nodes its outputs need, numbered in the order a depth-first walk
    /// from the outputs (in order; arguments left to right) finishes them. The numbering follows
    /// the structure alone, so equal structures give equal graphs. An explicit stack, no recursion.
    func canonicallyOrdered() -> Graph {
        canonicallyOrderedWithIDs().graph
    }

    /// `canonicallyOrdered()`, and the new id of each node (-1 for a node no output needs).
    func canonicallyOrderedWithIDs() -> (graph: Graph, newID: [NodeID]) {
        var newID = [NodeID](repeating: -1, count: count)
        var visiting = [Bool](repeating: false, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        var stack: [(node: Int, next: Int)] = []
        for o in outputs where newID[Int(o)] < 0 && !visiting[Int(o)] {
            stack.append((Int(o), 0))
            visiting[Int(o)] = true
            while let top = stack.last {
                let n = nodes[top.node]
                if top.next < n.op.arity {
                    stack[stack.count - 1].next += 1
                    let a = Int(n.argument(top.next))
                    if newID[a] < 0 && !visiting[a] {
                        visiting[a] = true
                        stack.append((a, 0))
                    }
                } else {
                    stack.removeLast()
                    newID[top.node] = NodeID(order.count)
                    order.append(top.node)
                }
            }
        }
        func m(_ x: NodeID) -> NodeID { x >= 0 ? newID[Int(x)] : -1 }
        let newNodes = order.map { i -> Node in
            let n = nodes[i]
            return Node(op: n.op, a: m(n.a), b: m(n.b), c: m(n.c), payload: n.payload)
        }
        let newNames = names.renumbered { newID[Int($0)] >= 0 ? newID[Int($0)] : nil }
        return (Graph(nodes: newNodes, inputs: inputs, outputs: outputs.map(m), outputNames: outputNames,
                      names: newNames, origins: order.map { origins[$0] }, sourceRanges: sourceRanges,
                      standIns: standIns), newID)
    }
}
