@_spi(DerivCore) import DerivCore
/// Python 3 code with NumPy (`--lang numpy`, docs/EMIT.md): the functions of the Python
/// flavour, with its names, argument order and results, computed entry by entry over NumPy
/// arrays, so that many points are one call.
///
///     def f(x, y)             -> f
///     def f_grad(x, y)        -> (f, (df/dx, df/dy))
///     def f_jvp(x, y, dx, dy) -> (f, df along (dx, dy))                   # --mode forward
///     def f_jac(x, y)         -> ((f, g), ((df/dx, df/dy), (dg/dx, dg/dy)))  # several outputs
///
/// Each input may be an array or a number; the inputs are broadcast together (NumPy's rules), and
/// every result is a new float64 array of that shape (a float, `numpy.float64`, when all inputs
/// are numbers). With `--array` the inputs come as one array whose first axis runs over them,
/// and the gradient is one array of shape `(n,) + shape`, as `scipy.optimize.minimize(f_grad,
/// x0, jac=True)` wants it. Each operation is its row's `numpy` column (np.where forms for the
/// conditional, comparisons and kinks, with the values deriv gives there); the functions run
/// under `np.errstate(all="ignore")`, so `1/0` is `inf` without a warning, as in deriv.
extension LanguageSyntax {
    package static let numpy = LanguageSyntax(
        name: "numpy",
        reserved: CodeWords.numpy.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("np.nan", .atom) }
            if v.isInfinite { return v > 0 ? Printed("np.inf", .atom) : Printed("-np.inf", .unary) }
            return CodeWords.decimal(v, forceFraction: true)
        },
        write: { op, a, w in
            if let call = CodeWords.call(OpCodeTable.numpy[op], a, &w) { return call }
            switch op {
            case .add: return w.infix("+", .additive, a[0], a[1])
            case .sub: return w.infix("-", .additive, a[0], a[1])
            case .mul: return w.infix("*", .multiplicative, a[0], a[1])
            case .div: return w.infix("/", .multiplicative, a[0], a[1])
            case .neg: return w.prefix("-", a[0])
            case .lt, .le, .gt, .ge, .eq, .ne:
                // np.where(x < y, 1.0, 0.0), carrying the test for a conditional to use.
                guard case .symbol(let symbol) = op.info.notation else { return w.call(op.info.name, a) }
                let start = w.count
                w.append("np.where(")
                let test = w.nonAssociative(symbol, .comparison, a[0], a[1]).range
                w.append(", 1.0, 0.0)")
                return w.span(from: start, .atom, condition: test)
            case .select:
                // np.where(c, a, b): entry by entry, so a NaN in the branch not taken stays there.
                let start = w.count
                w.append("np.where(")
                if let test = a[0].condition {
                    w.append(copyOf: test)
                } else {
                    w.append(a[0], at: .additive)
                    w.append(" != 0.0")
                }
                w.append(", ")
                w.append(a[1], at: .conditional)
                w.append(", ")
                w.append(a[2], at: .conditional)
                w.append(")")
                return w.span(from: start, .atom)
            default: return w.call(op.info.name, a)
            }
        })
}

extension OpCodeTable {
    static let numpy = OpCodeTable(\.numpy)
}

extension CodeTemplate {
    static let numpy = CodeTemplate(
        syntax: .numpy,
        maxInlineDepth: 6,
        commentPrefix: "# ",
        prelude: { _ in numpyPrelude },
        usage: { _ in ["Python 3 with NumPy. Each input may be a NumPy array or a number: the functions compute entry",
                "by entry over the inputs broadcast together (100,000 points are one call), each result a new",
                "float64 array of that shape (a float for numbers); inf and nan as deriv gives them, no warnings."] },
        helpers: OpCodeTable.numpy.helpers,
        blankLines: 2,
        function: numpyFunction)

