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
    public static let python = LanguageSyntax(
        name: "python",
        reserved: CodeWords.python.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("math.nan", .atom) }
            if v.isInfinite { return v > 0 ? Printed("math.inf", .atom) : Printed("-math.inf", .unary) }
            return CodeWords.decimal(v, forceFraction: true)
        },
        write: { op, a, w in
            switch op {
            case .add: return w.infix("+", .additive, a[0], a[1])
            case .sub: return w.infix("-", .additive, a[0], a[1])
            case .mul: return w.infix("*", .multiplicative, a[0], a[1])
            case .div:
                // Only a division by a nonzero literal cannot raise ZeroDivisionError.
                if let c = w.literal(a[1]), c != 0 { return w.infix("/", .multiplicative, a[0], a[1]) }
                return w.call("deriv_div", a)
            case .neg: return w.prefix("-", a[0])
            case .pow:
                if w.literal(a[1]) == 2 { return w.infix("*", .multiplicative, a[0], a[0]) }
                return w.call("deriv_pow", a)
            case .abs: return w.call("abs", a)
            case .atan, .tanh, .asinh, .cbrt, .erf, .atan2, .hypot: return w.call("math." + op.info.name, a)
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
            default:
                // The math functions that raise on some IEEE arguments, and deriv's own functions.
                return w.call("deriv_" + op.info.name, a)
            }
        })
}

extension CodeTemplate {
    static let python = CodeTemplate(
        syntax: .python,
        maxInlineDepth: 6,
        commentPrefix: "# ",
        prelude: { _ in ["import math"] },
        usage: ["Python 3 with the math module only (math.cbrt needs Python 3.11). Where Python would raise",
                "(1/0, math.log(0), math.exp(1000)) the code gives deriv's IEEE values (inf, nan) instead.",
                "For NumPy arrays, call it per point (numpy.vectorize) or use 'deriv grad --points'."],
        helpers: [
            Helper("deriv_div", """
                def deriv_div(a, b):
                    \"\"\"a / b, with IEEE values (inf, nan) where Python raises ZeroDivisionError.\"\"\"
                    try:
                        return a / b
                    except ZeroDivisionError:
                        if a != a or a == 0.0:
                            return math.nan
                        return math.copysign(math.inf, a) * math.copysign(1.0, b)

                """),
            Helper("deriv_pow", """
                def deriv_pow(x, y):
                    \"\"\"C's pow(x, y), with IEEE values where math.pow raises; x**2 is x*x, as deriv computes it.\"\"\"
                    if y == 2.0:
                        return x * x
                    try:
                        return math.pow(x, y)
                    except OverflowError:
                        return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf
                    except ValueError:
                        if x == 0.0:  # zero to a negative power: a pole, signed for -0 and an odd power
                            return -math.inf if math.copysign(1.0, x) < 0.0 and y % 2.0 == 1.0 else math.inf
                        return math.nan  # a negative number to a non-integer power

                """),
            pythonGuard("sin", "math.sin(x) if math.isfinite(x) else math.nan"),
            pythonGuard("cos", "math.cos(x) if math.isfinite(x) else math.nan"),
            pythonGuard("tan", "math.tan(x) if math.isfinite(x) else math.nan"),
            pythonGuard("asin", "math.asin(x) if -1.0 <= x <= 1.0 else math.nan"),
            pythonGuard("acos", "math.acos(x) if -1.0 <= x <= 1.0 else math.nan"),
            pythonGuard("acosh", "math.acosh(x) if x >= 1.0 else math.nan"),
            pythonGuard("atanh", "math.atanh(x) if -1.0 < x < 1.0 else math.copysign(math.inf, x) if abs(x) == 1.0 else math.nan"),
            pythonGuard("log", "math.log(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"),
            pythonGuard("log2", "math.log2(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"),
            pythonGuard("log10", "math.log10(x) if x > 0.0 else -math.inf if x == 0.0 else math.nan"),
            pythonGuard("log1p", "math.log1p(x) if x > -1.0 else -math.inf if x == -1.0 else math.nan"),
            pythonGuard("sqrt", "math.sqrt(x) if x >= 0.0 else math.nan"),
            pythonOverflow("exp", "math.inf"),
            pythonOverflow("expm1", "math.inf"),
            pythonOverflow("sinh", "math.copysign(math.inf, x)"),
            pythonOverflow("cosh", "math.inf"),
            Helper("deriv_sign", """
                def deriv_sign(x):
                    \"\"\"sign(x): 1.0 or -1.0; sign(+-0) and sign(nan) are x itself.\"\"\"
                    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x

                """),
            Helper("deriv_max", """
                def deriv_max(a, b):
                    \"\"\"max(a, b): a on ties; nan when either is nan.\"\"\"
                    return a if a >= b or a != a else b

                """),
            Helper("deriv_min", """
                def deriv_min(a, b):
                    \"\"\"min(a, b): a on ties; nan when either is nan.\"\"\"
                    return a if a <= b or a != a else b

                """),
            Helper("deriv_relu", """
                def deriv_relu(x):
                    \"\"\"relu(x) = max(x, 0).\"\"\"
                    return x if x >= 0.0 or x != x else 0.0

                """),
            Helper("deriv_sigmoid", """
                def deriv_sigmoid(x):
                    \"\"\"sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.\"\"\"
                    e = math.exp(-abs(x))
                    return 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)

                """),
            Helper("deriv_softplus", """
                def deriv_softplus(x):
                    \"\"\"softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).\"\"\"
                    return (x if x >= 0.0 or x != x else 0.0) + math.log1p(math.exp(-abs(x)))

                """),
        ],
        blankLines: 2,
        function: pythonFunction)

    /// `math.name(x)` where its argument is in the domain, else the IEEE value.
    private static func pythonGuard(_ name: String, _ body: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise ValueError.\"\"\"
                return \(body)

            """)
    }

    /// `math.name(x)`, or `value` where it overflows.
    private static func pythonOverflow(_ name: String, _ value: String) -> Helper {
        Helper("deriv_" + name, """
            def deriv_\(name)(x):
                \"\"\"math.\(name)(x), with the IEEE value where it would raise OverflowError.\"\"\"
                try:
                    return math.\(name)(x)
                except OverflowError:
                    return \(value)

            """)
    }

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
    private static func pythonShape(_ items: [String]) -> String {
        items.count <= 6 ? "(" + items.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
            : "(" + items[0] + ", " + items[1] + ", ..., " + items.last! + ")"
    }

    /// A Python tuple: `(a, b)`, `(a,)`, `()`.
    private static func pythonTuple(_ items: [String]) -> String {
        "(" + CodeLayout.list(items, first: 12, indent: "        ") + (items.count == 1 ? ",)" : ")")
    }
}
