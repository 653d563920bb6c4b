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
            CodeWords.call(OpCodeTable.swift[op], a, &w)
                ?? CodeWords.cFamily(op, a, &w, one: "1.0", zero: "0.0") ?? w.call(op.info.name, a)
        })
}

extension OpCodeTable {
    static let swift = OpCodeTable(\.swift)
}

extension CodeTemplate {
    static let swift = CodeTemplate(
        syntax: .swift,
        maxInlineDepth: 4,
        commentPrefix: "// ",
        prelude: { _ in ["import Foundation"] },
        usage: ["Swift with Foundation only; compiles warning-free with swiftc -O."],
        helpers: OpCodeTable.swift.helpers,
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
