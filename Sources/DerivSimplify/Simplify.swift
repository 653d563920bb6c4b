@_spi(DerivCore) import DerivCore
extension Graph {
    /// The graph every derivative goes through before it is printed, emitted or counted: the same
    /// outputs, written the way a careful person would, with shared work still done once.
    ///
    /// Each pass (`Simplifier`) rebuilds the graph as sums of terms and products of powers
    /// (`SimplifyForms.swift`), merging a node into its user when it has only one, and writes the
    /// result in an order that depends only on structure (`SimplifyOrder.swift`). Passes repeat
    /// until one changes nothing (at most `maxPasses`), so simplifying a simplified graph, or the
    /// parse of its printed text, gives it back.
    ///
    /// The rules, with what each does in IEEE double arithmetic. "Exact" means the same bits for
    /// every input; "rounding" means the results differ by rounding errors only, as reordering a
    /// sum does; "fills in" means the two sides differ only where the original is NaN (0/0, ∞−∞,
    /// 0·∞, a negative base to a fractional power) or overflows in an intermediate step, and
    /// the simplified side gives the limit there: these identities are applied on purpose, as
    /// every computer algebra system does, because a derivative is the value of the limit.
    ///
    /// | rule | example | IEEE |
    /// |---|---|---|
    /// | constant folding (via `GraphBuilder`) | `2*3` → `6` | exact; never folds finite numbers into NaN/∞ |
    /// | `x+0`, `x*1`, `x^1` → `x`; `x^0` → `1` | | exact (sign of a zero aside) |
    /// | `-(-x)` → `x`; `a+(-b)` → `a-b`; `-(a-b)` → `b-a` | | exact |
    /// | like terms: `x+x` → `2*x`, `2*x+3*x` → `5*x` | | `x+x` exact; in general rounding |
    /// | coefficients: `2*(3*x)` → `6*x`, `x/3*2` → `2*x/3`; a long coefficient or constant term within two units in the last place of a short decimal as that decimal | `0.05*(0.1*x)` → `0.005*x` (not `0.005000000000000001*x`) | rounding; never when the product of the numbers would overflow or underflow |
    /// | cancellation: `x-x` → `0`, `a*b-b*a` → `0` | | fills in (∞−∞) |
    /// | powers of one base: `x*x` → `x^2`, `x^a*x^b` → `x^(a+b)`, `(2*x)^2` → `4*x^2` | | `x*x` exact (`x^2` is `x*x`); else rounding, and fills in (0·∞, (−1)^0.5·(−1)^0.5) |
    /// | `x/x` → `1`, `x^2/x` → `x` | | fills in (0/0 at x = 0, ∞/∞) |
    /// | powers of `u` and `sqrt(u)` in one product, as a power of `sqrt(u)`; an even power of `sqrt(u)` as a power of `u` | `sqrt(x)/x` → `1/sqrt(x)`, `x*sqrt(x)` → `sqrt(x)^3`, `sqrt(x)^2` → `x` | rounding; fills in (`sqrt(u)^2` is NaN where u < 0) |
    /// | `(x^a)^n` → `x^(a·n)` for an integer n, or any n when a is not an even integer | `(x^2)^0.5` stays | fills in |
    /// | quotients: `a*b^-1` → `a/b`, `x*(1/3)` → `x/3` | | rounding |
    /// | in the last pass, a short coefficient over a bare denominator as a decimal | `1/(2*sqrt(u))` → `0.5/sqrt(u)`; `1/(3*x)` stays | one rounding instead of two; no overflow of `2*sqrt(u)` |
    /// | common factors: `c*b + c` → `c*(b + 1)` when the factor is more than powers of inputs or a shared coefficient | | rounding; fills in |
    /// | `c*expm1(u) + c` → `c*exp(u)` | the derivative of `expm1(x)` prints as `exp(x)` | rounding (the same at ±∞ and NaN) |
    /// | terms over powers of one denominator (those terms, else the whole sum), over its highest power, the numerator multiplied out, when that prints fewer operations (no more, for a sum under a line, where its division merges into the quotient) | `1/(x + 1) - (x - 1)/(x + 1)^2` → `2/(x + 1)^2`; `1/(x^2/y + y)` → `y/(x^2 + y^2)`, `y^3*(x^2/y^2 + 1)^2` → `(x^2 + y^2)^2/y` under a line; `2 - 2*x^2/(x^2 + y^2)` → `2*y^2/(x^2 + y^2)`; `cos(x)/x - sin(x)/x^2` stays | rounding; fills in (at a zero denominator); where a power of the denominator overflows, the two sides lose different parts (`1/d - a/d^2` keeps `1/d`, `(d - a)/d^2` is 0) |
    /// | a polynomial's common monomial, when that prints fewer operations (no more, under a line) | `2*x*y + y^2` → `y*(2*x + y)`; `1/(x^2*y + y^3)` → `1/(y*(x^2 + y^2))`; `8*x^7 + 2*x` stays | rounding; fills in |
    /// | a number times a sum, written out when no longer: `2*(x + 1)` → `2*x + 2` | `3*(x + 0.1)` stays | rounding (exact products only) |
    /// | a monomial in inputs times a sum whose every term holds its inputs: `2*x*(x*y + 1)` → `2*x^2*y + 2*x`; a product with a sum factor whose terms then merge: `x^2*y^3 + 2*x*(x*y^3 + y)` → `3*x^2*y^3 + 2*x*y` | | rounding |
    /// | a second candidate (`simplifiedWhole`): every sum, and every output that is a product, multiplied out in full, shared products and sums written out where used, then the passes again; kept when it has fewer operations | `t + (x + 3)*(t + 2*x*exp(x))` with `t = x^2*exp(x)` → `x*exp(x)*(x^2 + 6*x + 6)`; `800*x^2 - 400*(y - x^2) + 2` → `1200*x^2 - 400*y + 2`; `(2 - 2/y^2)*(y + 1/y)` → `2*(y - 1/y^3)` | rounding (terms that nearly cancel round differently in the two forms); fills in |
    /// | shared parts written out where they merge (a shared `b + 1` in `a + b + (b + 1)`, a shared `x*y` in `y/(x*y)`) | | as the rules above |
    /// | conditionals: `(c ? 1 : 0)*a + (c ? 0 : 1)*b` → `c ? a : b` (the derivative of `c ? u : v`) | | exact where a and b are finite; fills in (0·∞) |
    /// | comparisons decided by the values' ranges (`ValueRange`), conditionals on a known condition | `0 == y^2 + 1 ? 0 : a` → `a` (the x^y convention at 0 where the exponent is never 0) | exact |
    /// | `0 == x^y ? 0 : log(x)*x^y` → `log(x)*x^y` when x lies in (0, ∞) (x^y is then 0 only by underflow, where the product is ±0) | `(2 + sin(u))^y`; not `exp(u)^y` (0 and ∞ reachable) | exact but for the sign of a zero |
    ///
    /// Never applied: `x*0` → `0` (a product keeps its zero coefficient), `sqrt(x^2)` → `x`,
    /// `(x^2)^0.5` → `x`, `log(exp(x))` → `x`, dropping the x^y convention's test where it can
    /// fire (`0 == y ? 0 : y*x^(y - 1)` is 0 at x = y = 0, the formula NaN), or any rule that
    /// changes a finite result beyond rounding. NaN and ±∞ constants are kept as the `0/0`, `1/0`, `-1/0` deriv prints for them.
    ///
    /// Writing a product out over a sum, or a shared part out where it is used, is done only
    /// where the merges it allows pay for the operations it repeats, so simplifying never undoes
    /// sharing for looks. The result depends only on the graph's structure: the output is
    /// deterministic, whatever order nodes were created in.
    ///
    /// The nodes of the `exactPrefix` (the function as written) are kept exactly: simplification
    /// rewrites only what comes after them, treating the prefix values it uses as opaque operands.
    ///
    /// A graph with more than `simplificationLimit` operations is returned pruned but otherwise
    /// as it is. A pass costs about 10 µs per node (normal forms, sort keys, the common-factor
    /// search over the terms of a sum), so a derivative of a million operations would take
    /// half a minute to simplify. Nobody reads a formula that long, and for such graphs the
    /// builder has already done what pays: hash-consing, constant folding, exact rewrites and
    /// structurally zero derivatives left out (the reverse-mode gradient then has as many
    /// operations as CasADi's). Above the limit, `emit` stays linear in the program's size.
    package func simplified() -> Graph {
        if operationCount > Graph.simplificationLimit { return pruned() }
        return exactPrefix > 0 ? simplifiedAfterExactPrefix() : simplifiedWhole()
    }

