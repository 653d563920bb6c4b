@_spi(DerivCore) import DerivCore
/// Python 3 code using the standard library's `math` only.
///
///     def f(x, y)            -> f
///     def f_grad(x, y)       -> (f, (df/dx, df/dy))
///     def f_jvp(x, y, dx, dy) -> (f, df along (dx, dy))          # --mode forward
///     def f_jac(x, y)        -> ((f, g), ((df/dx, df/dy), (dg/dx, dg/dy)))   # several outputs
///
/// Python raises where IEEE arithmetic gives a value (`1/0`, `math.log(0)`, `math.exp(1000)`);
/// the emitted code instead gives the values deriv gives, through small `deriv_*` helpers, so its
/// results are the interpreter's, bit for bit (CPython's math calls the C library). Inputs are
/// converted with `float()`, so integers get double-precision semantics too.
extension LanguageSyntax {
    package static let python = LanguageSyntax(
        name: "python",
        reserved: CodeWords.python.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("math.nan", .atom) }
            if v.isInfinite { return v > 0 ? Printed("math.inf", .atom) : Printed("-math.inf", .unary) }
            return CodeWords.decimal(v, forceFraction: true)
        },
        write: { op, a, w in
            if let call = CodeWords.call(OpCodeTable.python[op], a, &w) { return call }
            switch op {
            case .add: return w.infix("+", .additive, a[0], a[1])
            case .sub: return w.infix("-", .additive, a[0], a[1])
            case .mul: return w.infix("*", .multiplicative, a[0], a[1])
            case .neg: return w.prefix("-", a[0])
            case .lt, .le, .gt, .ge, .eq, .ne:
                guard case .symbol(let symbol) = op.info.notation else { return w.call(op.info.name, a) }
                let start = w.count
                w.append("1.0 if ")
                let test = w.nonAssociative(symbol, .comparison, a[0], a[1]).range
                w.append(" else 0.0")
                return w.span(from: start, .conditional, condition: test)
            case .select:
                let start = w.count
                w.append(a[1], at: .comparison)
                w.append(" if ")
                if let test = a[0].condition {
                    w.append(copyOf: test)
                } else {
                    w.append(a[0], at: .additive)
                    w.append(" != 0.0")
                }
                w.append(" else ")
                w.append(a[2], at: .conditional)
                return w.span(from: start, .conditional)
            default: return w.call(op.info.name, a)
            }
        })
}

extension OpCodeTable {
    static let python = OpCodeTable(\.python)
}

extension CodeTemplate {
    static let python = CodeTemplate(
        syntax: .python,
        maxInlineDepth: 6,
        commentPrefix: "# ",
        prelude: { _ in ["import math"] },
        usage: { _ in ["Python 3 with the math module only (math.cbrt needs Python 3.11). Where Python would raise",
                "(1/0, math.log(0), math.exp(1000)) the code gives deriv's IEEE values (inf, nan) instead.",
                "For NumPy arrays, emit with --lang numpy instead (or use 'deriv grad --points')."] },
        helpers: OpCodeTable.python.helpers,
        blankLines: 2,
        function: pythonFunction)

    /// `def f_grad(x, y): … return f, (x_bar, y_bar)`.
    @Sendable private static func pythonFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        var prologue: [String] = []
        for group in f.parameters where !group.names.isEmpty || group.array != nil {
            // Inside parentheses a long assignment may continue on the next lines.
            let targets = CodeLayout.list(group.names, first: 5, indent: "     ")
            if let array = group.array {
                parameters.append(array)
                if !group.names.isEmpty {
                    prologue.append("(" + targets + (group.names.count == 1 ? ",)" : ")") + " = map(float, \(array))")
                }
            } else {
                parameters += group.names
                let floats = group.names.map { "float(\($0))" }
                let oneLine = group.names.joined(separator: ", ") + " = " + floats.joined(separator: ", ")
                prologue.append(oneLine.count <= 92 ? oneLine
                                : "(" + targets + ") = (\n        " + CodeLayout.list(floats, first: 8, indent: "        ") + ")")
            }
        }
        let shapes = f.results.map { r -> String in
            switch r.shape {
            case .scalar: return r.meanings[0]
            case .vector: return pythonShape(r.meanings)
            case .matrix: return pythonShape(r.rows.indices.map { i in pythonShape(Array(r.meanings[i * r.columns..<(i + 1) * r.columns])) })
            }
        }
        var lines = ["def \(f.name)(" + CodeLayout.list(parameters, first: f.name.count + 5, indent: "        ") + "):",
                     "    \"\"\"" + f.summary, "",
                     "    Returns " + (shapes.count == 1 ? shapes[0] : shapes.joined(separator: ", ")) + ".",
                     "    \"\"\""]
        lines += prologue.map { "    " + $0 }
        let values = f.results.map { r -> String in
            switch r.shape {
            case .scalar: return r.entries[0]
            case .vector: return pythonTuple(r.entries)
            case .matrix: return pythonTuple(r.rows.map(pythonTuple))
            }
        }
        return FunctionLayout(before: lines, indent: "    ", statement: .init(before: "", between: " = ", after: ""),
                              loads: false, after: ["    return " + values.joined(separator: ", ")])
    }

    /// A tuple's shape for the docstring, shortened when long.
    static func pythonShape(_ items: [String]) -> String {
        items.count <= 6 ? "(" + items.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
            : "(" + items[0] + ", " + items[1] + ", ..., " + items.last! + ")"
    }

    /// A Python tuple: `(a, b)`, `(a,)`, `()`.
    static func pythonTuple(_ items: [String]) -> String {
        "(" + CodeLayout.list(items, first: 12, indent: "        ") + (items.count == 1 ? ",)" : ")")
    }
}
