/// Derivatives of a vector or matrix program printed in matrix notation, as the language writes
/// it (`deriv diff`, docs/MATRICES.md): `d/dx = A'*(r + r)`, `d/dA = (r + r)*x'`. The formulas
/// are the reverse-mode gradient graph written out; parts used more than once are named and
/// printed first (`t1 = A*x - b`). They read back with the program's declarations.
public struct MatrixFormulas {
    /// The named parts, in order, then the derivatives: (name, formula).
    public private(set) var shared: [(name: String, text: String)] = []
    public private(set) var derivatives: [String] = []

    /// How the formulas are written: as the language writes them, or in LaTeX (`MatrixFormulas+LaTeX.swift`).
    public let format: FormulaPrinter.Format

    /// The formulas of the outputs of `g` after the first (a gradient graph's adjoints);
    /// `taken` are names the program uses, which the named parts avoid.
    public init(gradient g: MatrixGraph, taken: Set<String>, format: FormulaPrinter.Format = .text) {
        self.format = format
        let roots = Array(g.outputs.dropFirst())
        var uses = [Int](repeating: 0, count: g.count)
        var needed = [Bool](repeating: false, count: g.count)
        for r in roots { needed[r] = true }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g[i].arguments {
                needed[a] = true
                uses[a] += 1
            }
        }
        var text = [String](repeating: "", count: g.count)
        var level = [Int](repeating: MatrixFormulas.atom, count: g.count)
        var next = 0
        var taken = taken
        for i in 0..<g.count where needed[i] {
            let (t, l) = format == .latex ? MatrixFormulas.latexFormula(i, g, text, level) : MatrixFormulas.formula(i, g, text, level)
            if uses[i] > 1, !g[i].arguments.isEmpty {
                // A part the program names keeps its name; the others are t1, t2, … unless the program uses those.
                var name = g.names[i] ?? ""
                while name.isEmpty || (taken.contains(name) && name != g.names[i]) {
                    next += 1
                    name = "t\(next)"
                }
                taken.insert(name)
                let spelled = format == .latex ? LanguageSyntax.latexName(name, role: .value) : name
                shared.append((spelled, t))
                (text[i], level[i]) = (spelled, MatrixFormulas.atom)
            } else {
                (text[i], level[i]) = (t, l)
            }
        }
        derivatives = roots.map { text[$0] }
    }

    /// The named parts, then a line per derivative with its label: `d/dx = …` in text, an
    /// `aligned` block of `\frac{\partial f}{\partial x} &= …` in LaTeX.
    public func lines(_ labels: [DerivativeLabel]) -> String {
        let rows = shared.map { ($0.name, $0.text) } + zip(labels, derivatives).map { (format == .latex ? $0.latex : $0.text, $1) }
        if format == .latex { return FormulaPrinter.aligned(rows) }
        return rows.map { "\($0) = \($1)\n" }.joined()
    }

    /// Precedence levels, lowest first (grammar/deriv.ebnf): conditional, comparison, + -,
    /// * / .* ./, unary minus, ^ .^, postfix ' and [i], atoms.
    static let (conditional, comparison, additive, multiplicative, unary, power, postfix, atom) = (0, 1, 2, 3, 4, 5, 6, 7)

    /// A matrix of ones of shape `s` written with the inputs, so that it holds at every size the
    /// dimension names take (the formulas are made at sizes of their own): `x.^0` for an input
    /// `x` of that shape (1 for every x), `diag(M.^0)` for a column as long as a square input `M`
    /// is wide, `diag((M*M').^0)` or `diag((M'*M).^0)` for one as long as another input's rows or
    /// columns, the transpose for a row, `u*w'` for a matrix; nil when no input has the size (a
    /// size only a literal gives, which the literal then writes at every size).
    static func onesText(_ s: MatrixShape, _ g: MatrixGraph) -> String? {
        if let k = g.inputShapes.firstIndex(of: s) { return g.inputNames[k] + ".^0" }
        func column(_ r: Int) -> String? {
            if let k = g.inputShapes.firstIndex(of: MatrixShape(r, 1)) { return g.inputNames[k] + ".^0" }
            if let k = g.inputShapes.firstIndex(of: MatrixShape(r, r)) { return "diag(" + g.inputNames[k] + ".^0)" }
            if let k = g.inputShapes.firstIndex(where: { $0.rows == r }) { return "diag((\(g.inputNames[k])*\(g.inputNames[k])').^0)" }
            if let k = g.inputShapes.firstIndex(where: { $0.columns == r }) { return "diag((\(g.inputNames[k])'*\(g.inputNames[k])).^0)" }
            return nil
        }
        if s.columns == 1 { return column(s.rows) }
        if s.rows == 1 { return column(s.columns).map { "(" + $0 + ")'" } }
        guard let u = column(s.rows), let w = column(s.columns) else { return nil }
        return u + "*(" + w + ")'"
    }

    /// The text of node `i` and its precedence level, from its arguments' texts.
    static func formula(_ i: Int, _ g: MatrixGraph, _ text: [String], _ level: [Int]) -> (String, Int) {
        let node = g[i]
        let a = node.arguments
        /// Argument `k`, in parentheses unless its level is at least `least`.
        func arg(_ k: Int, _ least: Int) -> String { level[a[k]] >= least ? text[a[k]] : "(" + text[a[k]] + ")" }
        func isScalar(_ k: Int) -> Bool { g[a[k]].shape.isScalar }
        switch node.operation {
        case .input(let k):
            return (g.inputNames[k], atom)
        case .constant(let k):
            let values = g.constants[k]
            if node.shape.isScalar { return (formatNumber(values[0]), values[0] < 0 || values[0].sign == .minus ? unary : atom) }
            return (literal(values.map(formatNumber), node.shape), atom)
        case .elementwise(let op):
            switch op {
            case .add: return (arg(0, additive) + " + " + arg(1, multiplicative), additive)
            case .sub: return (arg(0, additive) + " - " + arg(1, multiplicative), additive)
            case .mul: return (arg(0, multiplicative) + (isScalar(0) || isScalar(1) ? "*" : " .* ") + arg(1, unary), multiplicative)
            case .div: return (arg(0, multiplicative) + (isScalar(1) ? "/" : " ./ ") + arg(1, unary), multiplicative)
            case .pow: return (arg(0, postfix) + (isScalar(0) && isScalar(1) ? "^" : ".^") + arg(1, unary), power)
            case .neg: return ("-" + arg(0, power), unary)
            case .lt, .le, .gt, .ge, .eq, .ne:
                if case .symbol(let s) = op.info.notation { return (arg(0, additive) + " \(s) " + arg(1, additive), comparison) }
                return ("", atom)
            case .select: return (arg(0, comparison) + " ? " + arg(1, comparison) + " : " + arg(2, conditional), conditional)
            default: return (op.info.name + "(" + a.indices.map { arg($0, conditional) }.joined(separator: ", ") + ")", atom)
            }
        case .matmul: return (arg(0, multiplicative) + "*" + arg(1, unary), multiplicative)
        case .transpose: return (arg(0, postfix) + "'", postfix)
        case .sum: return ("sum(" + text[a[0]] + ")", atom)
        case .diagonal, .diagonalMatrix: return ("diag(" + text[a[0]] + ")", atom)
        case .entry(let k):
            let s = g[a[0]].shape
            let index = s.columns == 1 || s.rows == 1 ? "\(k + 1)" : "\(k / s.columns + 1), \(k % s.columns + 1)"
            return (arg(0, postfix) + "[" + index + "]", postfix)
        case .broadcast(let s):
            // A scalar spread over a shape: c*ones with ones written from the inputs' shapes
            // (`onesText`), else a literal of the shape.
            if let ones = onesText(s, g) {
                return (g.scalarConstant(a[0]) == 1 ? ones : arg(0, multiplicative) + "*" + ones, multiplicative)
            }
            return (literal(Array(repeating: text[a[0]], count: s.count), s), atom)
        case .place(let k, let s):
            var entries = Array(repeating: "0", count: s.count)
            entries[k] = text[a[0]]
            return (literal(entries, s), atom)
        case .stack(let s):
            return (literal(a.map { text[$0] }, s), atom)
        }
    }

    /// `[a, b]` for a vector, `[[a, b], [c, d]]` for a matrix, `[a, b]'` for a row.
    static func literal(_ entries: [String], _ s: MatrixShape) -> String {
        if s.columns == 1 { return "[" + entries.joined(separator: ", ") + "]" }
        if s.rows == 1 { return "[" + entries.joined(separator: ", ") + "]'" }
        return "[" + (0..<s.rows).map { r in "[" + entries[(r * s.columns)..<((r + 1) * s.columns)].joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
    }
}
