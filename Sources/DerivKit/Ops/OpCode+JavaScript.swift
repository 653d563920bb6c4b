extension Op {
    /// How JavaScript's `Math` computes each operation (`LanguageSyntax.javascript`). Beyond
    /// `Math` are small helpers computing exactly what `evaluate` computes, and `deriv_erf`.
    var javascriptCode: OpCode {
        switch self {
        case .input, .constant, .add, .sub, .mul, .div, .neg, .lt, .le, .gt, .ge, .eq, .ne, .select:
            return .builtIn
        case .pow:
            // Math.pow differs from C's pow only for a base of ±1 and an exponent of NaN or ±∞.
            return .power(library: "Math.pow", helper: Helper("deriv_pow", """
                // x^y as C's pow computes it: x^2 is x*x (as deriv computes it), and 1^y = 1 and
                // (-1)^(+-Infinity) = 1 where Math.pow gives NaN.
                function deriv_pow(x, y) {
                  if (y === 2) return x * x;
                  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
                  return Math.pow(x, y);
                }
                """))
        case .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh, .atanh,
             .exp, .log, .log2, .log10, .log1p, .expm1, .sqrt, .cbrt, .abs, .sign, .atan2, .hypot:
            return .library("Math." + info.name)
        case .max:
            return .helper(Helper("deriv_max", """
                // max(a, b): a on ties (Math.max(-0, 0) would give 0); NaN when either is NaN.
                function deriv_max(a, b) { return a >= b || a !== a ? a : b; }
                """))
        case .min:
            return .helper(Helper("deriv_min", """
                // min(a, b): a on ties; NaN when either is NaN.
                function deriv_min(a, b) { return a <= b || a !== a ? a : b; }
                """))
        case .relu:
            return .helper(Helper("deriv_relu", """
                // relu(x) = max(x, 0).
                function deriv_relu(x) { return x >= 0 || x !== x ? x : 0; }
                """))
        case .sigmoid:
            return .helper(Helper("deriv_sigmoid", """
                // sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                function deriv_sigmoid(x) {
                  const e = Math.exp(-Math.abs(x));
                  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
                }
                """))
        case .softplus:
            return .helper(Helper("deriv_softplus", """
                // softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                function deriv_softplus(x) { return (x >= 0 || x !== x ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))); }
                """))
        case .erf:
            return .helper(Helper("deriv_erf", defines: ["deriv_erfSeries"], """
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
                """))
        }
    }
}
