@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit

/// The commands that take a program over vectors and matrices (docs/MATRICES.md): `eval`,
/// `grad`, `check`, `hvp`, `hessian --at`, `jacobian --at`, `diff` and `graph`. The point's values (`--at`) and
/// `--dims` give the inputs' shapes, the program becomes a `MatrixGraph` for them, and the graph
/// or its derivative graph is run by `MatrixEvaluator`, printed (`MatrixFormulas`) or listed.
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
        if let of = options.of, of.count > 1 {
            throw UsageError("a vector or matrix program has one output; choose it with --of")
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
        try checkScalarOutput(graph)
        let wrt = try differentiationInputs()
        let value: Double
        let gradient: [Matrix]
        if options.mode == .forward {
            // Forward mode: the Jacobian of the scalar output, one row, a sweep per entry of the inputs.
            try checkForwardWork(graph, wrt)
            let (v, rows) = MatrixDerivatives.jacobian(graph, at: point, wrt: wrt, mode: .forward)
            (value, gradient) = (v.entries[0], zip(rows, wrt).map { Matrix(graph.inputShapes[$1], $0.entries) })
        } else {
            let r = MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: wrt), inputs: point)
            (value, gradient) = (r[0].entries[0], Array(r.dropFirst()))
        }
        let inputs = Labelled(self, graph, wrt)
        if options.json {
            console.out(JSON.object([("value", .number(value)), ("gradient", inputs.json(gradient))]).rendered + "\n")
        } else {
            console.out("value = \(formatNumber(value))\n" + inputs.text(gradient) { "d/d\($0)" })
        }
        return .success
    }

    /// `deriv check`: the reverse-mode gradient against central differences, entry by entry
    /// (`CheckCommand` words the verdict).
    func check() throws -> ExitStatus {
        let (graph, point) = try graphAtPoint()
        try checkScalarOutput(graph)
        let wrt = try differentiationInputs()
        let sweeps = 2 * wrt.reduce(0) { $0 + graph.inputShapes[$1].count }
        let work = sweeps.multipliedReportingOverflow(by: graph.nodes.reduce(0) { $0 + $1.shape.count })
        if work.overflow || work.partialValue > WorkLimits.forwardModeWork {
            throw UsageError("central differences take two evaluations per entry of the inputs: \(sweeps) evaluations is more "
                             + "than deriv does (10^9 entries computed); choose fewer inputs with --wrt")
        }
        let r = MatrixEvaluator.evaluate(MatrixDerivatives.gradient(graph, wrt: wrt), inputs: point)
        let value = r[0].entries[0]
        var names: [String] = [], ad: [Double] = [], fd: [Double] = []
        var differences: [Matrix] = []
        for (j, k) in wrt.enumerated() {
            let shape = graph.inputShapes[k]
            var entries: [Double] = []
            for e in 0..<shape.count {
                let d = CheckCommand.centralDifference(at: point[k].entries[e]) { x in
                    var p = point
                    p[k].entries[e] = x
                    return MatrixEvaluator.evaluate(graph, inputs: p)[0].entries[0]
                }
                entries.append(d)
            }
            names += entryLabels(graph, [k]).map { "d/d" + $0 }
            ad += r[j + 1].entries
            fd += entries
            differences.append(Matrix(shape, entries))
        }
        let inputs = Labelled(self, graph, wrt)
        CheckCommand.write(value: value, names: names, ad: ad, fd: fd, json: (inputs.json(Array(r.dropFirst())), inputs.json(differences)),
                           options, console)
        return .success
    }

    /// `deriv hvp`: the value, the gradient and the Hessian-vector product H·v along `--v`, by
    /// forward mode over the reverse-mode gradient graph, each in its input's shape.
    func hvp() throws -> ExitStatus {
        let (graph, point) = try graphAtPoint()
        try checkScalarOutput(graph)
        let wrt = try differentiationInputs()
        guard let v = options.direction else {
            throw UsageError("give a direction with --v, e.g. --v \(program.inputs[wrt.first ?? 0])=…, in the input's shape")
        }
        var direction = graph.inputShapes.map { Matrix($0, [Double](repeating: 0, count: $0.count)) }
        for (name, m) in try v.matrixPairs(io: console.io) {
            guard let k = program.inputs.firstIndex(of: name), wrt.contains(k) else {
                console.warn("\(quote(name)) in --v is not among the inputs differentiated; it is not used")
                continue
            }
            guard m.shape == graph.inputShapes[k] else {
                throw UsageError("\(quote(name)) is \(graph.inputShapes[k]), but its direction in --v is \(m.shape)")
            }
            direction[k] = m
        }
        let h = MatrixDerivatives.jvp(MatrixDerivatives.gradient(graph, wrt: wrt))
        let r = MatrixEvaluator.evaluate(h, inputs: point + direction)
        // The outputs: the value and the gradient, then their tangents along v.
        let n = wrt.count
        let (value, gradient, product) = (r[0].entries[0], Array(r[1...n]), Array(r[(n + 2)...]))
        let inputs = Labelled(self, graph, wrt)
        if options.json {
            console.out(JSON.object([("value", .number(value)), ("gradient", inputs.json(gradient)), ("hvp", inputs.json(product))]).rendered + "\n")
        } else {
            console.out("value = \(formatNumber(value))\n" + inputs.text(gradient) { "d/d\($0)" } + inputs.text(product) { "(H*v)[\($0)]" })
        }
        return .success
    }

    /// `deriv hessian --at`: the value, the gradient (in the inputs' shapes) and the Hessian with
    /// respect to the entries of the inputs (row by row, inputs in order), by forward mode over
    /// the reverse-mode gradient graph, one sweep per entry. Text lists the upper triangle by
    /// entry (`d^2/dA[1, 2]dx[1] = …`); JSON the whole matrix, with the entries as `"inputs"`.
    func hessian() throws -> ExitStatus {
        guard options.at != nil else {
            throw UsageError("the Hessian of a vector or matrix program is given at a point only, for now: add --at with a value for each input")
        }
        if options.formulaFormat != nil || options.inline {
            throw UsageError("the Hessian of a vector or matrix program is numbers at a point: give neither --format nor --inline")
        }
        let (graph, point) = try graphAtPoint()
        try checkScalarOutput(graph)
        let wrt = try differentiationInputs()
        let labels = entryLabels(graph, wrt)
        let entries = labels.count.multipliedReportingOverflow(by: labels.count)
        if entries.overflow || entries.partialValue > WorkLimits.hessianEntries {
            throw UsageError("the Hessian has \(labels.count) x \(labels.count) entries, more than deriv writes (10^7); choose fewer inputs with --wrt")
        }
        try checkForwardWork(graph, wrt)
        let (value, gradient, h) = MatrixDerivatives.hessian(graph, at: point, wrt: wrt)
        let inputs = Labelled(self, graph, wrt)
        if options.json {
            console.out(JSON.object([("inputs", .strings(labels)), ("value", .number(value)), ("gradient", inputs.json(gradient)),
                                     ("hessian", .matrix(h.joined().map { .number($0) }, rows: labels.count, columns: labels.count))]).rendered + "\n")
        } else {
            var s = "value = \(formatNumber(value))\n" + inputs.text(gradient) { "d/d\($0)" }
            for r in labels.indices {
                for c in r..<labels.count {
                    s += "d^2/" + (r == c ? "d\(labels[r])^2" : "d\(labels[r])d\(labels[c])") + " = \(formatNumber(h[r][c]))\n"
                }
            }
            console.out(s)
        }
        return .success
    }

    /// The name of each entry of the inputs `wrt`, row by row, inputs in order: `x` for a
    /// scalar, `x[2]` for an entry of a vector, `A[1, 2]` for an entry of a matrix.
    func entryLabels(_ graph: MatrixGraph, _ wrt: [Int]) -> [String] {
        wrt.flatMap { k -> [String] in
            let shape = graph.inputShapes[k]
            let layout = MatrixLayout(shape, declared: program.declaredShapes[k])
            return (0..<shape.count).map { e in
                program.inputs[k] + (layout == .matrix ? "[\(e / shape.columns + 1), \(e % shape.columns + 1)]"
                                     : layout == .scalar ? "" : "[\(e + 1)]")
            }
        }
    }

    /// `deriv jacobian --at`: the value of the output and its Jacobian with respect to each
    /// input, a row per entry of the output and a column per entry of the input (both row by row).
    func jacobian() throws -> ExitStatus {
        let (graph, point) = try graphAtPoint()
        let wrt = try differentiationInputs()
        try checkJacobianWork(graph, wrt)
        let (value, blocks) = MatrixDerivatives.jacobian(graph, at: point, wrt: wrt, mode: options.mode ?? .reverse)
        let names = wrt.map { program.inputs[$0] }
        let layout = MatrixLayout(value.shape)
        if options.json {
            console.out(JSON.object([("value", layout.json(value)),
                                     ("jacobian", .object(names.indices.map { (names[$0], MatrixLayout.matrix.json(blocks[$0])) }))]).rendered + "\n")
        } else {
            var s = "\(outputName) = " + layout.text(value, indent: outputName.count + 3) + "\n"
            for k in names.indices {
                let label = "d\(outputName)/d\(names[k]) = "
                s += label + MatrixLayout.matrix.text(blocks[k], indent: label.count) + "\n"
            }
            console.out(s)
        }
        return .success
    }

    /// Forward mode takes a sweep per entry of the inputs `wrt`: a usage error past `WorkLimits`.
    private func checkForwardWork(_ graph: MatrixGraph, _ wrt: [Int]) throws {
        try WorkLimits.checkForwardMode(sweeps: wrt.reduce(0) { $0 + graph.inputShapes[$1].count },
                                        entries: graph.nodes.reduce(0) { $0 + $1.shape.count })
    }

    /// A Jacobian has an entry per entry of the output and of the inputs, and reverse mode takes a
    /// sweep per entry of the output: usage errors past `WorkLimits`.
    private func checkJacobianWork(_ graph: MatrixGraph, _ wrt: [Int]) throws {
        let rows = graph[graph.outputs[0]].shape.count
        let columns = wrt.reduce(0) { $0 + graph.inputShapes[$1].count }
        let entries = rows.multipliedReportingOverflow(by: columns)
        if entries.overflow || entries.partialValue > WorkLimits.hessianEntries {
            throw UsageError("the Jacobian has \(rows) x \(columns) entries, more than deriv writes (10^7); choose fewer inputs with --wrt")
        }
        if options.mode == .forward { return try checkForwardWork(graph, wrt) }
        let work = rows.multipliedReportingOverflow(by: graph.nodes.reduce(0) { $0 + $1.shape.count })
        if work.overflow || work.partialValue > WorkLimits.forwardModeWork {
            throw UsageError("reverse mode takes one sweep per entry of the output: \(rows) sweeps is more than deriv does "
                             + "(10^9 entries computed); use --mode forward, which takes one sweep per entry of the inputs")
        }
    }

    /// The inputs `wrt`, each with its name and layout: one value per input, in text
    /// (`d/dA = [[…],` with its rows under each other) or in JSON (an object keyed by name).
    struct Labelled {
        let names: [String]
        let layouts: [MatrixLayout]

        init(_ run: MatrixRun, _ graph: MatrixGraph, _ wrt: [Int]) {
            names = wrt.map { run.program.inputs[$0] }
            layouts = wrt.map { MatrixLayout(graph.inputShapes[$0], declared: run.program.declaredShapes[$0]) }
        }

        func json(_ values: [Matrix]) -> JSON { .object(names.indices.map { (names[$0], layouts[$0].json(values[$0])) }) }

        func text(_ values: [Matrix], label: (String) -> String) -> String {
            names.indices.map { k in
                let l = label(names[k]) + " = "
                return l + layouts[k].text(values[k], indent: l.count) + "\n"
            }.joined()
        }
    }

    /// A gradient is of a scalar output: else an error at the output's statement, which names
    /// the output's shape when the sizes are the user's (not `diff`'s own).
    func checkScalarOutput(_ graph: MatrixGraph, sizesGiven: Bool = true) throws {
        let output = graph[graph.outputs[0]].shape
        guard output.isScalar else {
            let statement = program.ast.statements.last { options.of == nil || $0.target.map(program.ast.spelling) == options.of?[0] }
            let shape = sizesGiven ? "\(output)" : output.columns == 1 || output.rows == 1 ? "a vector" : "a matrix"
            throw Diagnostic.error("the gradient is of a scalar, and this output is \(shape); reduce it, e.g. with sum(…) or norm2(…)",
                                   at: statement.map { program.ast.nodes[$0.root].range })
        }
    }

    /// The name the output is known by: the name its statement assigns, else `f` (`out` when the program assigns `f`).
    var outputName: String {
        if let of = options.of { return of[0] }
        return program.ast.statements.last?.target.map(program.ast.spelling) ?? (program.assignedNames.contains("f") ? "out" : "f")
    }

    /// The indices of the inputs of `--wrt` (default all).
    func differentiationInputs() throws -> [Int] {
        guard let wrt = options.wrt else { return Array(program.inputs.indices) }
        return try wrt.map { name in
            guard let k = program.inputs.firstIndex(of: name) else {
                throw UsageError("--wrt names \(quote(name)), which is not an input of the program")
            }
            return k
        }
    }

    /// `deriv diff`: the gradient in matrix notation (`MatrixFormulas`), for shapes that bind
    /// each dimension name to a size (`--dims`, the values of `--at`, or sizes of their own).
    func diff() throws -> ExitStatus {
        if options.json || options.order > 1 || options.at != nil || options.inline {
            throw UsageError("the derivatives of a vector or matrix program are printed as text or LaTeX only, for now: "
                             + "give none of --json, --order, --at, --inline")
        }
        var dimensions = options.dims ?? [:]
        var size = 2
        for d in program.ast.declarations {
            for case .name(let symbol) in d.shape.dimensions where dimensions[program.ast.spelling(symbol)] == nil {
                // Sizes of 2 and more, each its own: no rewrite of a 1 x 1 factor applies by chance.
                dimensions[program.ast.spelling(symbol)] = size
                size += 1
            }
        }
        let graph = try program.graph(shapes: try program.shapes(given: [:], dimensions: dimensions), output: options.of?[0])
        try checkScalarOutput(graph, sizesGiven: options.dims != nil)
        let wrt = try differentiationInputs()
        let formulas = MatrixFormulas(gradient: MatrixSimplifier.simplified(MatrixDerivatives.gradient(graph, wrt: wrt)),
                                      taken: Set(program.inputs + program.assignedNames), format: options.formulaFormat ?? .text)
        console.out(formulas.lines(wrt.map {
            DerivativeLabel(function: outputName, namesFunction: false, variables: [program.inputs[$0]], partial: program.inputs.count > 1)
        }))
        return .success
    }

    /// The values of `--at`, by name, with warnings for names given twice and names that are no input.
    func givenValues() throws -> [String: Matrix] {
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
        return values
    }

    /// The program's graph for the values of `--at` (and the sizes of `--dims`), and those values in input order.
    func graphAtPoint() throws -> (MatrixGraph, [Matrix]) {
        let values = try givenValues()
        let point = try point(values)
        let shapes = try program.shapes(given: values.mapValues(\.shape), dimensions: options.dims ?? [:])
        return (try program.graph(shapes: shapes, output: options.of?[0]), point)
    }

    /// The values of `--at` in input order, or which input lacks one.
    func point(_ values: [String: Matrix]) throws -> [Matrix] {
        try program.inputs.indices.map { k -> Matrix in
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
    }
}