    /// `simplified()` of each output alone, in one graph (`eachOutputAlone`): a printed formula
    /// must not depend on which other derivatives were asked for (simplified together, a part
    /// two derivatives share is kept whole where one alone would merge it: `T*V1*kb*n/V2` shared,
    /// `d/dV2 = t2/V1` instead of `T*kb*n/V2`). Past `eachOutputAlone`'s bound, `simplified()`.
    package func simplifiedOneByOne() -> Graph {
        guard outputs.count > 1 else { return simplified() }
        return eachOutputAlone { $0.simplified() } ?? simplified()
    }

    /// The most operations a graph may have for `simplified()` to rewrite it (about half a
    /// second of simplification on this project's machine).
    package static let simplificationLimit = 50_000

    /// The same graph with no exact prefix: every node may be rewritten (for printed formulas,
    /// where no value is compared with `deriv eval`).
    package func rewritable() -> Graph {
        var g = self
        g.exactPrefix = 0
        return g
    }

    /// Simplifies the nodes after the exact prefix: the prefix values they use become stand-in
    /// inputs, that part is simplified on its own, and the stand-ins are replaced by the prefix again.
    private func simplifiedAfterExactPrefix() -> Graph {
        let g = pruned()
        let k = g.exactPrefix
        // The prefix operations the rest uses (or that are outputs) become stand-in inputs.
        var standIn = [Int](repeating: -1, count: k)
        var standIns: [NodeID] = []
        func use(_ id: NodeID) {
            let i = Int(id)
            guard i < k, standIn[i] < 0, !g.nodes[i].op.isLeaf else { return }
            standIn[i] = g.inputs.count + standIns.count
            standIns.append(id)
        }
        for i in k..<g.count { g.nodes[i].forEachArgument { _, a in use(a) } }
        for o in g.outputs { use(o) }
        let rest = GraphBuilder(inputs: g.inputs, reservingCapacity: g.count - k)
        rest.standIns = standIns
        var map = [NodeID](repeating: -1, count: g.count)
        for i in 0..<k {
            let n = g.nodes[i]
            switch n.op {
            case .input: map[i] = rest.input(n.inputIndex)
            case .constant: map[i] = rest.constant(n.constantValue)
            default: if standIn[i] >= 0 { map[i] = rest.input(standIn[i]) }
            }
        }
        for i in k..<g.count {
            let n = g.nodes[i]
            func m(_ x: NodeID) -> NodeID? { x >= 0 ? map[Int(x)] : nil }
            map[i] = n.op.isLeaf ? (n.op == .input ? rest.input(n.inputIndex) : rest.constant(n.constantValue))
                : rest.apply(n.op, map[Int(n.a)], m(n.b), m(n.c))
            if let name = g.names[NodeID(i)] { rest.names.nameIfUnnamed(map[i], name, role: g.names.role(NodeID(i))) }
        }
        let simplifiedRest = rest.finish(outputs: g.outputs.map { map[Int($0)] }, outputNames: g.outputNames)
            .simplifiedWhole()

        // The prefix exactly as it was, then the simplified rest on top of it.
        let b = GraphBuilder(inputs: g.inputs, sourceRanges: [], reservingCapacity: g.count)
        var prefix = g
        prefix.nodes = Array(g.nodes[0..<k])
        prefix.origins = Array(g.origins[0..<k])
        prefix.outputs = []
        prefix.names = g.names.prefix(k)
        let prefixMap = b.copy(prefix)
        let exact = b.nodes.count
        let substitutes = g.inputs.indices.map { b.input($0) } + standIns.map { prefixMap[Int($0)] }
        let restMap = b.copy(simplifiedRest, inputs: substitutes, rewriting: false)
        return b.finishPruned(outputs: simplifiedRest.outputs.map { restMap[Int($0)] }, outputNames: g.outputNames,
                              exactPrefix: exact)
    }

