@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
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
/// Trace is not a second engine: the numbers are those of the derivative graph `deriv grad`
/// evaluates (`deriv jacobian` for several outputs), built by the same sweeps
/// (`Derivatives.jacobianEntries`), which record each edge they visit (`SweepRecord`: the
/// node, the argument, the local partial and the contribution they built). Evaluating that
/// graph at the point gives every upstream, local partial, term and sum, so every number is,
/// to the last bit, what `deriv grad` computes, and a term is formed as the sweep forms it
/// (q/d for a partial 1/d; 0 from a conditional's arm not taken). Values whose derivative is
/// zero because no edge carries one (they do not reach the output, or do not depend on the
/// input) have no row.
package struct Trace {
    /// One value of the function: `c = a + b = 2.25 + 9.48… = 11.73…`.
    package struct Step {
        package let node: NodeID
        package let name: String
        /// The operation's table name, or `input`.
        package let operation: String
        /// The operation over its operands' names, in deriv's syntax (empty for an input).
        package let formula: String
        /// The same with the operands' values (empty for an input).
        package let substituted: String
        package let value: Double
    }

    /// One term of a chain-rule sum: the derivative carried along one edge, `upstream × local`.
    package struct Term {
        /// The other end of the edge: the user u (reverse) or the argument u (forward).
        package let via: String
        /// The edge: its head (the user) and which of the head's arguments it comes from.
        package let user: NodeID
        package let argument: Int
        /// ∂f/∂u (reverse) or ∂u/∂x (forward).
        package let upstream: Double
        /// ∂u/∂v (reverse) or ∂v/∂u (forward) as a formula, and its value.
        package let localFormula: String
        package let local: Double
        /// local × upstream, as the sweep builds it: q/d where the local partial is 1/d, and 0
        /// for a term entering a conditional's arm not taken (`GraphBuilder.product`).
        package let product: Double
    }

    /// One derivative: the seed (no terms), or the sum of its terms in the order the sweep adds them.
    package struct Derivative {
        package let node: NodeID
        package let name: String
        package let terms: [Term]
        package let value: Double
    }

    package struct Sweep {
        package let mode: Mode
        /// Reverse: the output being differentiated; forward: the input the tangents are taken
        /// with respect to.
        package let variable: String
        package let rows: [Derivative]
        /// The terms in the order the sweep formed them: (row, term within the row).
        package let order: [(row: Int, term: Int)]
        /// Reverse: ∂f/∂x for each input asked for; forward: ∂f/∂x for each output f.
        package let results: [(name: String, value: Double)]
    }

    /// The point, as (input, value) in input order.
    package let point: [(name: String, value: Double)]
    package let outputs: [String]
    package let steps: [Step]
    package let sweeps: [Sweep]
    /// Domain warnings from evaluating the function at the point.
    package let warnings: [Diagnostic]

    /// - Parameters:
    ///   - at: one value per input of `graph`.
    ///   - mode: reverse gives one sweep per output; forward one per input in `wrt`.
    ///   - wrt: the inputs whose derivatives are reported (forward: swept).
    package init(_ graph: Graph, at values: [Double], mode: Mode, wrt: [Int]) {
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

        // The derivative graph of `deriv grad` (`deriv jacobian` for several outputs), built by
        // the same sweeps, which record what they build; its values are every derivative number.
        let b = GraphBuilder(extending: g)
        var records: [SweepRecord] = []
        _ = Derivatives.jacobianEntries(g, outputs: g.outputs, wrt: wrt, mode: mode, into: b) { records.append($0) }
        let numbers = Evaluator.evaluate(b.finish(outputs: [], outputNames: []), inputs: values).values
        let inputNodes = g.inputNodes()
        switch mode {
        case .reverse:
            sweeps = zip(records, g.outputNames).map { record, f in
                let adjoint = Dictionary(uniqueKeysWithValues: record.derivatives.map { ($0.node, Trace.value($0.term, numbers)) })
                let (rows, order) = Trace.rows(record, listing, numbers)
                return Sweep(mode: .reverse, variable: f, rows: rows, order: order,
                             results: wrt.map { x in (g.inputs[x], inputNodes[x].flatMap { adjoint[$0] } ?? 0) })
            }
        case .forward:
            sweeps = zip(records, wrt).map { record, x in
                let tangent = Dictionary(uniqueKeysWithValues: record.derivatives.map { ($0.node, Trace.value($0.term, numbers)) })
                let (rows, order) = Trace.rows(record, listing, numbers)
                return Sweep(mode: .forward, variable: g.inputs[x], rows: rows, order: order,
                             results: zip(g.outputs, g.outputNames).map { ($1, tangent[$0] ?? 0) })
            }
        }
    }

    /// The rows of one sweep, from its record: a reverse sweep's from the output down (each
    /// adjoint complete when reached, its users being later), a forward sweep's from the input
    /// up; each derivative's terms in the order the sweep added them. And the order of the terms
    /// over all rows: the order of the record's steps.
    private static func rows(_ record: SweepRecord, _ listing: GraphListing, _ numbers: [Double])
        -> ([Derivative], [(row: Int, term: Int)]) {
        let reverse = record.mode == .reverse
        var terms = [[Term]](repeating: [], count: listing.graph.count)
        var visits: [(node: NodeID, term: Int)] = []
        for step in record.steps {
            let (node, via) = reverse ? (step.operand, step.user) : (step.user, step.operand)
            visits.append((node, terms[Int(node)].count))
            terms[Int(node)].append(Term(via: listing.operand(via), user: step.user, argument: step.argument,
                                         upstream: value(step.upstream, numbers),
                                         localFormula: listing.partialFormula(step.user, step.argument) ?? "0",
                                         local: numbers[Int(step.partial)], product: value(step.contribution, numbers)))
        }
        let reached = record.derivatives.sorted { reverse ? $0.node > $1.node : $0.node < $1.node }
        let rows = reached.compactMap { node, term in
            listing.names[Int(node)].map { Derivative(node: node, name: $0, terms: terms[Int(node)], value: value(term, numbers)) }
        }
        var rowOf = [Int](repeating: -1, count: listing.graph.count)
        for (r, row) in rows.enumerated() { rowOf[Int(row.node)] = r }
        return (rows, visits.compactMap { rowOf[Int($0.node)] < 0 ? nil : (rowOf[Int($0.node)], $0.term) })
    }

    /// The value of a term of the derivative graph: its node's, negated when the term is negative.
    private static func value(_ term: SignedTerm, _ numbers: [Double]) -> Double {
        term.negative ? -numbers[Int(term.node)] : numbers[Int(term.node)]
    }
}
