@_spi(DerivCore) import DerivCore
/// The one walker that prints a graph in any language (`LanguageSyntax`): it decides which
/// nodes become named temporaries and which are written inline inside their single user, and
/// produces straight-line statements in topological order, then the outputs' expressions, all
/// written into one `TextBuffer` (each operation's text after its operands', copying them), of
/// which statements and outputs are spans.
///
/// A node is bound to a name when it is used more than once (so shared work is done once), when
/// the program named it, when it is an output used elsewhere, or when inlining it would nest
/// expressions deeper than `maxInlineDepth` (so a million-term sum never becomes one line).
/// `BindingPolicy.everyOperation` binds every operation, for SSA listings; `.compact` binds a
/// shared node only where naming it makes the text shorter, for formulas people read.
package struct ExpressionPrinter {
    package enum BindingPolicy: Sendable {
        /// Inline single-use nodes up to a depth; bind shared and named ones.
        case readable(maxInlineDepth: Int)
        /// One statement per operation.
        case everyOperation
        /// Everything inline (may repeat shared work in the text, never in the graph).
        case inline
        /// Bind a node used more than once only where naming it makes the text shorter (its uses
        /// written as the name, plus one definition, against its text at every use); break
        /// nesting deeper than `maxInlineDepth`. Program names are kept for what is bound.
        case compact(maxInlineDepth: Int)
        /// Bind exactly these nodes: another printer's decisions (`statements`), so that two
        /// languages name the same parts.
        case nodes(Set<NodeID>)
    }

    /// One `name = expression` line of straight-line code: where its name (as the syntax writes
    /// it) and its expression are in `text`.
    package struct Statement {
        package let node: NodeID
        package let name: Span
        package let expression: Span
    }

    package let graph: Graph
    package let syntax: LanguageSyntax
    package private(set) var naming: Naming
    /// Every expression printed, the statements' and the outputs' among them.
    package private(set) var text: TextBuffer
    /// The statements, in an order where every name is defined before it is used.
    package private(set) var statements: [Statement] = []
    /// The expression of each output, referring to statement names.
    package private(set) var outputs: [Span] = []

    package init(graph: Graph, syntax: LanguageSyntax, policy: BindingPolicy = .readable(maxInlineDepth: 12),
                naming: Naming? = nil) {
        self.init(graph: graph, syntax: syntax, policy: policy, naming: naming, spans: PackedSpans.self)
    }

    /// The printer, keeping where each node's text is in a table of type `Spans` (`SpanTable`).
    init<Spans: SpanTable>(graph: Graph, syntax: LanguageSyntax, policy: BindingPolicy, naming: Naming?,
                           spans: Spans.Type) {
        self.graph = graph
        self.syntax = syntax
        self.naming = naming ?? Naming(graph: graph, reserved: syntax.reserved)
        text = TextBuffer(capacity: 32 * graph.count)
        text.populateAhead()
        var bound = ExpressionPrinter.bindings(graph, policy, squareRepeatsBase: syntax.squareRepeatsBase)
        var printed = Spans(count: graph.count)
        statements.reserveCapacity(bound.reduce(0) { $0 + ($1 ? 1 : 0) })
        populateAhead(&statements)
        // For `.compact`: uses, uses as an output, and inline nesting depth of each node.
        var compactDepth: Int32?
        var uses: [Int32] = [], outputUses: [Int32] = [], depth: [Int32] = []
        if case .compact(let maxDepth) = policy {
            compactDepth = Int32(maxDepth)
            uses = graph.useCounts
            outputUses = [Int32](repeating: 0, count: graph.count)
            for o in graph.outputs { outputUses[Int(o)] += 1 }
            depth = [Int32](repeating: 0, count: graph.count)
        }
        var args: [Span] = []  // one buffer, reused for every operation's arguments
        for i in 0..<graph.count {
            if i % PackedSpans.readAhead == 0 { printed.readAhead(graph.nodes, from: i, text) }
            let n = graph.nodes[i]
            let span: Span
            switch n.op {
            case .input: span = writeName(NodeID(i))
            case .constant: span = text.append(syntax.number(n.constantValue))
            default:
                args.removeAll(keepingCapacity: true)
                n.forEachArgument { _, a in args.append(printed[Int(a)]) }
                span = syntax.write(n.op, args, &text)
            }
            if let maxDepth = compactDepth, !n.op.isLeaf {
                var d: Int32 = 0
                n.forEachArgument { _, a in d = Swift.max(d, depth[Int(a)]) }
                var bind = d + 1 > maxDepth
                let uses = Int(uses[i]), asOutput = Int(outputUses[i])
                if uses > 1, !bind {
                    // Written inline: the text at each use, in parentheses inside other expressions.
                    // Named: the name at each use, plus `name = text; `.
                    let name = self.naming.prospectiveName(of: NodeID(i), in: graph).utf8.count
                    let length = span.count
                    let inside = length + (span.precedence < .power ? 2 : 0)
                    bind = (uses + 1) * name + length + 5 < (uses - asOutput) * inside + asOutput * length
                }
                bound[i] = bind
                depth[i] = bind ? 0 : d + 1
            }
            if bound[i] {
                let name = writeName(NodeID(i))
                statements.append(Statement(node: NodeID(i), name: name, expression: span))
                printed[i] = name
            } else {
                printed[i] = span
            }
        }
        outputs = graph.outputs.map { printed[Int($0)] }
    }

    /// Writes the name of node `id` as the syntax spells it.
    private mutating func writeName(_ id: NodeID) -> Span {
        let start = text.count
        if let identifier = syntax.identifier {
            // The role describes the graph's name; a name made unique (`c_bar_`) is only text.
            let name = naming.name(of: id, in: graph)
            text.append(string: identifier(name, name == graph.names[id] ? graph.names.role(id) : .value))
        } else {
            naming.write(id, in: graph, to: &text)
        }
        return text.span(from: start, .atom)
    }

    /// The text of `span`.
    package func string(_ span: Span) -> String { text.string(span.range) }

    /// The characters of the statements (names and expressions) and of the outputs' expressions.
    package var textLength: Int {
        statements.reduce(0) { $0 + $1.name.count + $1.expression.count } + outputs.reduce(0) { $0 + $1.count }
    }

    /// Which nodes get a name under `policy`: one pass counting uses, one computing depths.
    /// With `squareRepeatsBase`, the base of `x^2` counts as used twice (it is written twice).
    static func bindings(_ g: Graph, _ policy: BindingPolicy, squareRepeatsBase: Bool = false) -> [Bool] {
        var bound = [Bool](repeating: false, count: g.count)
        switch policy {
        case .inline, .compact:
            return bound
        case .nodes(let chosen):
            for id in chosen { bound[Int(id)] = true }
            return bound
        case .everyOperation:
            for i in 0..<g.count where !g.nodes[i].op.isLeaf { bound[i] = true }
            return bound
        case .readable(let maxDepth):
            var uses = g.useCounts
            if squareRepeatsBase {
                for n in g.nodes where n.op == .pow && g[n.b].op == .constant && g[n.b].constantValue == Double(Op.squareExponent) {
                    uses[Int(n.a)] += 1
                }
            }
            var depth = [Int32](repeating: 0, count: g.count)
            for i in 0..<g.count {
                let n = g.nodes[i]
                if n.op.isLeaf { continue }
                var d: Int32 = 0
                n.forEachArgument { _, a in d = Swift.max(d, bound[Int(a)] ? 0 : depth[Int(a)]) }
                depth[i] = d + 1
                if uses[i] > 1 || g.names[NodeID(i)] != nil || depth[i] > maxDepth {
                    bound[i] = true
                    depth[i] = 0
                }
            }
            // An output used only as an output is printed as its expression, not bound.
            for o in g.outputs where uses[Int(o)] == 1 && g.names[o] == nil { bound[Int(o)] = false }
            return bound
        }
    }}