    /// The imports and the two functions every NumPy file calls: the inputs as arrays with their
    /// broadcast shape, and a result as a new array of that shape.
    static let numpyPrelude = [
        "import numpy as np",
        "",
        "",
        "def deriv_inputs(*values):",
        "    \"\"\"The inputs as float64 arrays, and the shape they broadcast to (or ValueError).\"\"\"",
        "    arrays = tuple(np.asarray(v, dtype=np.float64) for v in values)",
        "    return arrays, np.broadcast_shapes(*(a.shape for a in arrays))",
        "",
        "",
        "def deriv_result(shape, value):",
        "    \"\"\"value as a new float64 array of the inputs' broadcast shape (a float when that is ()).\"\"\"",
        "    return np.array(np.broadcast_to(value, shape), dtype=np.float64)[()]",
    ]

    /// `@np.errstate(all="ignore") def f_grad(x, y): … return deriv_result(shape, f), tuple(…)`.
    @Sendable private static func numpyFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        var names: [String] = []
        var sources: [String] = []
        for group in f.parameters where !group.names.isEmpty || group.array != nil {
            names += group.names
            if let array = group.array {
                parameters.append(array)
                sources.append("*" + array)
            } else {
                parameters += group.names
                sources += group.names
            }
        }
        let stacked = f.parameters.first?.array != nil
        let shapes = f.results.map { r -> String in
            switch r.shape {
            case .scalar: return r.meanings[0]
            case .vector: return pythonShape(r.meanings)
            case .matrix: return pythonShape(r.rows.indices.map { i in pythonShape(Array(r.meanings[i * r.columns..<(i + 1) * r.columns])) })
            }
        }
        let arrays = "Each number is a float64 array of the inputs' broadcast shape (a float for numbers)"
            + (stacked && f.results.contains { $0.shape != .scalar } ? "; a list of them is one array, of shape (n,) + that shape." : ".")
        var lines = ["@np.errstate(all=\"ignore\")",
                     "def \(f.name)(" + CodeLayout.list(parameters, first: f.name.count + 5, indent: "        ") + "):",
                     "    \"\"\"" + f.summary, "",
                     "    Returns " + (shapes.count == 1 ? shapes[0] : shapes.joined(separator: ", ")) + ".",
                     ] + CodeLayout.wrap(arrays, width: 96).map { "    " + $0.trimmingSpaces } + ["    \"\"\""]
        if names.isEmpty {
            lines.append("    shape = ()")
        } else {
            let targets = "(" + CodeLayout.list(names, first: 5, indent: "     ") + (names.count == 1 ? ",)" : ")")
            lines.append("    " + targets + ", shape = deriv_inputs(" + CodeLayout.list(sources, first: 40, indent: "        ") + ")")
        }
        /// The entries as new arrays: a tuple, or one array (`--array`), on lines after `return (`.
        func vector(_ entries: [String]) -> String {
            let head = (stacked ? "np.array([" : "tuple(") + "deriv_result(shape, g) for g in ("
            return head + CodeLayout.list(entries, first: 12 + head.count, indent: "                ")
                + (entries.count == 1 ? ",)" : ")") + (stacked ? "])" : ")")
        }
        let values = f.results.map { r -> String in
            switch r.shape {
            case .scalar: return "deriv_result(shape, " + r.entries[0] + ")"
            case .vector: return vector(r.entries)
            case .matrix:
                if stacked { return vector(r.entries) + ".reshape((\(r.rows.count), \(r.columns)) + shape)" }
                return "(" + r.rows.map(vector).joined(separator: ",\n             ") + (r.rows.count == 1 ? ",)" : ")")
            }
        }
        let returned = "    return " + values.joined(separator: ", ")
        return FunctionLayout(before: lines, indent: "    ", statement: .init(before: "", between: " = ", after: ""),
                              loads: false, after: [returned.count <= 100 || values.count == 1 ? returned
                                                    : "    return (" + values.joined(separator: ",\n            ") + ")"])
    }
}

extension CodeWords {
    /// Python's keywords and names, and those the NumPy code uses.
    static let numpy: Set<String> = python.union(["np", "shape", "tuple", "deriv_inputs", "deriv_result", "g"])
}
