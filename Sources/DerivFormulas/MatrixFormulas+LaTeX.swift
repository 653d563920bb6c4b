/// `MatrixFormulas` in LaTeX (`deriv diff --format latex`, docs/MATRICES.md): `A^\top` for a
/// transpose, `A x` for a product, `\odot` and `\oslash` entry by entry (a fraction by a
/// scalar), `\operatorname{sum}`, `\operatorname{tr}`, `\lVert x\rVert_2` (`_F` of a matrix), `\mathbf{1}` for a
/// vector of ones, and bmatrix literals. Operations on scalars, and functions entry by entry,
/// are written as `LanguageSyntax.latex` writes them for programs of scalars.
extension MatrixFormulas {
    /// The LaTeX of node `i` and its precedence level (`MatrixFormulas`' levels), from its arguments'.
    static func latexFormula(_ i: Int, _ g: MatrixGraph, _ text: [String], _ level: [Int]) -> (String, Int) {
        let node = g[i]
        let a = node.arguments
        func printed(_ k: Int) -> Printed { Printed(text[a[k]], precedence(level[a[k]])) }
        /// Argument `k`, in parentheses unless its level is at least `least`.
        func arg(_ k: Int, _ least: Int) -> String { level[a[k]] >= least ? text[a[k]] : "\\left(" + text[a[k]] + "\\right)" }
        func scalar(_ op: Op) -> (String, Int) {
            let p = LanguageSyntax.latex.spell(op, a.indices.map(printed))
            return (p.text, levelOf(p.precedence))
        }
        let anyMatrix = a.contains { !g[$0].shape.isScalar }
        switch node.operation {
        case .input(let k):
            return (LanguageSyntax.latexName(g.inputNames[k], role: .value), atom)
        case .constant(let k):
            let values = g.constants[k].map { LanguageSyntax.latex.number($0) }
            if node.shape.isScalar { return (values[0].text, levelOf(values[0].precedence)) }
            return (bmatrix(values.map(\.text), node.shape), atom)
        case .elementwise(let op):
            switch op {
            case .mul where !a.contains(where: { g[$0].shape.isScalar }):
                return (arg(0, multiplicative) + " \\odot " + arg(1, power), multiplicative)
            case .div where !g[a[1]].shape.isScalar:
                return (arg(0, multiplicative) + " \\oslash " + arg(1, power), multiplicative)
            case .pow where anyMatrix:
                return (arg(0, atom) + "^{\\circ " + text[a[1]] + "}", power)
            case .sqrt:
                // norm2(x) is sqrt(sum(x .* x)): the Euclidean norm of a vector, the Frobenius norm of a matrix.
                if case .sum = g[a[0]].operation, case let inner = g[g[a[0]].arguments[0]], case .elementwise(.mul) = inner.operation,
                   inner.arguments[0] == inner.arguments[1], case let s = g[inner.arguments[0]].shape, !s.isScalar {
                    return ("\\lVert " + text[inner.arguments[0]] + "\\rVert_" + (s.rows == 1 || s.columns == 1 ? "2" : "F"), atom)
                }
                return scalar(op)
            default:
                return scalar(op)
            }
        case .matmul:
            return scalar(.mul)
        case .transpose:
            return (arg(0, atom) + "^\\top", postfix)
        case .sum:
            if case .diagonal = g[a[0]].operation {
                return ("\\operatorname{tr}\\left(" + text[g[a[0]].arguments[0]] + "\\right)", atom)
            }
            return ("\\operatorname{sum}\\left(" + text[a[0]] + "\\right)", atom)
        case .diagonal, .diagonalMatrix:
            return ("\\operatorname{diag}\\left(" + text[a[0]] + "\\right)", atom)
        case .entry(let k):
            let s = g[a[0]].shape
            let index = s.columns == 1 || s.rows == 1 ? "\(k + 1)" : "\(k / s.columns + 1), \(k % s.columns + 1)"
            return (arg(0, atom) + "_{" + index + "}", postfix)
        case .broadcast:
            // A scalar spread over a shape: c times a vector or matrix of ones.
            if g.scalarConstant(a[0]) == 1 { return ("\\mathbf{1}", atom) }
            let p = LanguageSyntax.latex.spell(.mul, [printed(0), Printed("\\mathbf{1}", .atom)])
            return (p.text, levelOf(p.precedence))
        case .place(let k, let s):
            var entries = Array(repeating: "0", count: s.count)
            entries[k] = text[a[0]]
            return (bmatrix(entries, s), atom)
        case .stack(let s):
            return (bmatrix(a.map { text[$0] }, s), atom)
        }
    }

    /// `\begin{bmatrix} a & b \\ c & d \end{bmatrix}`: a vector is a column, a row one line.
    private static func bmatrix(_ entries: [String], _ s: MatrixShape) -> String {
        let rows = (0..<s.rows).map { r in entries[(r * s.columns)..<((r + 1) * s.columns)].joined(separator: " & ") }
        return "\\begin{bmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{bmatrix}"
    }

    /// `LanguageSyntax`'s precedence of a level; a postfix `'` binds like a power (`\left(A^\top\right)^{2}`).
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
