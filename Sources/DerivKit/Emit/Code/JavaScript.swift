/// JavaScript code: an ES module for node or browsers, `Math` only.
///
///     export function f(x, y)                   // returns f
///     export function f_grad(x, y, grad)         // returns f, writes grad[0] = df/dx, grad[1] = df/dy
///     export function f_jvp(x, y, dx, dy, dout)  // returns f, writes dout[0] = df along (dx, dy)
///     export function f_jac(x, y, values, jac)   // several outputs: jac[i*n + j] = d(out i)/d(in j)
///
/// Like C, results beyond a returned number go into arrays the caller passes (an Array or a
/// Float64Array, reused across calls): nothing is allocated per call. JavaScript has no erf, so
/// `deriv_erf` is written out (within 1 ulp of glibc's erf; see its comment).
extension LanguageSyntax {
    public static let javascript = LanguageSyntax(
        name: "javascript",
        reserved: CodeWords.javascript.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("NaN", .atom) }
            if v.isInfinite { return v > 0 ? Printed("Infinity", .atom) : Printed("-Infinity", .unary) }
            return CodeWords.decimal(v, forceFraction: false)
        },
        write: { op, a, w in
            switch op {
            // Math.pow differs from C's pow only for a base of ±1 and an exponent of NaN or ±∞.
            case .pow: return CodeWords.power(a, &w, function: "Math.pow", general: "deriv_pow")
            case .max, .min, .relu, .sigmoid, .softplus, .erf: return w.call("deriv_" + op.info.name, a)
            default:
                return CodeWords.cFamily(op, a, &w, one: "1", zero: "0", equal: "===", notEqual: "!==")
                    ?? w.call("Math." + op.info.name, a)
            }
        })
}

extension CodeTemplate {
    static let javascript = CodeTemplate(
        syntax: .javascript,
        maxInlineDepth: 6,
        commentPrefix: "// ",
        prelude: { _ in [] },
        usage: ["An ES module (node: save as .mjs, or .js with \"type\": \"module\"); Math only."],
        helpers: [
            Helper("deriv_pow", """
                // x^y as C's pow computes it: x^2 is x*x (as deriv computes it), and 1^y = 1 and
                // (-1)^(+-Infinity) = 1 where Math.pow gives NaN.
                function deriv_pow(x, y) {
                  if (y === 2) return x * x;
                  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
                  return Math.pow(x, y);
                }

                """),
            Helper("deriv_max", """
                // max(a, b): a on ties (Math.max(-0, 0) would give 0); NaN when either is NaN.
                function deriv_max(a, b) { return a >= b || a !== a ? a : b; }

                """),
            Helper("deriv_min", """
                // min(a, b): a on ties; NaN when either is NaN.
                function deriv_min(a, b) { return a <= b || a !== a ? a : b; }

                """),
            Helper("deriv_relu", """
                // relu(x) = max(x, 0).
                function deriv_relu(x) { return x >= 0 || x !== x ? x : 0; }

                """),
            Helper("deriv_sigmoid", """
                // sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                function deriv_sigmoid(x) {
                  const e = Math.exp(-Math.abs(x));
                  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
                }

                """),
            Helper("deriv_softplus", """
                // softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                function deriv_softplus(x) { return (x >= 0 || x !== x ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))); }

                """),
            Helper("deriv_erf", defines: ["deriv_erfSeries"], """
                // erf(x), which Math lacks; within 1 ulp of glibc's erf (checked on 240,000 points).
                // |x| < 1: x + x*y(x^2), y the Maclaurin series of erf(x)/x - 1 (20 terms, Horner).
                // 1 <= |x| < 6: 1 - erfc(x), erfc(x) = exp(-x^2) / (sqrt(pi) K), K the continued fraction
                //   x + (1/2)/(x + 1/(x + (3/2)/(x + ...))) summed from 240/x^2 + 8 terms up; exp(-x^2) is
                //   exp(-h)*(1 - l) with x^2 = h + l exactly (Dekker's product), so rounding x^2 costs nothing.
                // |x| >= 6: +-1 (erfc(6) < 2.2e-17 is under half an ulp of 1).
                const deriv_erfSeries = [
                  0.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252,
                  0.005223977625442188, -0.0008548327023450853, 0.00012055332981789664, -1.492565035840625e-05,
                  1.6462114365889248e-06, -1.6365844691234924e-07, 1.4807192815879218e-08, -1.2290555301717928e-09,
                  9.422759064650411e-11, -6.7113668551641105e-12, 4.4632242632864775e-13, -2.7835162072109215e-14,
                  1.6342614095367152e-15, -9.063970842808673e-17, 4.763348040515068e-18, -2.3784598852774293e-19,
                ];
                function deriv_erf(x) {
                  const a = Math.abs(x);
                  if (!(a < 6)) return a >= 6 ? Math.sign(x) : x;
                  if (a < 1) {
                    const z = x * x;
                    let y = deriv_erfSeries[19];
                    for (let k = 18; k >= 0; k--) y = deriv_erfSeries[k] + z * y;
                    return x + x * y;
                  }
                  const c = a * 134217729, ah = c - (c - a), al = a - ah;
                  const h = a * a, l = ((ah * ah - h) + 2 * ah * al) + al * al;
                  let k = a;
                  for (let n = Math.ceil(240 / h) + 8; n > 0; n--) k = a + 0.5 * n / k;
                  const r = 1 - Math.exp(-h) * (1 - l) / (1.772453850905516 * k);
                  return x < 0 ? -r : r;
                }

                """),
        ],
        function: javascriptFunction)

    /// `export function f_grad(x, y, grad) { … }`: like C, the first result, when it is one number,
    /// is returned and every other result is written into an array argument.
    @Sendable private static func javascriptFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        for group in f.parameters {
            if let array = group.array {
                if !group.names.isEmpty { parameters.append(array) }
            } else {
                parameters += group.names
            }
        }
        let returned = f.returnedScalar
        var writes: [String] = []
        var delivery = returned.map { ["Returns \($0.meanings[0])"] } ?? []
        for r in f.results.dropFirst(returned == nil ? 0 : 1) where !r.entries.isEmpty {
            parameters.append(r.parameter)
            let targets = r.entries.indices.map { "\(r.parameter)[\($0)]" }
            writes += zip(targets, r.entries).map { "\($0) = \($1);" }
            delivery.append((delivery.isEmpty ? "Writes " : "writes ") + CodeTemplate.cDelivery(r, targets))
        }
        var lines = ["/**", " * " + f.summary, " * " + delivery.joined(separator: "; ") + ".", " */"]
        let head = "export function \(f.name)("
        lines.append(head + CodeLayout.list(parameters, first: head.count, indent: "    ") + ") {")
        var after = writes.map { "  " + $0 }
        if let returned { after.append("  return \(returned.entries[0]);") }
        after.append("}")
        return FunctionLayout(before: lines, indent: "  ", statement: .init(before: "const ", between: " = ", after: ";"),
                              after: after)
    }
}
