@_spi(DerivCore) import DerivCore
/// JavaScript code: an ES module for node or browsers, `Math` only, lowerCamelCase names
/// (`FunctionNames`), each function documented with JSDoc (`@param`, `@returns`, `@throws`):
///
///     export function f(x, y)                        // returns f
///     export function fGradient(x, y, grad)          // returns f, writes grad[0] = df/dx, grad[1] = df/dy
///     export function fJVP(x, y, dx, dy, dout)       // returns f, writes dout[0] = df along (dx, dy)
///     export function fJacobian(x, y, values, jac)   // several outputs: jac[i*n + j] = d(out i)/d(in j)
///
/// Like C, results beyond a returned number go into arrays the caller passes (an Array or a
/// Float64Array, reused across calls): nothing is allocated per call. Every argument is checked:
/// an input that is not a number throws a `TypeError` (never a silent NaN), an array too short
/// a `RangeError`. `--header` writes the TypeScript declarations (a `.d.mts`) of the same functions.
/// JavaScript has no erf, so `deriv_erf` is written out (within 1 ulp of glibc's erf; see its comment).
extension LanguageSyntax {
    package static let javascript = LanguageSyntax(
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
        usage: { _ in ["An ES module (node: save as .mjs, or .js with \"type\": \"module\"; from CommonJS, require() it",
                "on node 20.19 or later, or await import() it); Math only. An input that is not a number throws a",
                "TypeError, an array too short a RangeError."] },
        helpers: OpCodeTable.javascript.helpers + javascriptChecks,
        headerFile: .init(lines: { _, prototypes in Array(Prototype.declarations(prototypes).dropFirst()) },
                          usage: { name in ["The TypeScript declarations of the functions of \(name).mjs (the same command without",
                                            "--header): save as \(name).d.mts beside it."] }),
        function: javascriptFunction)

    /// The helpers that check arguments (docs/EMIT.md, "JavaScript"): written when a function calls them.
    static let javascriptChecks = [
        Helper("deriv_not_number", """
            // Throws a TypeError naming the first argument of fn that is not a number.
            function deriv_not_number(fn, args) {
              for (const [name, v] of Object.entries(args)) {
                if (typeof v !== "number") {
                  throw new TypeError(`${fn}: ${name} must be a number, not ${v === null ? "null" : typeof v}`);
                }
              }
            }
            """),
        Helper("deriv_check_array", """
            // Throws unless a is an array (an Array or a typed array) of n numbers (input) or of at least
            // n entries (a result written into it): a TypeError for what is not, a RangeError for a wrong length.
            function deriv_check_array(fn, name, a, n, input) {
              if (a === null || typeof a !== "object" || typeof a.length !== "number") {
                throw new TypeError(`${fn}: ${name} must be an array (an Array or a Float64Array)`);
              }
              if (input ? a.length !== n : a.length < n) {
                throw new RangeError(`${fn}: ${name} has ${a.length} entries, ${input ? "not" : "fewer than"} ${n}`);
              }
              if (input && !(a instanceof Float64Array)) {
                for (let i = 0; i < n; i++) {
                  if (typeof a[i] !== "number") {
                    throw new TypeError(`${fn}: ${name}[${i}] must be a number, not ${a[i] === null ? "null" : typeof a[i]}`);
                  }
                }
              }
            }
            """),
        Helper("deriv_check_size", """
            // Throws unless the dimension d of fn is a whole number from 0 to 2^31 - 1.
            function deriv_check_size(fn, name, d) {
              if (!Number.isInteger(d) || d < 0 || d > 2147483647) {
                throw new RangeError(`${fn}: the dimension ${name} must be a whole number from 0 to 2^31 - 1, not ${d}`);
              }
            }
            """),
    ]

    /// One function's parameters, in order, each with its TypeScript type and its documentation;
    /// what it returns; and the lines checking its arguments.
    private struct JavaScriptSignature {
        var parameters: [(name: String, type: String, doc: String)] = []
        var returns = (type: "void", doc: "nothing; the results are written into the arrays passed")
        var checks: [String] = []
        var writes: [String] = []
        var throwsDoc: [String] = []
    }

    private static let arrayType = "number[] | Float64Array"

