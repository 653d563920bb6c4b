@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
/// Swift code: Foundation only (no `_Differentiation`), warning-free with `swiftc -O`; the
/// functions are `public`, named as Swift names functions (`FunctionNames`):
///
///     public func f(_ x: Double, _ y: Double) -> Double
///     public func fGradient(_ x: Double, _ y: Double) -> (value: Double, gradient: [Double])
///     public func fJVP(_ x: Double, _ y: Double, _ dx: Double, _ dy: Double) -> (value: Double, derivative: Double)
///     public func f(_ x: Double, _ y: Double) -> [Double]                       // several outputs
///     public func fJacobian(_ x: Double, _ y: Double) -> (values: [Double], jacobian: [[Double]])
///
/// A vector is a `[Double]` (the gradient in input order, the values in output order), a matrix a
/// `[[Double]]` (the Jacobian, a row per output). With array inputs (`--array`) the inputs are
/// one `[Double]`, and the functions throw `FSizeError` when it does not hold one number per input
/// (`fGradient(_ inputs: [Double]) throws -> (value: Double, gradient: [Double])`).
extension LanguageSyntax {
    package static let swift = LanguageSyntax(
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
        usage: { _ in ["Swift with Foundation only; compiles warning-free with swiftc -O."] },
        helpers: OpCodeTable.swift.helpers,
        supportDeclarations: { names, arrays in arrays ? [swiftSizeError(names.sizeError)] : [] },
        function: swiftFunction)

    /// The error the functions of a file throw when an array argument has the wrong size: one per
    /// file, named after its functions, so that two files in one module do not collide.
    static func swiftSizeError(_ name: String) -> String {
        """
        /// Thrown when an array argument has the wrong number of entries (or a dimension is out of range).
        public struct \(name): LocalizedError, CustomStringConvertible {
            /// What is wrong: the function, the argument, its size and the size it needs.
            public let description: String
            public var errorDescription: String? { description }
        }
        """
    }

    /// The check that array `name` has `count` entries (a Swift expression), in function `function`.
    static func swiftSizeCheck(_ name: String, _ count: String, function: String, error: String) -> String {
        "guard \(name).count == \(count) else { throw \(error)(description: "
            + "\"\(function): \(name) has \\(\(name).count) entries, not \(Int(count) != nil ? count : "\\(" + count + ")")\") }"
    }

    /// Vectors and matrices whose entries take at most this many characters are returned as array
    /// literals, larger ones are filled entry by entry (short lines; and an array literal of
    /// thousands of expressions is slow to type-check).
    static let swiftLiteralText = 60