    /// Two candidates, the graph with fewer operations kept: the passes' fixed point, and that
    /// of one expanding pass (`Simplifier.expanding`: every sum multiplied out in full, then
    /// factored) followed by the usual passes. Expanding is what SymPy's `diff` output gets
    /// from its own `expand` and common factors, and the product rule's nested sums are often
    /// longer (`x^3*exp(x)` at order 2: `t1 + (x + 3)*(t1 + 2*x*exp(x))` with
    /// `t1 = x^2*exp(x)`, 9 operations, against `x*exp(x)*(x^2 + 6*x + 6)`, 7).
    private func simplifiedWhole() -> Graph {
        var (g, fractionsOverDenominators) = Graph.fixedPoint(canonicallyOrdered())
        if g.count <= Graph.expansionLimit {
            var expanding = Simplifier(g, expanding: true)
            let expanded = expanding.run().canonicallyOrdered()
            // Where one expanding pass is longer, the passes after it have not made up for it
            // (on any program of the corpus, at orders 1 to 3): they are skipped, which halves
            // the cost of a candidate that loses.
            if expanded.operationCount <= g.operationCount {
                let (e, fractions) = Graph.fixedPoint(expanded)
                if e.operationCount < g.operationCount { (g, fractionsOverDenominators) = (e, fractions) }
            }
        }
        return Graph.lastPass(g, fractionsOverDenominators)
    }