    private static func javascriptSignature(_ f: FunctionText) -> JavaScriptSignature {
        var s = JavaScriptSignature()
        var scalars: [String] = []
        for group in f.parameters {
            if let array = group.array {
                if group.names.isEmpty { continue }
                let what = group.names.count <= 6 ? "in order: " + group.names.joined(separator: ", ")
                    : "\(group.names.count) numbers, in the order of the header comment"
                s.parameters.append((array, arrayType, "the \(group.noun), \(what)"))
                s.checks.append("deriv_check_array(\"\(f.name)\", \"\(array)\", \(array), \(group.names.count), true);")
            } else {
                scalars += group.names
                s.parameters += group.names.map { ($0, "number", "") }
            }
        }
        if !scalars.isEmpty {
            let head = "if ("
            let test = head + CodeLayout.list(scalars.map { "typeof \($0) !== \"number\"" }, first: 2 + head.count,
                                              indent: "    ", separator: " || ")
            let call = "deriv_not_number(\"\(f.name)\", { " + scalars.joined(separator: ", ") + " });"
            // One line when it fits, else the call in a block of its own.
            let line = test + ") " + call
            s.checks.insert(!line.contains("\n") && line.count <= 98 ? line
                : test + ") {\n    deriv_not_number(\"\(f.name)\", { "
                    + CodeLayout.list(scalars, first: 27 + f.name.count, indent: "      ") + " });\n  }", at: 0)
            s.throwsDoc.append("{TypeError} when an input is not a number")
        }
        let returned = f.returnedScalar
        if let returned { s.returns = ("number", returned.meanings[0]) }
        for r in f.results.dropFirst(returned == nil ? 0 : 1) where !r.entries.isEmpty {
            let targets = r.entries.indices.map { "\(r.parameter)[\($0)]" }
            s.parameters.append((r.parameter, arrayType, "receives " + CodeTemplate.cDelivery(r, targets)))
            // Reading the last entry is free where `.length` of a Float64Array is not (node 20: 4 ns a call).
            s.checks.append("if (\(r.parameter)[\(r.entries.count - 1)] === undefined) "
                            + "deriv_check_array(\"\(f.name)\", \"\(r.parameter)\", \(r.parameter), \(r.entries.count), false);")
            s.writes += zip(targets, r.entries).map { "\($0) = \($1);" }
        }
        if s.parameters.contains(where: { $0.type == arrayType }) {
            s.throwsDoc.append("{TypeError|RangeError} when an array is not one or has the wrong length")
        }
        return s
    }

    /// The JSDoc comment of a function: its summary, `@param`, `@returns`, `@throws`.
    private static func javascriptDoc(_ f: FunctionText, _ s: JavaScriptSignature) -> [String] {
        ["/**", " * " + f.summary]
            + s.parameters.map { " * @param {\($0.type)} \($0.name)" + ($0.doc.isEmpty ? "" : " " + $0.doc) }
            + [" * @returns {\(s.returns.type)} \(s.returns.doc)"]
            + s.throwsDoc.map { " * @throws " + $0 }
            + [" */"]
    }

    /// `export function fGradient(x, y, grad) { … }`: like C, the first result, when it is one number,
    /// is returned and every other result is written into an array argument.
    @Sendable private static func javascriptFunction(_ f: FunctionText) -> FunctionLayout {
        let s = javascriptSignature(f)
        let head = "export function \(f.name)("
        let documentation = javascriptDoc(f, s)
        let lines = documentation
            + [head + CodeLayout.list(s.parameters.map(\.name), first: head.count, indent: "    ") + ") {"]
            + s.checks.map { "  " + $0 }
        var after = s.writes.map { "  " + $0 }
        if let returned = f.returnedScalar { after.append("  return \(returned.entries[0]);") }
        after.append("}")
        // Its TypeScript declaration, for `--header`: `export function fGradient(x: number, …): number;`.
        let declaration = head + CodeLayout.list(s.parameters.map { "\($0.name): \($0.type)" }, first: head.count, indent: "    ")
            + "): \(s.returns.type)"
        return FunctionLayout(prototype: Prototype(documentation: documentation, signature: declaration),
                              before: lines, indent: "  ", statement: .init(before: "const ", between: " = ", after: ";"),
                              after: after)
    }
}
