extension LanguageSyntax {
    /// LaTeX math, for `deriv diff --format latex`: `\frac{a}{b}`, `\sqrt{x}`, `e^{x}` for exp,
    /// `\sin\left(x\right)`, `x^{2}`, implicit multiplication (`2 x \sin\left(x\right)`, with
    /// `\cdot` before a number), `\left[x \ge y\right]` (Iverson brackets) for comparisons, and
    /// names as mathematicians write them (`w1` → `w_{1}`, `alpha` → `\alpha`, `c_bar` → `\bar{c}`).
    /// For reading, not parsing: parentheses follow the mathematics (`a b c` whatever the
    /// grouping of the products), which is all a reader needs.
    public static let latex = LanguageSyntax(
        name: "latex",
        reserved: [],
        number: latexNumber,
        spell: { op, a in
            switch op {
            case .add: return Printed(a[0].text + " + " + latexRight(a[1], .additive), .additive)
            case .sub: return Printed(a[0].text + " - " + latexRight(a[1], .multiplicative), .additive)
            case .mul:
                let right = latexRight(a[1], .multiplicative)
                let digitNext = right.first.map { $0.isNumber || $0 == "." } ?? false
                return Printed(latexOperand(a[0], .multiplicative) + (digitNext ? " \\cdot " : " ") + right, .multiplicative)
            case .div: return Printed("\\frac{" + a[0].text + "}{" + a[1].text + "}", .power)
            case .neg: return Printed("-" + latexRight(a[0], .multiplicative), .unary)
            case .pow: return Printed(latexOperand(a[0], .atom) + "^{" + a[1].text + "}", .power)
            case .exp: return Printed("e^{" + a[0].text + "}", .power)
            case .sqrt: return Printed("\\sqrt{" + a[0].text + "}", .atom)
            case .cbrt: return Printed("\\sqrt[3]{" + a[0].text + "}", .atom)
            case .abs: return Printed("\\left|" + a[0].text + "\\right|", .atom)
            case .lt: return iverson(a, "<")
            case .le: return iverson(a, "\\le")
            case .gt: return iverson(a, ">")
            case .ge: return iverson(a, "\\ge")
            case .eq: return iverson(a, "=")
            case .ne: return iverson(a, "\\ne")
            case .select:
                return Printed("\\begin{cases} " + a[1].text + " & \\text{if } " + condition(a[0]) + " \\\\ "
                               + a[2].text + " & \\text{otherwise} \\end{cases}", .atom)
            default:
                let name = latexFunctionNames[op] ?? "\\operatorname{\(op.info.name)}"
                return Printed(name + "\\left(" + a.map(\.text).joined(separator: ", ") + "\\right)", .atom)
            }
        },
        identifier: latexName)

    private static let latexFunctionNames: [Op: String] = [
        .sin: "\\sin", .cos: "\\cos", .tan: "\\tan", .asin: "\\arcsin", .acos: "\\arccos", .atan: "\\arctan",
        .sinh: "\\sinh", .cosh: "\\cosh", .tanh: "\\tanh", .log: "\\ln", .log2: "\\log_{2}", .log10: "\\log_{10}",
        .sigmoid: "\\sigma", .max: "\\max", .min: "\\min",
    ]

    private static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    ]

    private static func latexParenthesized(_ text: String) -> String { "\\left(" + text + "\\right)" }

    private static func latexOperand(_ p: Printed, _ level: Precedence) -> String {
        p.precedence < level ? latexParenthesized(p.text) : p.text
    }

    /// A right operand: in parentheses when it binds more loosely than `level` or starts with a
    /// sign (`a - \left(-b\right)`).
    private static func latexRight(_ p: Printed, _ level: Precedence) -> String {
        p.precedence == .unary ? latexParenthesized(p.text) : latexOperand(p, level)
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
            return Printed(sign + named.latex, level)
        }
        let text = decimal(Swift.abs(v), forceFraction: false)
        guard let e = text.firstIndex(of: "e") else { return Printed(sign + text, level) }
        let mantissa = String(text[..<e])
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        let power = "10^{\(exponent)}"
        return Printed(sign + (mantissa == "1" ? power : mantissa + " \\cdot " + power),
                       sign.isEmpty && mantissa == "1" ? .power : .multiplicative)
    }

    /// `x` → `x`, `w1` → `w_{1}`, `alpha` → `\alpha`, `x_bar` → `\bar{x}`, `x_dot` → `\dot{x}`,
    /// `net_h1` → `\mathit{net}_{\mathit{h1}}`, `rate` → `\mathit{rate}`.
    @Sendable static func latexName(_ name: String) -> String {
        var name = name
        var accents: [String] = []  // outermost first
        while let (suffix, accent) = [("_bar", "\\bar"), ("_dot", "\\dot")].first(where: { name.hasSuffix($0.0) }),
              name.count > suffix.count {
            accents.append(accent)
            name.removeLast(suffix.count)
        }
        return accents.reversed().reduce(latexPlainName(name)) { $1 + "{" + $0 + "}" }
    }

    private static func latexPlainName(_ name: String) -> String {
        if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex,
           name.index(after: underscore) != name.endIndex {
            let base = String(name[..<underscore]), sub = String(name[name.index(after: underscore)...])
            return latexWord(base) + "_{" + latexWord(sub) + "}"
        }
        if let digits = name.firstIndex(where: \.isNumber), digits != name.startIndex,
           name[digits...].allSatisfy(\.isNumber) {
            return latexWord(String(name[..<digits])) + "_{" + name[digits...] + "}"
        }
        return latexWord(name)
    }

    private static func latexWord(_ word: String) -> String {
        if word.count == 1 || word.allSatisfy(\.isNumber) { return word }
        if greek.contains(word) { return "\\" + word }
        return "\\mathit{" + word.replacingOccurrences(of: "_", with: "\\_") + "}"
    }
}
