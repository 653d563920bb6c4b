@_spi(DerivCore) import DerivCore
import Foundation
extension LanguageSyntax {
    /// LaTeX math, for `deriv diff --format latex`: `\frac{a}{b}`, `\sqrt{x}`, `e^{x}` for exp,
    /// `\sin\left(x\right)`, `x^{2}`, implicit multiplication (`2 x \sin\left(x\right)`, with
    /// `\cdot` before a number), `\left[x \ge y\right]` (Iverson brackets) for comparisons, and
    /// names as mathematicians write them (`w1` → `w_{1}`, `alpha` → `\alpha`, the adjoint of `c` → `\bar{c}`).
    /// For reading, not parsing: parentheses follow the mathematics (`a b c` whatever the
    /// grouping of the products), which is all a reader needs.
    package static let latex = LanguageSyntax(
        name: "latex",
        reserved: [],
        number: latexNumber,
        spell: { op, a in
            switch op {
            case .add: return Printed(a[0].text + " + " + latexRight(a[1], .additive), .additive)
            case .sub: return Printed(a[0].text + " - " + latexRight(a[1], .multiplicative), .additive)
            case .mul: return latexProduct(a[0], a[1])
            case .div:
                // A sign goes in front: `-\frac{x}{y}`, not `\frac{-x}{y}`.
                if a[0].precedence == .unary, a[0].text.hasPrefix("-") {
                    let numerator = latexUnwrapped(String(a[0].text.dropFirst()))
                    return Printed("-\\frac{" + numerator + "}{" + a[1].text + "}", .unary)
                }
                // A decimal over something as a fraction: `\frac{1}{2 \sqrt{x}}`, not `\frac{0.5}{\sqrt{x}}`.
                if let v = Double(a[0].text), let q = (2...16).first(where: { v * Double($0) == (v * Double($0)).rounded() }),
                   v != v.rounded() {
                    let denominator = latexProduct(Printed(String(q), .atom), a[1]).text
                    return Printed("\\frac{" + decimal(v * Double(q), forceFraction: false) + "}{" + denominator + "}", .power)
                }
                return Printed("\\frac{" + a[0].text + "}{" + a[1].text + "}", .power)
            case .neg: return Printed("-" + latexRight(a[0], .multiplicative), .unary)
            case .pow: return Printed(latexOperand(a[0], .atom) + "^{" + a[1].text + "}", .power)
            case .select:
                return Printed("\\begin{cases} " + a[1].text + " & \\text{if } " + condition(a[0]) + " \\\\ "
                               + a[2].text + " & \\text{otherwise} \\end{cases}", .atom)
            default:
                switch op.latex {
                case .builtIn: return Printed(op.info.name + "(" + a.map(\.text).joined(separator: ", ") + ")", .atom)
                case .function(let name):
                    return Printed(name + "\\left(" + a.map(\.text).joined(separator: ", ") + "\\right)", .atom)
                case .around(let before, let after, let precedence): return Printed(before + a[0].text + after, precedence)
                case .iverson(let relation): return iverson(a, relation)
                }
            }
        },
        identifier: latexName)

