/// Swift code: Foundation only (no `_Differentiation`), warning-free with `swiftc -O`.
///
///     func f(_ x: Double, _ y: Double) -> Double
///     func f_grad(_ x: Double, _ y: Double) -> (value: Double, gradient: (x: Double, y: Double))
///     func f_jvp(_ x: Double, _ y: Double, _ dx: Double, _ dy: Double) -> (value: Double, derivative: Double)
///     func f_jac(_ x: Double, _ y: Double) -> (values: (f: Double, g: Double),
///                                             jacobian: (f: (x: Double, y: Double), g: (x: Double, y: Double)))
///
/// Results are tuples labelled with the program's names, so nothing is allocated. With array
/// inputs (`--array`) the inputs are one `[Double]` and vector results are written to
/// `inout [Double]` arguments (`f_grad(_ inputs: [Double], grad: inout [Double]) -> Double`).
extension LanguageSyntax {
    public static let swift = LanguageSyntax(
        name: "swift",
        reserved: CodeWords.swift.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("Double.nan", .atom) }
            if v.isInfinite { return v > 0 ? Printed("Double.infinity", .atom) : Printed("-Double.infinity", .unary) }
            if v.isSubnormal {
                // Swift warns that any subnormal literal "underflows and loses precision".
                return Printed("Double(bitPattern: 0x" + String(v.bitPattern, radix: 16) + ")", .atom)
            }
            return CodeWords.decimal(v, forceFraction: true)
        },
        write: { op, a, w in
            switch op {
            case .pow: return CodeWords.power(a, &w, function: "pow", general: "deriv_pow")
            case .sign, .sigmoid, .relu, .softplus, .max, .min: return w.call("deriv_" + op.info.name, a)
            default: return CodeWords.cFamily(op, a, &w, one: "1.0", zero: "0.0") ?? w.call(op.info.name, a)
            }
        })
}

extension CodeTemplate {
    static let swift = CodeTemplate(
        syntax: .swift,
        maxInlineDepth: 4,
        commentPrefix: "// ",
        prelude: { _ in ["import Foundation"] },
        usage: ["Swift with Foundation only; compiles warning-free with swiftc -O."],
        helpers: [
            Helper("deriv_pow", """
                /// x^y; x^2 is x*x, exactly as deriv computes it.
                fileprivate func deriv_pow(_ x: Double, _ y: Double) -> Double { y == 2 ? x * x : pow(x, y) }

                """),
            Helper("deriv_sign", """
                /// sign(x): 1 or -1; sign(±0) and sign(NaN) are x itself.
                fileprivate func deriv_sign(_ x: Double) -> Double { x > 0 ? 1 : x < 0 ? -1 : x }

                """),
            Helper("deriv_max", """
                /// max(a, b): a on ties; NaN when either is NaN.
                fileprivate func deriv_max(_ a: Double, _ b: Double) -> Double { a >= b || a.isNaN ? a : b }

                """),
            Helper("deriv_min", """
                /// min(a, b): a on ties; NaN when either is NaN.
                fileprivate func deriv_min(_ a: Double, _ b: Double) -> Double { a <= b || a.isNaN ? a : b }

                """),
            Helper("deriv_relu", """
                /// relu(x) = max(x, 0).
                fileprivate func deriv_relu(_ x: Double) -> Double { x >= 0 || x.isNaN ? x : 0 }

                """),
            Helper("deriv_sigmoid", """
                /// sigmoid(x) = 1/(1 + exp(-x)) without overflow: one exp(-|x|) <= 1 serves both signs.
                fileprivate func deriv_sigmoid(_ x: Double) -> Double {
                    let e = exp(-abs(x))
                    return x >= 0 ? 1 / (1 + e) : e / (1 + e)
                }

                """),
            Helper("deriv_softplus", """
                /// softplus(x) = log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
                fileprivate func deriv_softplus(_ x: Double) -> Double { (x >= 0 || x.isNaN ? x : 0) + log1p(exp(-abs(x))) }

                """),
        ],
        function: swiftFunction)

    /// `func f_grad(_ x: Double, …) -> (value: Double, gradient: (x: Double, …)) { … }`.
    @Sendable private static func swiftFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        let arrays = f.parameters.first?.array != nil
        for group in f.parameters {
            if let array = group.array {
                if !group.names.isEmpty { parameters.append("_ \(array): [Double]") }
            } else {
                parameters += group.names.map { "_ \($0): Double" }
            }
        }
        // Scalar inputs: every result in the returned tuple. Array inputs: vectors and matrices
        // written to inout arrays, numbers returned.
        let returned = arrays ? f.results.filter { $0.shape == .scalar } : f.results
        var writes: [String] = []
        var delivery: [String] = []
        for r in f.results where arrays && r.shape != .scalar && !r.entries.isEmpty {
            parameters.append("\(r.parameter): inout [Double]")
            let targets = r.entries.indices.map { "\(r.parameter)[\($0)]" }
            writes += zip(targets, r.entries).map { "\($0) = \($1)" }
            delivery.append("Writes " + CodeTemplate.cDelivery(r, targets) + ".")
        }
        var type: String?
        var value: String?
        if returned.count == 1 {
            type = swiftType(returned[0])
            value = swiftValue(returned[0])
        } else if returned.count > 1 {
            type = "(" + returned.map { "\($0.label): " + swiftType($0) }.joined(separator: ", ") + ")"
            value = "(" + returned.map(swiftValue).joined(separator: ", ") + ")"
        }
        if !returned.isEmpty {
            delivery.insert("Returns " + returned.map { r in
                r.shape == .scalar ? r.meanings[0] : "the \(r.label)"
            }.joined(separator: " and ") + ".", at: 0)
        }
        var lines = ["/// " + f.summary] + delivery.map { "/// " + $0 }
        let head = "func \(f.name)("
        lines.append(head + CodeLayout.list(parameters, first: head.count, indent: "    ") + ")"
                     + (type.map { " -> " + $0 } ?? "") + " {")
        var after = writes.map { "    " + $0 }
        if let value { after.append("    return " + value) }
        after.append("}")
        return FunctionLayout(before: lines, indent: "    ", statement: .init(before: "let ", between: ": Double = ", after: ""),
                              after: after)
    }

    /// A result's Swift type: `Double`, or a tuple labelled with the program's names (a
    /// one-element tuple is just its element).
    private static func swiftType(_ r: ResultGroup) -> String {
        func tuple(_ labels: [String], _ element: String) -> String {
            labels.count == 1 ? element : "(" + labels.map { "\($0): \(element)" }.joined(separator: ", ") + ")"
        }
        switch r.shape {
        case .scalar: return "Double"
        case .vector: return tuple(r.labels, "Double")
        case .matrix: return tuple(r.rowLabels, tuple(r.labels, "Double"))
        }
    }

    /// A result's value, matching `swiftType`.
    private static func swiftValue(_ r: ResultGroup) -> String {
        func tuple(_ items: [String]) -> String { items.count == 1 ? items[0] : "(" + items.joined(separator: ", ") + ")" }
        switch r.shape {
        case .scalar: return r.entries[0]
        case .vector: return tuple(r.entries)
        case .matrix: return tuple(r.rows.map(tuple))
        }
    }
}
