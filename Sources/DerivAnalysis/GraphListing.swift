@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
/// A graph as `deriv graph` and `deriv trace` show it: every input and operation with a name, its
/// instruction in IR form (`pow x, 2`) and its formula in deriv's syntax (`x^2`), both printed by
/// the shared `ExpressionPrinter` with one statement per operation and one `Naming`, so a value
/// has the same name in every column, in the SSA listing, the DOT drawing and the trace.
///
/// Constants are not values of their own: they are written inline where they are used.
package struct GraphListing {
    /// The graph, with each unnamed output node named after its output (`f`).
    package let graph: Graph
    /// The name of each input and operation; nil for constants.
    package let names: [String?]
    /// `op operand, operand` for operations; empty for leaves.
    package let instructions: [String]
    /// The operation in deriv's syntax over its operands' names (`a + b`); empty for leaves.
    package let formulas: [String]

    package init(_ graph: Graph) {
        let g = graph.namingOutputs()
        self.graph = g
        let naming = Naming(graph: g, reserved: [])
        let ir = ExpressionPrinter(graph: g, syntax: .ssa, policy: .everyOperation, naming: naming)
        let infix = ExpressionPrinter(graph: g, syntax: .deriv, policy: .everyOperation, naming: naming)
        var names = [String?](repeating: nil, count: g.count)
        var instructions = [String](repeating: "", count: g.count)
        var formulas = [String](repeating: "", count: g.count)
        for (s, t) in zip(ir.statements, infix.statements) {
            names[Int(s.node)] = ir.string(s.name)
            instructions[Int(s.node)] = ir.string(s.expression)
            formulas[Int(t.node)] = infix.string(t.expression)
        }
        for (i, n) in g.nodes.enumerated() where n.op == .input { names[i] = ir.naming.inputNames[n.inputIndex] }
        self.names = names
        self.instructions = instructions
        self.formulas = formulas
    }

    /// The nodes in the order the listings show them: the inputs first, in input order (the
    /// program's one order of inputs), then every other node in graph order. Still topological,
    /// as an input uses nothing; a graph meets its inputs where they are first used instead.
    package var listingOrder: [Int] {
        graph.inputNodes().compactMap { $0.map(Int.init) } + graph.nodes.indices.filter { graph.nodes[$0].op != .input }
    }

    /// `f(x, y)`, or `(f, g)(x, y)` for several outputs: how reports name the function.
    package static func signature(outputs: [String], inputs: [String]) -> String {
        let f = outputs.joined(separator: ", ")
        return (outputs.count == 1 ? f : "(" + f + ")") + "(" + inputs.joined(separator: ", ") + ")"
    }

    /// How node `id` appears as an operand: its name, or a constant's number.
    package func operand(_ id: NodeID) -> String {
        names[Int(id)] ?? LanguageSyntax.deriv.number(graph[id].constantValue).text
    }

    /// The formula of operation `id` with each operand replaced by its value at a point
    /// (`2.25 + 9.487735836358526`), spelled by deriv's syntax. A negative value after the first
    /// operand is parenthesized, as by hand: `5 * (-4)`, `-20 + (-2)`.
    package func formula(_ id: NodeID, substituting values: [Double]) -> String {
        var args: [Printed] = []
        graph[id].forEachArgument { k, a in
            let v = graph[a].op == .constant ? graph[a].constantValue : values[Int(a)]
            let negative = v < 0 || (v == 0 && v.sign == .minus)
            if !negative || k == 0 {
                args.append(graph[a].op == .constant ? LanguageSyntax.deriv.number(v)
                            : Printed(formatNumber(v), negative ? .unary : .atom))
            } else {
                args.append(Printed("(" + formatNumber(v) + ")", .atom))
            }
        }
        return LanguageSyntax.deriv.spell(graph[id].op, args).text
    }

    /// The local partial ∂(node `id`)/∂(argument `k`) as a formula over the operands' names and
    /// the node's own name (`0.5 / d` for `d = sqrt(c)`): the rule of `Op.partial`, built in a
    /// scratch graph (so constants fold and `x^1` becomes `x`) and printed inline. Nil where the
    /// partial is zero everywhere.
    package func partialFormula(_ id: NodeID, _ k: Int) -> String? {
        guard let scratch = scratchPartial(id, k) else { return nil }
        let printer = ExpressionPrinter(graph: scratch, syntax: .deriv, policy: .inline)
        return printer.string(printer.outputs[0])
    }

    /// The rule of `Op.partial` for ∂(node `id`)/∂(argument `k`) built in a scratch graph whose
    /// inputs are the node's operands, its one output the partial; nil where zero.
    private func scratchPartial(_ id: NodeID, _ k: Int) -> Graph? {
        let node = graph[id]
        var operandInputs: [NodeID: Int] = [:]
        var inputNames: [String] = []
        let b = GraphBuilder()
        func value(_ a: NodeID) -> NodeID {
            if graph[a].op == .constant { return b.constant(graph[a].constantValue) }
            if let i = operandInputs[a] { return b.input(i) }
            operandInputs[a] = inputNames.count
            inputNames.append(operand(a))
            return b.input(inputNames.count - 1)
        }
        // Constants first: commutative operands are ordered by creation, so `2 * x`, not `x * 2`.
        node.forEachArgument { _, a in if graph[a].op == .constant { _ = value(a) } }
        let x = value(node.a)
        let y = node.b >= 0 ? value(node.b) : nil
        let z = node.c >= 0 ? value(node.c) : nil
        let out = value(id)
        guard let p = node.op.partial(k, x, y, z, out: out, in: b) else { return nil }
        b.inputs = inputNames
        return b.finish(outputs: [p], outputNames: ["partial"])
    }

    /// The nodes that the first `count` outputs need (the function part of a derivative graph
    /// whose first outputs are the function's): one backward marking loop.
    package func needed(byFirstOutputs count: Int) -> [Bool] {
        var live = [Bool](repeating: false, count: graph.count)
        for o in graph.outputs.prefix(count) { live[Int(o)] = true }
        for i in stride(from: graph.count - 1, through: 0, by: -1) where live[i] {
            graph.nodes[i].forEachArgument { _, a in live[Int(a)] = true }
        }
        return live
    }
}

