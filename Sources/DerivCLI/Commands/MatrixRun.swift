import DerivKit

/// `eval` and `grad` of a program over vectors and matrices (docs/MATRICES.md): the point's
/// values (`--at`, `--dims`) give the inputs' shapes, the program becomes a `MatrixGraph` for
/// them, and the graph (or its derivative graph) is run by `MatrixEvaluator`.
struct MatrixRun {
    let program: MatrixProgram
    let options: Options
    let console: Console

    init(_ program: MatrixProgram, _ options: Options, _ console: Console) throws {
        self.program = program
        self.options = options
        self.console = console
        if options.points != nil {
            throw UsageError("--points takes programs of scalars; give a vector or matrix program its values with --at")
        }
        if let of = options.of {
            if of.count > 1 { throw UsageError("a vector or matrix program has one output; choose it with --of") }
            if !program.assignedNames.contains(of[0]) {
                throw UsageError("--of names \(quote(of[0])), which the program does not assign"
                                 + (closestName(to: of[0], among: program.assignedNames).map { "; did you mean '\($0)'?" } ?? ""))
            }
        }
    }

    /// `deriv eval`: the value of the output.
    func eval() throws -> ExitStatus {
        let (graph, point) = try graphAtPoint()
        let value = MatrixEvaluator.evaluate(graph, inputs: point)[0]
        let layout = MatrixLayout(value.shape)
        if options.json {
            let v = layout.json(value)
            console.out(JSON.object([("value", v), ("values", .object([(outputName, v)]))]).rendered + "\n")
        } else {
            console.out(layout.text(value) + "\n")
        }
        return .success
    }

    /// `deriv grad`: the value of the scalar output and its gradient, in the shape of each input.
    func grad() throws -> ExitStatus {
        let (graph, point) = try graphAtPoint()
        let output = graph[graph.outputs[0]].shape
        guard output.isScalar else {
            let statement = program.ast.statements.last { options.of == nil || $0.target.map(program.ast.spelling) == options.of?[0] }
            throw Diagnostic.error("the gradient is of a scalar, and this output is \(output); reduce it, e.g. with sum(…) or norm2(…)",
                                   at: statement.map { program.ast.nodes[$0.root].range })
        }
        let wrt = try differentiationInputs()
        let value: Double
        let gradient: [Matrix]
        if options.mode == .forward {
            let sweeps = wrt.reduce(0) { $0 + graph.inputShapes[$1].count }
            try WorkLimits.checkForwardMode(sweeps: sweeps, entries: graph.nodes.reduce(0) { $0 + $1.shape.count })
            (value, gradient) = MatrixDerivatives.forwardGradient(graph, at: point, wrt: wrt)
        } else {
            let r = MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: wrt), inputs: point)
            (value, gradient) = (r[0].entries[0], Array(r.dropFirst()))
        }
        let names = wrt.map { program.inputs[$0] }
        let layouts = wrt.map { MatrixLayout(graph.inputShapes[$0], declared: program.declaredShapes[$0]) }
        if options.json {
            let members = names.indices.map { (names[$0], layouts[$0].json(gradient[$0])) }
            console.out(JSON.object([("value", .number(value)), ("gradient", .object(members))]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n"
            for k in names.indices {
                let label = "d/d\(names[k]) = "
                s += label + layouts[k].text(gradient[k], indent: label.count) + "\n"
            }
            console.out(s)
        }
        return .success
    }

    /// The name the output is known by: the name its statement assigns, else `f` (`out` when the program assigns `f`).
    private var outputName: String {
        if let of = options.of { return of[0] }
        return program.ast.statements.last?.target.map(program.ast.spelling) ?? (program.assignedNames.contains("f") ? "out" : "f")
    }

    /// The indices of the inputs of `--wrt` (default all).
    private func differentiationInputs() throws -> [Int] {
        guard let wrt = options.wrt else { return Array(program.inputs.indices) }
        return try wrt.map { name in
            guard let k = program.inputs.firstIndex(of: name) else {
                throw UsageError("--wrt names \(quote(name)), which is not an input of the program")
            }
            return k
        }
    }

    /// The program's graph for the values of `--at` (and the sizes of `--dims`), and those values in input order.
    private func graphAtPoint() throws -> (MatrixGraph, [Matrix]) {
        var values: [String: Matrix] = [:]
        if let at = options.at {
            for (name, v) in try at.matrixPairs(io: console.io) {
                if values.updateValue(v, forKey: name) != nil {
                    console.warn("\(quote(name)) is given more than once in \(at.option); the last value is used")
                }
            }
            for name in values.keys.sorted() where !program.inputs.contains(name) {
                console.warn("\(quote(name)) in \(at.option) is not an input of the program"
                             + (closestName(to: name, among: program.inputs).map { "; did you mean '\($0)'?" } ?? ""))
            }
        }
        let point = try program.inputs.indices.map { k -> Matrix in
            let name = program.inputs[k]
            guard let v = values[name] else {
                let example: String
                switch program.declaredShapes[k] {
                case .scalar: example = "1"
                case .vector: example = "[1,2]"
                case .matrix: example = "[[1,2],[3,4]]"
                }
                throw UsageError("no value for input \(quote(name)): add it to --at, e.g. --at \(name)=\(example)")
            }
            return v
        }
        let shapes = try program.shapes(given: values.mapValues(\.shape), dimensions: options.dims ?? [:])
        return (try program.graph(shapes: shapes, output: options.of?[0]), point)
    }
}
