@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit

/// `deriv graph PROGRAM`: the SSA graph as a numbered listing (`--format ssa`, the default) or
/// as Graphviz DOT (`--format dot`). `--at` adds each value (and, in DOT, the value and local
/// partial on each edge); `--grad` shows the reverse-mode gradient graph instead, its derivative
/// nodes marked. `--json` gives the nodes, with their values and adjoints at `--at`. A vector or
/// matrix program's graph is drawn by `MatrixRun.graph` (MatrixGraphPicture.swift).
enum GraphCommand: Command {
    enum Format: String, CaseIterable { case ssa, dot, svg }

    static let name = "graph"
    static let summary = "the SSA graph: --format ssa|dot|svg, values with --at, the adjoint graph with --grad"
    static let options: [Option] = [.graphFormat, .at, .grad, .wrt, .of, .dims, .json]

    static func validate(_ options: Options) throws {
        try options.checkJSON(against: options.graphFormat)
    }

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).graph()
        case .scalar(let s): p = s
        }
        // A matrix program's --grad draws its gradient graph, which needs no point.
        if options.graphFormat == .svg, options.grad, options.at == nil {
            throw UsageError("--format svg --grad writes each node's adjoint, a number: give the point with --at")
        }
        let gradient = options.grad
        if gradient, p.graph.outputs.count != 1 {
            throw UsageError("--grad draws the gradient of one output; choose it with --of")
        }
        let check = InputCheck(p, console)
        let format = options.graphFormat ?? .ssa
        if format == .svg { return try svg(p, check, options, console) }
        let listing = GraphListing(gradient ? Derivatives.gradient(p.graph, wrt: check.differentiationInputs(options.wrt)).simplified()
                                            : p.graph)
        // In the gradient graph, what the function's value does not need is the reverse sweep.
        let sweepNodes = gradient ? listing.needed(byFirstOutputs: 1).map { !$0 } : nil
        let point = try options.at.map { try check.point($0) }
        var values: [Double]?
        if let point {
            let evaluation = Evaluator.evaluate(listing.graph, inputs: point)
            console.report(evaluation.warnings)
            values = evaluation.values
        }
        if options.json {
            // Adjoints belong to the function's graph; the gradient graph holds them as values.
            let trace = point.flatMap { gradient ? nil : Trace(p.graph, at: $0, mode: .reverse, wrt: []) }
            console.out(json(listing, values: values, sweepNodes: sweepNodes, trace: trace).rendered + "\n")
            return .success
        }
        console.out(format == .dot ? DOTWriter(listing, values: values, sweepNodes: sweepNodes).text
                                   : listing.ssa(values: values, sweepNodes: sweepNodes))
        return .success
    }

    /// The function's graph as SVG (docs/PICTURES.md): with `--at` each node's value and each edge's
    /// local partial as the sweeps build it (`LocalPartials`); with `--grad` also each node's
    /// adjoint, read from the reverse sweep's record as `deriv trace` reads it (`Trace`).
    static func svg(_ p: Program, _ check: InputCheck, _ options: Options, _ console: Console) throws -> ExitStatus {
        let listing = GraphListing(p.graph)
        try checkPictureSize(p.graph, format: "svg")
        guard let point = try options.at.map({ try check.point($0) }) else {
            console.out(GraphSVG(listing).svg())
            return .success
        }
        let values = Evaluator.evaluate(listing.graph, inputs: point)
        console.report(values.warnings)
        var adjoint: [Double?] = []
        if options.grad {
            adjoint = [Double?](repeating: nil, count: listing.graph.count)
            for row in Trace(p.graph, at: point, mode: .reverse, wrt: []).sweeps[0].rows { adjoint[Int(row.node)] = row.value }
        }
        let f = listing.graph.outputNames[0]
        let partials = LocalPartials(listing.graph, at: point)
        let picture = GraphSVG(listing, lines: { v in
            var lines = [GraphSVG.Line("value " + formatNumber(values.values[Int(v)]), .value)]
            if options.grad {
                lines.append(.init("∂\(f)/∂\(listing.operand(v)) = " + formatNumber(adjoint[Int(v)] ?? 0), .derivative))
            }
            return lines
        }, label: { head, k, tail in
            .init("∂" + listing.operand(head) + "/∂" + listing.operand(tail) + " = " + formatNumber(partials[head, argument: k] ?? 0), .formula)
        })
        console.out(picture.svg())
        return .success
    }

    /// A picture past `GraphSVG.nodeLimit` nodes is a usage error that suggests drawing part of it.
    static func checkPictureSize(_ graph: Graph, format: String) throws {
        try checkPictureSize(drawn: GraphSVG.drawnNodes(graph), format: format)
    }

    static func checkPictureSize(drawn: Int, format: String) throws {
        if drawn > GraphSVG.nodeLimit {
            throw UsageError("--format \(format) draws up to \(GraphSVG.nodeLimit) nodes and this graph has \(drawn); draw part of it with --of")
        }
    }

    /// `{"inputs", "outputs", "nodes": [node…], "outputNodes": {"f": name or number}}`, the nodes in
    /// evaluation order as the SSA listing numbers them, each `{"name", "op", "args", "formula"}`
    /// (`args`: names, constants as numbers), with `"value"` and `"adjoint": {"f": ∂f/∂node}` at
    /// `--at`, and `"sweep"` (a node of the reverse sweep) with `--grad`.
    static func json(_ listing: GraphListing, values: [Double]?, sweepNodes: [Bool]?, trace: Trace?) -> JSON {
        let g = listing.graph
        func operand(_ id: NodeID) -> JSON {
            g[id].op == .constant ? .number(g[id].constantValue) : .string(listing.operand(id))
        }
        var adjoints: [[JSON]] = []
        if let trace {
            for sweep in trace.sweeps {
                var a = [JSON](repeating: .number(0), count: g.count)
                for row in sweep.rows { a[Int(row.node)] = .number(row.value) }
                adjoints.append(a)
            }
        }
        var nodes: [JSON] = []
        for (i, n) in g.nodes.enumerated() {
            guard let name = listing.names[i] else { continue }
            var args: [JSON] = []
            n.forEachArgument { _, a in args.append(operand(a)) }
            var members: [(String, JSON)] = [("name", .string(name)), ("op", .string(n.op == .input ? "input" : n.op.info.name)),
                                             ("args", .array(args)), ("formula", .string(listing.formulas[i]))]
            if let values { members.append(("value", .number(values[i]))) }
            if trace != nil { members.append(("adjoint", .byName(g.outputNames, adjoints.map { $0[i] }))) }
            if let sweepNodes { members.append(("sweep", .bool(sweepNodes[i]))) }
            nodes.append(.object(members))
        }
        return .object([("inputs", .strings(g.inputs)), ("outputs", .strings(g.outputNames)), ("nodes", .array(nodes)),
                        ("outputNodes", .byName(g.outputNames, g.outputs.map(operand)))])
    }
}