extension Graph {
    /// A copy in which every output node the program left unnamed is named after its output, so
    /// listings call the result `f` rather than `t6`. Inputs and constants keep their spelling.
    package func namingOutputs() -> Graph {
        var g = self
        for (o, name) in zip(outputs, outputNames) where g.names[o] == nil && !g[o].op.isLeaf {
            g.names[o] = name
        }
        return g
    }
}

extension LanguageSyntax {
    /// The instruction form of SSA listings: the operation's table name, then its operands
    /// (`pow x, 2`, `select t3, a, b`). Operands are always names or numbers, because listings
    /// bind every operation.
    package static let ssa = LanguageSyntax(
        name: "ssa",
        reserved: [],
        number: { v in
            if v.isNaN { return Printed("nan", .atom) }
            if v.isInfinite { return Printed(v > 0 ? "inf" : "-inf", .atom) }
            return Printed(decimal(v, forceFraction: false), .atom)
        },
        write: { op, a, w in
            let start = w.count
            w.append(string: op.info.name)
            for (k, operand) in a.enumerated() {
                w.append(k == 0 ? " " : ", ")
                w.append(copyOf: operand.range)
            }
            return w.span(from: start, .conditional)
        })
}

extension GraphListing {
    /// The numbered SSA listing, one line per operation in evaluation order:
    ///
    ///     # inputs: x; outputs: f; 6 operations
    ///        x = input
    ///     1  a = pow x, 2      # x^2
    ///     2  b = exp a         # exp(a)
    ///     …
    ///     output f
    ///
    /// Each line is `number  name = operation operands` and, after `#`, the same operation in
    /// deriv's syntax; with `values`, a last column `= value`. With `sweepNodes`, a `# reverse
    /// sweep` line starts each run of derivative nodes and `# function` each run of function nodes.
    /// Operations are numbered from 1 in order; names come from the program, then `t1`, `t2`, ….
    package func ssa(values: [Double]? = nil, sweepNodes: [Bool]? = nil) -> String {
        let g = graph
        var table = TextTable([.init("", .right), .init(""), .init(""), .init(""), .init("", .decimal)])
        table.showsHeader = false
        var number = 0
        var part: Bool?
        for i in listingOrder {
            let n = g.nodes[i]
            guard let name = names[i] else { continue }
            if let sweep = sweepNodes?[i], sweep != part {
                table.append([.init(""), .init(sweep ? "# reverse sweep" : "# function", .note)])
                part = sweep
            }
            let value: [TextTable.Cell] = values.map { [.init("="), .init(formatNumber($0[i]))] } ?? []
            if n.op == .input {
                table.append([.init(""), .init(name + " = input"), .init("")] + value)
            } else {
                number += 1
                table.append([.init(String(number)), .init(name + " = " + instructions[i]),
                              .init("# " + formulas[i], .formula)] + value)
            }
        }
        let operations = g.nodes.reduce(0) { $0 + ($1.op.isLeaf ? 0 : 1) }
        var out = "# inputs: \(g.inputs.joined(separator: ", ")); outputs: \(g.outputNames.joined(separator: ", "));"
            + " \(operations) operation\(operations == 1 ? "" : "s")\n"
        out += table.text(color: false, indent: "")
        for (o, outputName) in zip(g.outputs, g.outputNames) {
            let shown = operand(o)
            out += "output " + outputName + (shown == outputName ? "" : " = " + shown) + "\n"
        }
        return out
    }
}