    /// The simplified graph with its shared parts written out where they are used, so each
    /// merges with its user (an output among them is still an output), but for those in `kept`:
    /// with `P = 2*t*sin(y)`, `P*sin(y)` → `2*t*sin(y)^2`, and `2*x*(2*y*t)` → `4*x*y*t`. For
    /// printed formulas, where `kept` are the parts the printer names and the rest are written
    /// inline anyway: sharing them saves nothing in the text, and hides that like factors meet.
    /// The passes after the first, to the fixed point, write out the common starts of products
    /// but `kept` (followed from pass to pass): products built with a common start (`-g*m*n_0`
    /// and `-g*m*x` share the node `-g*m`) share it again after a pass, and an ordinary pass
    /// would keep that start as a factor of its own (`n_0*(-g*m)`). What else is shared after a
    /// pass stays shared. A graph with an exact prefix is returned as it is.
    package func writingOut(allBut kept: Set<NodeID>) -> Graph {
        guard exactPrefix == 0, !sharedParts.subtracting(kept).isEmpty else { return self }
        var g = self, kept = kept, fractionsOverDenominators = false
        for pass in 0..<Graph.maxPasses {
            var simplifier = Simplifier(g, writingOut: (pass == 0 ? g.sharedParts : g.commonStarts).subtracting(kept))
            let (next, newID) = simplifier.run().canonicallyOrderedWithIDs()
            fractionsOverDenominators = simplifier.wroteFractionOverDenominator
            kept = Set(kept.compactMap { old in
                let built = simplifier.builtAs[Int(old)]
                return built >= 0 && newID[Int(built)] >= 0 ? newID[Int(built)] : nil
            })
            if next.nodes == g.nodes, next.outputs == g.outputs { break }
            g = next
        }
        return Graph.lastPass(g, fractionsOverDenominators)
    }

