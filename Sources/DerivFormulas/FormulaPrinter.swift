@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivRender
import Foundation

/// The name of a derivative as people write it: `d/dx`, `df/dx`, `d^2/dx^2`, `d^2f/dxdy` in
/// text; `\frac{\partial f}{\partial x}` and friends in LaTeX.
package struct DerivativeLabel: Sendable {
    /// The function differentiated (its output name).
    package var function: String
    /// Whether text labels name the function (`df/dx`); with one output, `d/dx` says enough.
    package var namesFunction: Bool
    /// One entry per differentiation: `[x]` is d/dx, `[x, x]` is d²/dx², `[x, y]` is d²/dxdy.
    package var variables: [String]
    /// ∂ rather than d in LaTeX: the function has several inputs.
    package var partial: Bool

    package init(function: String, namesFunction: Bool, variables: [String], partial: Bool) {
        self.function = function; self.namesFunction = namesFunction
        self.variables = variables; self.partial = partial
    }

    package var text: String {
        let n = variables.count
        let top = "d" + (n > 1 ? "^\(n)" : "") + (namesFunction ? function : "")
        return top + "/" + runs.map { "d" + $0.name + ($0.count > 1 ? "^\($0.count)" : "") }.joined()
    }

    package var latex: String {
        let d = partial ? "\\partial" : "\\mathrm{d}"
        let n = variables.count
        let top = d + (n > 1 ? "^{\(n)}" : "") + " " + LanguageSyntax.latexName(function, role: .value)
        let bottom = runs.map { d + " " + LanguageSyntax.latexName($0.name, role: .value) + ($0.count > 1 ? "^{\($0.count)}" : "") }
        return "\\frac{" + top + "}{" + bottom.joined(separator: " \\, ") + "}"
    }

    /// The variables with repeats counted: `[x, x, y]` → (x, 2), (y, 1).
    private var runs: [(name: String, count: Int)] {
        var result: [(name: String, count: Int)] = []
        for v in variables {
            if result.last?.name == v { result[result.count - 1].count += 1 } else { result.append((v, 1)) }
        }
        return result
    }
}

/// How derivatives are written as formulas (`Program.derivatives(format:)`, `deriv diff --format`):
/// deriv's own syntax, which reads back in as a program, or LaTeX.
public enum FormulaFormat: String, CaseIterable, Sendable {
    case text, latex

    /// What starts a comment that runs to the end of the line.
    package var comment: String { self == .text ? "#" : "%" }
}

