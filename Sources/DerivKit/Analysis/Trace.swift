/// The worked example of `deriv trace`: every value of the function at a point, then every
/// derivative of one sweep as a sum of "upstream × local" terms, the way seed 001 (equations
/// 5.123–5.142) and seed 003 ("downstream = local × upstream") write them out by hand.
///
/// - The **value sweep** evaluates each SSA value from the ones before it.
/// - A **reverse sweep** for output f visits the values in reverse order; the adjoint of v is
///   ∂f/∂v = Σ over the users u of v of ∂f/∂u · ∂u/∂v. One reverse sweep per output.
/// - A **forward sweep** for input x visits them in order; the tangent of v is
///   ∂v/∂x = Σ over the arguments u of v of ∂v/∂u · ∂u/∂x. One forward sweep per input.
///
/// The local partials come from `Op.partial`, the table both symbolic modes read, evaluated with
/// numbers; terms are added in the order `Reverse.adjoints` and `Forward.tangents` add them
/// (a reverse sweep meets the later user first), so every number equals, to the last bit, what
/// `deriv grad` computes. Values whose derivative is zero because no edge carries one (they do
/// not reach the output, or do not depend on the input) have no row.
public struct Trace {
    /// One value of the function: `c = a + b = 2.25 + 9.48… = 11.73…`.
    public struct Step {
        public let node: NodeID
        public let name: String
        /// The operation's table name, or `input`.
        public let operation: String
        /// The operation over its operands' names, in deriv's syntax (empty for an input).
        public let formula: String
        /// The same with the operands' values (empty for an input).
        public let substituted: String
        public let value: Double
    }

    /// One term of a chain-rule sum: the derivative carried along one edge, `upstream × local`.
    public struct Term {
        /// The other end of the edge: the user u (reverse) or the argument u (forward).
        public let via: String
        /// ∂f/∂u (reverse) or ∂u/∂x (forward).
        public let upstream: Double
        /// ∂u/∂v (reverse) or ∂v/∂u (forward) as a formula, and its value.
        public let localFormula: String
        public let local: Double
        /// local × upstream, as the sweep multiplies it.
        public let product: Double

        /// An adjoint or tangent, and whether it is a zero from a conditional's arm not taken,
        /// which stays zero times any local partial: the numbers the symbolic sweeps compute
        /// (`GraphBuilder.product`, where `p·(c ? y : 0)` is `c ? p·y : 0`).
        struct Number {
            var value: Double
            var untaken = false

            init(_ value: Double, untaken: Bool = false) {
                self.value = value
                self.untaken = untaken
            }

            /// local × upstream; an untaken zero when the local partial is one (`untakenArm`:
            /// `GraphListing.partialIsAZeroArm`) or the upstream is.
            static func product(_ local: Double, _ upstream: Number, untakenArm: Bool) -> Number {
                if untakenArm || upstream.untaken { return Number(0, untaken: true) }
                return Number(local * upstream.value)
            }

            static func + (a: Number, b: Number) -> Number {
                if a.untaken { return b }
                if b.untaken { return a }
                return Number(a.value + b.value)
            }
        }
    }

    /// One derivative: the seed (no terms), or the sum of its terms in the order the sweep adds them.
    public struct Derivative {
        public let node: NodeID
        public let name: String
        public let terms: [Term]
        public let value: Double
    }

    public struct Sweep {
        public let mode: Mode
        /// Reverse: the output being differentiated; forward: the input the tangents are taken
        /// with respect to.
        public let variable: String
        public let rows: [Derivative]
        /// Reverse: ∂f/∂x for each input asked for; forward: ∂f/∂x for each output f.
        public let results: [(name: String, value: Double)]
    }

    /// The point, as (input, value) in input order.
    public let point: [(name: String, value: Double)]
    public let outputs: [String]
    public let steps: [Step]
    public let sweeps: [Sweep]
    /// Domain warnings from evaluating the function at the point.
    public let warnings: [Diagnostic]