    /// `public func fGradient(_ x: Double, …) -> (value: Double, gradient: [Double]) { … }`.
    @Sendable private static func swiftFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        var checks: [String] = []
        for group in f.parameters {
            if let array = group.array {
                if group.names.isEmpty { continue }
                parameters.append("_ \(array): [Double]")
                checks.append(swiftSizeCheck(array, String(group.names.count), function: f.name, error: f.names.sizeError))
            } else {
                parameters += group.names.map { "_ \($0): Double" }
            }
        }
        var fills: [String] = []
        func value(_ r: ResultGroup) -> String {
            let literal = r.entries.reduce(0) { $0 + $1.utf8.count + 2 } <= swiftLiteralText
            switch r.shape {
            case .scalar:
                return r.entries[0]
            case .vector where literal:
                return "[" + r.entries.joined(separator: ", ") + "]"
            case .matrix where literal:
                return "[" + r.rows.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            case .vector:
                fills.append("var \(r.parameter) = [Double](repeating: 0.0, count: \(r.entries.count))")
                fills += r.entries.enumerated().map { "\(r.parameter)[\($0)] = \($1)" }
                return r.parameter
            case .matrix(let columns):
                fills.append("var \(r.parameter) = [[Double]](repeating: [Double](repeating: 0.0, count: \(columns)), "
                             + "count: \(r.rows.count))")
                fills += r.entries.enumerated().map { "\(r.parameter)[\($0 / columns)][\($0 % columns)] = \($1)" }
                return r.parameter
            }
        }
        let values = f.results.map(value)
        let types = f.results.map { r in r.shape == .scalar ? "Double" : r.shape == .vector ? "[Double]" : "[[Double]]" }
        let type = f.results.count == 1 ? types[0]
            : "(" + zip(f.results, types).map { "\($0.label): \($1)" }.joined(separator: ", ") + ")"
        let returned = f.results.count == 1 ? values[0] : "(" + values.joined(separator: ", ") + ")"
        var lines = ["/// " + f.summary, "/// - Returns: " + f.results.map(swiftMeaning).joined(separator: ", and ") + "."]
        if !checks.isEmpty {
            let arrays = f.parameters.compactMap { g in g.array.flatMap { g.names.isEmpty ? nil : "`\($0)`" } }
            lines.append("/// - Throws: `\(f.names.sizeError)` when " + arrays.joined(separator: " or ")
                         + " does not hold one number per input.")
        }
        let head = "public func \(f.name)("
        lines.append(head + CodeLayout.list(parameters, first: head.count, indent: "    ") + ")"
                     + (checks.isEmpty ? "" : " throws") + " -> " + type + " {")
        lines += checks.map { "    " + $0 }
        let after = (fills + ["return " + returned]).map { "    " + $0 } + ["}"]
        var layout = FunctionLayout(before: lines, indent: "    ", statement: .init(before: "let ", between: ": Double = ", after: ""),
                                    after: after)
        if f.body.printer.graph.operationCount >= swiftPartsFrom {
            layout.parts = swiftParts(f.parameters)
        }
        return layout
    }

    /// The fewest operations of a function written in parts (`swiftParts`).
    static let swiftPartsFrom = 300

    /// A long function's body in private functions of 100 statements each: Swift type-checks a
    /// function in a time that grows with the square of its length (docs/PERFORMANCE.md,
    /// "Compile time"); the optimizer inlines the parts back.
    private static func swiftParts(_ groups: [ParameterGroup]) -> FunctionParts {
        let parameters = groups.flatMap { g in g.array.map { [($0, "[Double]")] } ?? g.names.map { ($0, "Double") } }
        return FunctionParts(
            size: 100,
            parameters: parameters,
            declaration: { name, parameters, results in
                let head = "private func \(name)("
                let list = CodeLayout.list(parameters.map { "_ \($0.name): \($0.type)" }, first: head.count, indent: "    ")
                let last = list.split(separator: "\n").last.map(\.count) ?? 0
                let type = results == 1 ? "Double"
                    : "(" + CodeLayout.list(Array(repeating: "Double", count: results), first: last + 5, indent: "    ") + ")"
                return head + list + ")" + (results == 0 ? "" : " -> " + type) + " {"
            },
            call: { name, arguments, results in
                let head = results.isEmpty ? "" : results.count == 1 ? "let \(results[0]): Double = "
                    : "let (" + CodeLayout.list(results, first: 9, indent: "        ") + ") = "
                return head + name + "(" + CodeLayout.list(arguments, first: 4 + head.count + name.count, indent: "        ") + ")"
            },
            returning: { results in
                results.isEmpty ? "return" : results.count == 1 ? "return " + results[0]
                    : "return (" + CodeLayout.list(results, first: 12, indent: "        ") + ")"
            })
    }

    /// What a result is, for the documentation: `f`, `the gradient [df/dx, df/dy]`, ….
    private static func swiftMeaning(_ r: ResultGroup) -> String {
        switch r.shape {
        case .scalar:
            return r.meanings[0]
        case .vector:
            let order = r.noun.hasPrefix("gradient") ? "in input order" : "in output order"
            return "the \(r.noun) " + (r.meanings.count <= 6 ? "[" + r.meanings.joined(separator: ", ") + "]" : "(\(order))")
        case .matrix:
            let rows = r.rows.count, entries = r.meanings.count
            return "the \(r.noun), a row per output" + (entries <= 6 && entries > 0
                ? " [" + stride(from: 0, to: entries, by: entries / rows).map {
                    "[" + r.meanings[$0..<$0 + entries / rows].joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
                : "")
        }
    }
}
