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
            CodeWords.call(OpCodeTable.javascript[op], a, &w)
                ?? CodeWords.cFamily(op, a, &w, one: "1", zero: "0", equal: "===", notEqual: "!==")
                ?? w.call(op.info.name, a)
        })
}

extension OpCodeTable {
    static let javascript = OpCodeTable(\.javascript)
}

extension CodeTemplate {
    static let javascript = CodeTemplate(
        syntax: .javascript,
        maxInlineDepth: 6,
        commentPrefix: "// ",
        prelude: { _ in [] },
        usage: ["An ES module (node: save as .mjs, or .js with \"type\": \"module\"); Math only."],
        helpers: OpCodeTable.javascript.helpers,
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