    /// - Parameters:
    ///   - at: one value per input of `graph`.
    ///   - mode: reverse gives one sweep per output; forward one per input in `wrt`.
    ///   - wrt: the inputs whose derivatives are reported (forward: swept).
    public init(_ graph: Graph, at values: [Double], mode: Mode, wrt: [Int]) {
        let listing = GraphListing(graph)
        let g = listing.graph
        let evaluation = Evaluator.evaluate(g, inputs: values)
        let v = evaluation.values
        point = g.inputs.enumerated().map { ($1, values[$0]) }
        outputs = g.outputNames
        warnings = evaluation.warnings

        var steps: [Step] = []
        for i in listing.listingOrder {
            let n = g.nodes[i]
            guard let name = listing.names[i] else { continue }
            let isInput = n.op == .input
            steps.append(Step(node: NodeID(i), name: name, operation: isInput ? "input" : n.op.info.name,
                              formula: isInput ? "" : listing.formulas[i],
                              substituted: isInput ? "" : listing.formula(NodeID(i), substituting: v), value: v[i]))
        }
        self.steps = steps

        let inputNodes = g.inputNodes()
        switch mode {
        case .reverse:
            sweeps = g.outputs.indices.map { k in
                let rows = Trace.reverseSweep(listing, v, output: g.outputs[k])
                let adjoint = Dictionary(uniqueKeysWithValues: rows.map { ($0.node, $0.value) })
                return Sweep(mode: .reverse, variable: g.outputNames[k], rows: rows,
                             results: wrt.map { x in (g.inputs[x], inputNodes[x].flatMap { adjoint[$0] } ?? 0) })
            }
        case .forward:
            sweeps = wrt.map { x in
                let rows = inputNodes[x].map { Trace.forwardSweep(listing, v, input: $0) } ?? []
                let tangent = Dictionary(uniqueKeysWithValues: rows.map { ($0.node, $0.value) })
                return Sweep(mode: .forward, variable: g.inputs[x], rows: rows,
                             results: zip(g.outputs, g.outputNames).map { ($1, tangent[$0] ?? 0) })
            }
        }
    }

    /// Adjoints from the output down, each complete when reached (its users come later).
    private static func reverseSweep(_ listing: GraphListing, _ v: [Double], output: NodeID) -> [Derivative] {
        let g = listing.graph
        var adjoint = [Term.Number?](repeating: nil, count: g.count)
        var terms = [[Term]](repeating: [], count: g.count)
        adjoint[Int(output)] = Term.Number(1)
        var rows: [Derivative] = []
        for i in stride(from: g.count - 1, through: 0, by: -1) {
            guard let bar = adjoint[i], let name = listing.names[i] else { continue }
            rows.append(Derivative(node: NodeID(i), name: name, terms: terms[i], value: bar.value))
            let user = NodeID(i)
            g.nodes[i].forEachArgument { k, arg in
                guard g[arg].op != .constant, let local = listing.partial(user, k, values: v) else { return }
                let product = Term.Number.product(local, bar, untakenArm: local == 0 && listing.partialIsAZeroArm(user, k, values: v))
                adjoint[Int(arg)] = adjoint[Int(arg)].map { $0 + product } ?? product
                terms[Int(arg)].append(Term(via: name, upstream: bar.value, localFormula: listing.partialFormula(user, k) ?? "0",
                                            local: local, product: product.value))
            }
        }
        return rows
    }

    /// Tangents from the input up; values that do not depend on it have none.
    private static func forwardSweep(_ listing: GraphListing, _ v: [Double], input: NodeID) -> [Derivative] {
        let g = listing.graph
        var tangent = [Term.Number?](repeating: nil, count: g.count)
        tangent[Int(input)] = Term.Number(1)
        var rows = [Derivative(node: input, name: listing.operand(input), terms: [], value: 1)]
        for i in Int(input) + 1 ..< g.count where !g.nodes[i].op.isLeaf {
            let id = NodeID(i)
            var sum: Term.Number?
            var terms: [Term] = []
            g.nodes[i].forEachArgument { k, arg in
                guard let dot = tangent[Int(arg)], let local = listing.partial(id, k, values: v) else { return }
                let product = Term.Number.product(local, dot, untakenArm: local == 0 && listing.partialIsAZeroArm(id, k, values: v))
                sum = sum.map { $0 + product } ?? product
                terms.append(Term(via: listing.operand(arg), upstream: dot.value, localFormula: listing.partialFormula(id, k) ?? "0",
                                  local: local, product: product.value))
            }
            if let sum {
                tangent[i] = sum
                rows.append(Derivative(node: id, name: listing.operand(id), terms: terms, value: sum.value))
            }
        }
        return rows
    }
}