    /// Nodes used more than once (an output counts as a use) whose operation merges with their
    /// users': terms into a sum, factors into a product.
    package var sharedParts: Set<NodeID> {
        let uses = useCounts
        var parts = Set<NodeID>()
        for (i, n) in nodes.enumerated() where uses[i] > 1 && Graph.mergingOps.contains(n.op) { parts.insert(NodeID(i)) }
        return parts
    }

    /// Products (`-g*m`, `x/y`) used more than once, each time as the first operand of a
    /// product: the common start of products built left to right (`-g*m*n_0`, `-g*m*x`).
    var commonStarts: Set<NodeID> {
        let uses = useCounts
        var starts = [Int32](repeating: 0, count: count)
        for n in nodes where n.op == .mul || n.op == .div { starts[Int(n.a)] += 1 }
        var parts = Set<NodeID>()
        for (i, n) in nodes.enumerated() where uses[i] > 1 && starts[i] == uses[i] && [.neg, .mul, .div].contains(n.op) {
            parts.insert(NodeID(i))
        }
        return parts
    }

    /// The operations whose operands merge with their users' (terms into a sum, factors into a product).
    private static let mergingOps: Set<Op> = [.add, .sub, .neg, .mul, .div, .pow]

    /// The pass after the fixed point: a short coefficient over a bare denominator as a decimal
    /// (`0.5/sqrt(u)`), where the last pass wrote a fraction there.
    private static func lastPass(_ g: Graph, _ fractionsOverDenominators: Bool) -> Graph {
        guard fractionsOverDenominators else { return g }
        var last = Simplifier(g, decimalOverDenominator: true)
        return last.run().canonicallyOrdered()
    }

    /// Passes until one changes nothing (at most `maxPasses`), and whether the last one wrote a
    /// fraction over a denominator.
    private static func fixedPoint(_ start: Graph) -> (Graph, fractionsOverDenominators: Bool) {
        var g = start
        var fractionsOverDenominators = false
        for _ in 0..<Graph.maxPasses {
            var pass = Simplifier(g)
            let next = pass.run().canonicallyOrdered()
            fractionsOverDenominators = pass.wroteFractionOverDenominator
            if next.nodes == g.nodes, next.outputs == g.outputs { break }
            g = next
        }
        return (g, fractionsOverDenominators)
    }

    /// The most nodes a graph may have for `simplified()` to try the expanding candidate: a
    /// formula someone reads, or a small gradient; past it the pass would double the time.
    package static let expansionLimit = 2_000

    /// Passes `simplified()` makes at most; one more than a pass that changes nothing is rare.
    static let maxPasses = 4
}

extension Graph {
    /// `transform` applied to each output on its own (the graph of that output alone), the
    /// results in one graph again, where equal parts are one node (hash-consing): what
    /// `transform` makes of an output then does not depend on the other outputs. Nil when that
    /// would cost too much (the outputs times the nodes past `Graph.simplificationLimit`: each
    /// output may need most of the graph), or the graph has an exact prefix.
    package func eachOutputAlone(_ transform: (Graph) -> Graph) -> Graph? {
        guard exactPrefix == 0, outputs.count * count <= Graph.simplificationLimit else { return nil }
        let b = GraphBuilder(inputs: inputs, reservingCapacity: count)
        b.standIns = standIns
        // This graph's named nodes first, so a part a transform leaves as the program wrote it
        // meets its own node (hash-consing) and keeps the program's name (`u`, `out_h1`);
        // what no output uses is pruned at the end.
        _ = b.copy(self, inputs: nil, rewriting: false)
        let results = outputs.indices.map { k -> NodeID in
            let alone = transform(selectingOutputs([k]))
            return b.copy(alone, inputs: nil, rewriting: false)[Int(alone.outputs[0])]
        }
        return b.finishPruned(outputs: results, outputNames: outputNames)
    }
}
