@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit

/// `deriv graph` of a vector or matrix program (docs/MATRICES.md, docs/PICTURES.md): the
/// listing, or with `--format svg`, `--format dot` or `--json` the picture of the matrix graph,
/// one node per matrix operation with its shape (`MatrixPicture`). `--grad` draws the
/// reverse-mode gradient graph, its sweep's nodes marked; `--at` adds each node's value.
extension MatrixRun {
    func graph() throws -> ExitStatus {
        let values = try givenValues()
        let shapes = try program.shapes(given: values.mapValues(\.shape), dimensions: options.dims ?? [:])
        let graph = try program.graph(shapes: shapes, output: options.of?[0])
        let format = options.graphFormat ?? .ssa
        var labels = [outputName]
        var sweep: MatrixSweep?
        if options.grad {
            try checkScalarOutput(graph)
            let wrt = try differentiationInputs()
            labels += wrt.map { "d\(outputName)/d\(program.inputs[$0])" }
            sweep = MatrixDerivatives.gradientSweep(graph, wrt: wrt)
        }
        let drawnGraph = sweep?.graph ?? graph
        if format == .ssa && !options.json {
            console.out(MatrixListing(drawnGraph).text(outputLabels: labels, sweepAfter: sweep == nil ? nil : 1))
            return .success
        }
        let picture = MatrixPicture(drawnGraph, outputLabels: labels, sweep: sweep)
        if format == .svg { try GraphCommand.checkPictureSize(drawn: picture.drawnNodes.count, format: "svg") }
        let point = try options.at.map { _ in try self.point(values) }
        let nodeValues = point.map { picture.values(at: $0) }
        switch format {
        case .svg:
            let svg = picture.svg { i in
                nodeValues.map { MatrixPicture.valueLines($0[i]!).map { GraphSVG.Line($0, .value) } } ?? []
            }
            console.out(svg.svg())
        case .dot:
            console.out(picture.dot(values: nodeValues))
        case .ssa:
            // Without --grad, each node's adjoint at the point, from the one gradient graph, as a program of scalars gives it.
            let adjoints = point.flatMap { p in
                sweep == nil && graph[graph.outputs[0]].shape.isScalar ? adjointValues(graph, at: p) : nil
            }
            console.out(json(picture, values: nodeValues, adjoints: adjoints).rendered + "\n")
        }
        return .success
    }

    /// The adjoint of each node of `graph` at `point` (zeros where none flows), from one evaluation
    /// of the reverse-mode gradient graph.
    private func adjointValues(_ graph: MatrixGraph, at point: [Matrix]) -> [Matrix] {
        let sweep = MatrixDerivatives.gradientSweep(graph, wrt: [])
        var g = sweep.graph
        let reached = (0..<graph.count).filter { sweep.adjoints[$0] != nil }
        g.outputs = reached.map { sweep.adjoints[$0]! }
        var adjoints = graph.nodes.map { Matrix($0.shape, [Double](repeating: 0, count: $0.shape.count)) }
        for (i, m) in zip(reached, MatrixEvaluator.evaluate(g, inputs: point)) { adjoints[i] = m }
        return adjoints
    }

    /// The JSON of a program of scalars' `graph --json` (`inputs`, `outputs`, `nodes`,
    /// `outputNodes`), each node with its `"shape": [rows, columns]` too; `"value"` and
    /// `"adjoint"` in the node's shape (a number, an array, an array of rows), scalar constants
    /// as numbers among `args`.
    private func json(_ picture: MatrixPicture, values: [Matrix?]?, adjoints: [Matrix]?) -> JSON {
        let g = picture.graph
        func operand(_ i: Int) -> JSON {
            if case .constant(let k) = g[i].operation, g[i].shape.isScalar { return .number(g.constants[k][0]) }
            return .string(picture.names[i])
        }
        let nodes = picture.drawnNodes.map { i -> JSON in
            let shape = g[i].shape
            var members: [(String, JSON)] = [
                ("name", .string(picture.names[i])), ("op", .string(picture.operation(i))),
                ("args", .array(g[i].arguments.map(operand))), ("formula", .string(g.formula(i, picture.names))),
                ("shape", .array([.number(Double(shape.rows)), .number(Double(shape.columns))])),
            ]
            if let v = values?[i] { members.append(("value", MatrixLayout(shape).json(v))) }
            if let adjoints { members.append(("adjoint", .object([(outputName, MatrixLayout(shape).json(adjoints[i]))]))) }
            if let sweep = picture.sweep { members.append(("sweep", .bool(sweep[i]))) }
            return .object(members)
        }
        return .object([("inputs", .strings(g.inputNames)), ("outputs", .strings(picture.outputLabels)), ("nodes", .array(nodes)),
                        ("outputNodes", .byName(picture.outputLabels, g.outputs.map(operand)))])
    }
}
