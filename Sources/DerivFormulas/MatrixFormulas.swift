@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivMatrix
/// Derivatives of a vector or matrix program printed in matrix notation, as the language writes
/// it (`deriv diff`, docs/MATRICES.md): `d/dx = A'*t1`, `d/dA = t1*x'`. The formulas are a
/// gradient graph written out; parts used more than once are named and printed first
/// (`t1 = 2*(A*x - b)`). They read back with the program's declarations. One walker
/// writes text and LaTeX, each spelled by its `MatrixSyntax`, from each operation's
/// `MatrixNotation` (its row of the matrix table); the graph is simplified before
/// (`MatrixSimplifier`), never here.
package struct MatrixFormulas {
    /// The named parts, in order, then the derivatives: (name, formula).
    package private(set) var shared: [(name: String, text: String)] = []
    package private(set) var derivatives: [String] = []

    /// How the formulas are written: as the language writes them, or in LaTeX (`MatrixSyntax`).
    package let format: FormulaPrinter.Format

    /// The formulas of the outputs of `g` after the first (a gradient graph's adjoints);
    /// `taken` are names the program uses, which the named parts avoid.
    package init(gradient g: MatrixGraph, taken: Set<String>, format: FormulaPrinter.Format = .text) {
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
        let syntax = format == .latex ? MatrixSyntax.latex : MatrixSyntax.text
        for i in 0..<g.count where needed[i] {
            let (t, l) = MatrixFormulas.formula(i, g, text, level, syntax)
            if uses[i] > 1, !g[i].arguments.isEmpty {
                // A part the program names keeps its name; the others are t1, t2, … unless the program uses those.
                var name = g.names[i] ?? ""
                while name.isEmpty || (taken.contains(name) && name != g.names[i]) {
                    next += 1
                    name = "t\(next)"
                }
                taken.insert(name)
                let spelled = syntax.name(name)
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
    package func lines(_ labels: [DerivativeLabel]) -> String {
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

    /// The text of node `i` in `syntax` and its precedence level, from its arguments' texts.
    static func formula(_ i: Int, _ g: MatrixGraph, _ text: [String], _ level: [Int], _ syntax: MatrixSyntax) -> (String, Int) {
        let node = g[i]
        let a = node.arguments
        /// Argument `k`, in parentheses unless its level is at least `least`.
        func arg(_ k: Int, _ least: Int) -> String { level[a[k]] >= least ? text[a[k]] : syntax.open + text[a[k]] + syntax.close }
        func spelled(_ p: Printed) -> (String, Int) { (p.text, levelOf(p.precedence)) }
        /// A scalar operation (or a product) as the scalar syntax writes it.
        func scalar(_ op: Op, _ operands: [Printed]? = nil) -> (String, Int) {
            spelled(syntax.scalars.spell(op, operands ?? a.map { Printed(text[$0], precedence(level[$0])) }))
        }
        /// A literal of `entries` (nodes, or 0 for nil) in shape `s`.
        func literal(_ entries: [Int?], _ s: MatrixShape) -> String { syntax.literal(entries.map { $0.map { text[$0] } ?? "0" }, s) }
        switch node.operation.notation(i, g) {
        case .input(let k):
            return (syntax.name(g.inputNames[k]), atom)
        case .constant(let k):
            let values = g.constants[k].map(syntax.number)
            if node.shape.isScalar { return spelled(values[0]) }
            return (syntax.literal(values.map(\.text), node.shape), atom)
        case .scalar(let op): return scalar(op)
        case .entrywise(.product): return (arg(0, multiplicative) + syntax.product.symbol + arg(1, syntax.product.right), multiplicative)
        case .entrywise(.quotient): return (arg(0, multiplicative) + syntax.quotient.symbol + arg(1, syntax.quotient.right), multiplicative)
        case .entrywise(.power):
            return (arg(0, syntax.powerBase) + syntax.powerOpen + arg(1, syntax.powerExponent) + syntax.powerClose, power)
        case .function(let name, let x): return (syntax.function(name, text[x]), atom)
        case .norm(let x, let matrix): return (syntax.norm(text[x], matrix), atom)
        case .transpose: return (arg(0, syntax.postfixBase) + syntax.transpose, postfix)
        case .entry(let index): return (arg(0, syntax.postfixBase) + syntax.entryOpen + index + syntax.entryClose, postfix)
        case .spread(let s):
            // A scalar spread over a shape: c times ones (written with the inputs' shapes in text,
            // `onesText`), else a literal of the shape.
            guard let ones = syntax.ones(s, g) else { return (literal(Array(repeating: a[0], count: s.count), s), atom) }
            if g.scalarConstant(a[0]) == 1 { return spelled(ones) }
            return scalar(.mul, [Printed(text[a[0]], precedence(level[a[0]])), ones])
        case .literal(let entries, let s): return (literal(entries, s), atom)
        }
    }

    /// `LanguageSyntax`'s precedence of a level; a postfix `'` binds like a power (`(x')^2`).
    private static func precedence(_ level: Int) -> Precedence {
        [.conditional, .comparison, .additive, .multiplicative, .unary, .power, .power, .atom][level]
    }

    /// The level of a precedence.
    private static func levelOf(_ p: Precedence) -> Int {
        switch p {
        case .conditional: return conditional
        case .comparison: return comparison
        case .additive: return additive
        case .multiplicative: return multiplicative
        case .unary: return unary
        case .power: return power
        case .atom: return atom
        }
    }
}