    private static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    ]

    private static func latexParenthesized(_ text: String) -> String { "\\left(" + text + "\\right)" }

    /// `text` without the parentheses around all of it, if there are such.
    private static func latexUnwrapped(_ text: String) -> String {
        let open = "\\left(", close = "\\right)"
        guard text.hasPrefix(open), text.hasSuffix(close) else { return text }
        var depth = 0
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix(open) {
                depth += 1
                i = text.index(i, offsetBy: open.count)
            } else if text[i...].hasPrefix(close) {
                depth -= 1
                i = text.index(i, offsetBy: close.count)
                if depth == 0 && i != text.endIndex { return text }  // the first group closes early
            } else {
                i = text.index(after: i)
            }
        }
        return String(text.dropFirst(open.count).dropLast(close.count))
    }

    private static func latexOperand(_ p: Printed, _ level: Precedence) -> String {
        p.precedence < level ? latexParenthesized(p.text) : p.text
    }

    /// A right operand: in parentheses when it binds more loosely than `level` or starts with a
    /// sign (`a - \left(-b\right)`).
    private static func latexRight(_ p: Printed, _ level: Precedence) -> String {
        p.precedence == .unary || p.text.hasPrefix("-") ? latexParenthesized(p.text) : latexOperand(p, level)
    }

    /// A condition as a statement: `x > 0` for the Iverson bracket `\left[x > 0\right]`,
    /// else `c \ne 0`.
    private static func condition(_ c: Printed) -> String {
        let open = "\\left[", close = "\\right]"
        if c.text.hasPrefix(open), c.text.hasSuffix(close) {
            let inner = c.text.dropFirst(open.count).dropLast(close.count)
            if !inner.contains(close) { return String(inner) }
        }
        return c.text + " \\ne 0"
    }

    /// `a b` by juxtaposition, with `\cdot` before a number (`2 \cdot 3`).
    private static func latexProduct(_ a: Printed, _ b: Printed) -> Printed {
        let right = latexRight(b, .multiplicative)
        let digitNext = right.first.map { $0.isNumber || $0 == "." } ?? false
        return Printed(latexOperand(a, .multiplicative) + (digitNext ? " \\cdot " : " ") + right, .multiplicative)
    }

    private static func iverson(_ a: [Printed], _ relation: String) -> Printed {
        Printed("\\left[" + a[0].text + " " + relation + " " + a[1].text + "\\right]", .atom)
    }

    @Sendable private static func latexNumber(_ v: Double) -> Printed {
        if v.isNaN { return Printed("\\mathrm{NaN}", .atom) }
        if v.isInfinite { return Printed(v > 0 ? "\\infty" : "-\\infty", v > 0 ? .atom : .unary) }
        let sign = v < 0 || (v == 0 && v.sign == .minus) ? "-" : ""
        let level: Precedence = sign.isEmpty ? .atom : .unary
        if let (k, m) = piMultiple(Swift.abs(v)) {
            let numerator = k == 1 ? "\\pi" : "\(k) \\pi"
            return Printed(sign + (m == 1 ? numerator : "\\frac{" + numerator + "}{\(m)}"), level)
        }
        if let named = namedConstants.first(where: { $0.value == Swift.abs(v) }) {
            return Printed(sign + named.latex, sign.isEmpty ? named.precedence : .unary)
        }
        if let (p, q) = smallFraction(Swift.abs(v)) { return Printed(sign + "\\frac{\(p)}{\(q)}", level) }
        let text = decimal(Swift.abs(v), forceFraction: false)
        guard let e = text.firstIndex(of: "e") else { return Printed(sign + text, level) }
        let mantissa = String(text[..<e])
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        let power = "10^{\(exponent)}"
        return Printed(sign + (mantissa == "1" ? power : mantissa + " \\cdot " + power),
                       sign.isEmpty && mantissa == "1" ? .power : .multiplicative)
    }

    /// `x` → `x`, `w1` → `w_{1}`, `alpha` → `\alpha`, `net_h1` → `\mathit{net}_{h1}`,
    /// `rate` → `\mathit{rate}`. A derived node's accents come from its role (`NodeRole.accents`):
    /// the adjoint of `x` is `\bar{x}`, its tangent `\dot{x}`, and the adjoint of `net_h1`
    /// `\bar{\mathit{net}}_{h1}`. A name spelled with `_bar` or `_dot` at its end (an input
    /// `x_bar`) is written with the accent too, as it reads.
    @Sendable package static func latexName(_ name: String, role: NodeRole) -> String {
        var accents = role.accents.map(latexAccent)  // outermost first
        var name = String(decoding: name.utf8.dropLast(role.accents.suffixLength), as: UTF8.self)
        while let accent = NodeRole.Accents.Accent.allCases.first(where: { name.hasSuffix($0.suffix) }),
              name.count > accent.suffix.count {
            accents.append(latexAccent(accent))
            name.removeLast(accent.suffix.count)
        }
        var (base, lower) = (name, "")
        if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex,
           name.index(after: underscore) != name.endIndex {
            (base, lower) = (String(name[..<underscore]), String(name[name.index(after: underscore)...]))
        } else if let digits = name.firstIndex(where: \.isNumber), digits != name.startIndex,
                  name[digits...].allSatisfy(\.isNumber) {
            (base, lower) = (String(name[..<digits]), String(name[digits...]))
        }
        let accented = accents.reversed().reduce(latexWord(base)) { $1 + "{" + $0 + "}" }
        return lower.isEmpty ? accented : accented + "_{" + latexWord(lower) + "}"
    }

    private static func latexAccent(_ accent: NodeRole.Accents.Accent) -> String {
        accent == .bar ? "\\bar" : "\\dot"
    }

    /// A word in math: one letter (with digits) as it is, a Greek letter's name as the letter,
    /// a longer word upright-italic as one word (`\mathit{rate}`, not r·a·t·e).
    private static func latexWord(_ word: String) -> String {
        if word.filter(\.isLetter).count <= 1 { return word.replacingOccurrences(of: "_", with: "\\_") }
        if greek.contains(word) { return "\\" + word }
        return "\\mathit{" + word.replacingOccurrences(of: "_", with: "\\_") + "}"
    }
}