/// Prints a derivative graph (from `Derivatives.partials` and friends) for people: the shared
/// parts that naming makes shorter first (`c = x^2 + exp(x^2)`), then one `label = formula` line
/// per output. Text is deriv's own syntax, so every formula reads back in; LaTeX is an
/// `aligned` block when there is more than one line. All through `ExpressionPrinter`.
package struct FormulaPrinter {
    /// How formulas are written (`FormulaFormat`).
    package typealias Format = FormulaFormat

    /// Longest text `inline` will write (an expression used twice is written twice, so a graph
    /// with much sharing can be exponentially long written inline).
    package static let maxInlineCharacters = 1_000_000

    /// The shared parts, named, in the order they are computed (`t1 = x^2 + y^2`).
    package private(set) var statements: [(name: String, text: String)] = []
    /// One formula per output of the graph, over the names of `statements`.
    package private(set) var outputs: [String] = []
    private let format: Format

    /// - Parameter inline: one expression per output, nothing named (`--inline`); throws a
    ///   `InlineFormulaTooLong` when that text would be longer than `maxInlineCharacters`.
    package init(_ graph: Graph, format: Format, inline: Bool) throws {
        self.format = format
        if inline { try FormulaPrinter.checkInlineLength(graph) }
        let policy: ExpressionPrinter.BindingPolicy = inline ? .inline : .compact(maxInlineDepth: 32)
        // Output by output, so a formula does not depend on the others (`Graph.eachOutputAlone`).
        let written = graph.outputs.count > 1 ? graph.eachOutputAlone { FormulaPrinter.inlinePartsWrittenOut($0, policy) } : nil
        let merged = written ?? FormulaPrinter.inlinePartsWrittenOut(graph, policy)
        // Then the factors several formulas share, named where that is shorter (not in `--inline`).
        let graph = !inline && merged.outputs.count > 1 ? FormulaPrinter.commonFactorsNamed(merged, policy) : merged
        let text = ExpressionPrinter(graph: graph, syntax: .deriv, policy: policy)
        switch format {
        case .text:
            statements = text.statements.map { (text.string($0.name), text.string($0.expression)) }
            outputs = text.outputs.map(text.string)
        case .latex:
            let latex = ExpressionPrinter(graph: graph, syntax: .latex, policy: .nodes(Set(text.statements.map(\.node))),
                                          naming: text.naming)
            statements = latex.statements.map { (latex.string($0.name), latex.string($0.expression)) }
            outputs = latex.outputs.map(latex.string)
        }
    }

    /// The shared parts, then `label = formula` for each output: one per line in text, an
    /// `aligned` block in LaTeX (a single line when there is only one). `comments`, one per
    /// output, end the output lines as comments (`d/dx = 2*x  # = 4`), lined up in text.
    package func lines(_ labels: [DerivativeLabel], comments: [String]? = nil) -> String {
        switch format {
        case .text:
            let formulas = zip(labels, outputs).map { "\($0.text) = \($1)" }
            return (statements.map { "\($0.name) = \($0.text)" } + commented(formulas, comments)).map { $0 + "\n" }.joined()
        case .latex:
            return aligned(statements + zip(labels, outputs).map { ($0.latex, $1) },
                           comments: comments.map { Array(repeating: nil, count: statements.count) + $0 })
        }
    }

    /// The one output as a program deriv reads back: `c = …; d = …; formula` on one line, or
    /// just the formula. In LaTeX, the formula, or an `aligned` block ending in `label = formula`.
    /// `comment` ends the formula's line as a comment.
    package func program(_ label: DerivativeLabel, comment: String? = nil) -> String {
        switch format {
        case .text:
            let line = (statements.map { "\($0.name) = \($0.text)" } + outputs).joined(separator: "; ")
            return commented([line], comment.map { [$0] })[0] + "\n"
        case .latex:
            if statements.isEmpty { return commented(outputs, comment.map { [$0] }).joined(separator: "\n") + "\n" }
            return aligned(statements + [(label.latex, outputs[0])],
                           comments: comment.map { Array(repeating: nil, count: statements.count) + [$0] })
        }
    }

    /// `lines` each followed by its comment; in text the comments start in one column when the
    /// lines are short enough to be read side by side.
    private func commented(_ lines: [String], _ comments: [String?]?) -> [String] {
        guard let comments else { return lines }
        let width = lines.map(\.count).max() ?? 0
        return zip(lines, comments).map { line, comment in
            guard let comment else { return line }
            let pad = format == .text && width <= FormulaPrinter.alignedCommentColumn ? width - line.count : 0
            return line + String(repeating: " ", count: pad + 2) + format.comment + " " + comment
        }
    }

    /// The widest lines whose comments `commented` lines up.
    private static let alignedCommentColumn = 80

    private func aligned(_ rows: [(String, String)], comments: [String?]? = nil) -> String {
        FormulaPrinter.aligned(rows) { commented($0, comments) }
    }

    /// Rows `label = formula` in LaTeX: one line, or an `aligned` block; `commented` ends lines
    /// with their comments. Shared with `MatrixFormulas`.
    static func aligned(_ rows: [(String, String)], commented: ([String]) -> [String] = { $0 }) -> String {
        if rows.count == 1 { return commented(["\(rows[0].0) = \(rows[0].1)"])[0] + "\n" }
        let lines = rows.indices.map { "\(rows[$0].0) &= \(rows[$0].1)" + ($0 < rows.count - 1 ? " \\\\" : "") }
        return "\\begin{aligned}\n" + commented(lines).joined(separator: "\n") + "\n\\end{aligned}\n"
    }

    /// The graph with the shared parts the printer writes inline (under `policy`) written out
    /// where they are used (`Graph.writingOut`: `2*x*(2*y*t)` → `4*x*y*t`), as long as that
    /// makes the text shorter. Writing parts out can leave new shared parts that are written
    /// inline (a common factor taken out of the merged terms): a few rounds. Text too long to be
    /// worth simplifying again is left as it is.
    private static func inlinePartsWrittenOut(_ g: Graph, _ policy: ExpressionPrinter.BindingPolicy) -> Graph {
        var printer = ExpressionPrinter(graph: g, syntax: .deriv, policy: policy)
        for _ in 0..<writingOutRounds {
            let g = printer.graph
            guard g.count <= Graph.expansionLimit, printer.textLength <= maxRewrittenCharacters else { break }
            let named = Set(printer.statements.map(\.node))
            guard !g.sharedParts.subtracting(named).isEmpty else { break }
            let written = ExpressionPrinter(graph: g.writingOut(allBut: named), syntax: .deriv, policy: policy)
            guard written.textLength < printer.textLength else { break }
            printer = written
        }
        return printer.graph
    }

    /// Rounds of `inlinePartsWrittenOut`; more change nothing on the golden corpus (one leaves
    /// `-0.05*(0.05*t)` in the network's Hessian).
    private static let writingOutRounds = 2

    /// The longest text `inlinePartsWrittenOut` simplifies again (a formula someone reads).
    private static let maxRewrittenCharacters = 20_000

    /// An upper bound on the inline text's length, in one pass (saturating).
    private static func checkInlineLength(_ g: Graph) throws {
        var length = [Int](repeating: 0, count: g.count)
        for (i, n) in g.nodes.enumerated() {
            var l = n.op == .input ? g.inputs[n.inputIndex].utf8.count : 24
            n.forEachArgument { _, a in l = Swift.min(l &+ length[Int(a)], Int.max / 4) }
            length[i] = l
        }
        let longest = g.outputs.map { length[Int($0)] }.max() ?? 0
        if longest > maxInlineCharacters {
            throw InlineFormulaTooLong(limit: maxInlineCharacters)
        }
    }
}

/// A derivative asked for as one expression (`inline`) whose text would be over `limit`
/// characters, because it repeats shared parts: print it with them written out instead.
package struct InlineFormulaTooLong: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The most characters an inline formula may have.
    package let limit: Int
    package var description: String {
        "written as one expression the derivative would be over \(limit) characters, because it repeats shared parts; "
            + "print it with the shared parts written out"
    }
    package var errorDescription: String? { description }
}
