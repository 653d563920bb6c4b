@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
/// A language `deriv emit` writes source code in.
public enum CodeLanguage: String, CaseIterable, Sendable {
    case c, swift, python, javascript, numpy

    /// How this language lays out the code.
    var template: CodeTemplate {
        switch self {
        case .c: return .c
        case .swift: return .swift
        case .python: return .python
        case .javascript: return .javascript
        case .numpy: return .numpy
        }
    }
}

/// How one language lays out emitted code around the shared expression printer: its expression
/// syntax, how deeply single-use expressions nest, comments, the prelude, the helper functions it
/// may need, and a small template for one function. Which functions, statements and names there
/// are is decided once for every language, in `CodeEmitter`.
struct CodeTemplate: Sendable {
    let syntax: LanguageSyntax
    /// Single-use subexpressions nest this deep before a temporary is named (keeps lines short;
    /// Swift's type checker wants it lower).
    let maxInlineDepth: Int
    /// What starts a line comment (`// `).
    let commentPrefix: String
    /// Text made safe in a line comment (C: no trailing backslash, no `??`); it must leave alone
    /// printable ASCII that has no `??` and does not end in a backslash or a space.
    var commentSafe: @Sendable (String) -> String = { $0 }
    /// Lines after the header comment (includes, imports), given what the file's code does.
    let prelude: @Sendable (CodeFacts) -> [String]
    /// How to build or use the file, for the header comment, given the value function's name.
    let usage: @Sendable (_ name: String) -> [String]
    /// Helper functions in the order they are written; each is included only when the code calls it.
    let helpers: [Helper]
    /// The text of the helpers the code calls, in order, given the blank lines after a definition
    /// (C guards each one: `CUnit.helpers`).
    var helperText: @Sendable (_ called: [Helper], _ gap: String) -> String = { called, gap in
        called.map { $0.text + gap }.joined()
    }
    /// Definitions after the helpers that take the functions' names (Swift's size error type),
    /// given the names and whether the inputs come in arrays.
    var supportDeclarations: @Sendable (_ names: FunctionNames, _ arrays: Bool) -> [String] = { _, _ in [] }
    /// Lines at the end of the file, given what its code does (C pops the pragmas its prelude
    /// pushed).
    var postlude: @Sendable (CodeFacts) -> [String] = { _ in [] }
    /// The functions' prototypes at the top of the file, for a language that declares before it
    /// defines (C): the lines after the prelude, given the value function's name and each
    /// function's prototype (`FunctionLayout.prototype`).
    var prototypes: (@Sendable (_ name: String, [Prototype]) -> [String])?
    /// The header file of `deriv emit --header` (C: a `.h`; JavaScript: TypeScript's `.d.mts`),
    /// made of each function's `FunctionLayout.prototype`; nil where the language has none.
    var headerFile: HeaderFile?
    /// The gradient function at many points (C, `--batch`): its declaration and its lines,
    /// given the gradient function.
    var batch: (@Sendable (FunctionText) -> (prototype: Prototype, text: [String]))?
    /// Whether names avoid the forms C and C++ reserve (`__` anywhere, a leading `_` and a capital;
    /// a function's name, at file scope, any leading `_`): `Naming.cUnreserved`.
    var avoidsReservedForms = false

    struct HeaderFile: Sendable {
        /// The lines after the header comment, given the value function's name and each
        /// function's prototype.
        let lines: @Sendable (_ name: String, [Prototype]) -> [String]
        /// The header comment's last lines (in place of the code's `usage`), given the value
        /// function's name.
        let usage: @Sendable (_ name: String) -> [String]
    }
    /// Blank lines between definitions (PEP 8 wants two in Python).
    var blankLines = 1
    /// Lays out one function around its body.
    let function: @Sendable (FunctionText) -> FunctionLayout

    /// Whether `name` may name one of the file's functions: an identifier, not reserved.
    func isFunctionName(_ name: String) -> Bool {
        Naming.identifier(name) == name && !reserved.contains(name)
            && !(avoidsReservedForms && (name.hasPrefix("_") || Naming.cUnreserved(name) != name))
    }

    /// Names no value may take: the syntax's reserved words and the helpers' names.
    var reserved: Set<String> { syntax.reserved.union(helpers.flatMap(\.names)) }

    /// A line comment holding `text` (one line, already free of control characters).
    func comment(_ text: String) -> String { commentPrefix + commentSafe(text) }
}

extension CodeEmitter {
    /// The last lines of the header comment of `deriv emit --header` (a C header, TypeScript's
    /// declarations), in place of how to use the code; none for a language without a header.
    package static func headerUsage(_ name: String, _ language: CodeLanguage) -> [String] {
        language.template.headerFile?.usage(name) ?? []
    }
}

/// What the prelude and postlude of a file depend on.
struct CodeFacts {
    /// The number of operations of the largest function.
    let largestFunction: Int
    /// The longest path of operations, over the functions, from the inputs to an entry written
    /// through an argument (the stores of a C gradient, not the returned value): how far GCC's
    /// basic-block vectorizer may follow the stores' operands down (`CUnit.deepStores`).
    let storedDepth: Int
    /// Whether some function tests two values that are not both literals with `==` or `!=`.
    let comparesForEquality: Bool

    init(_ functions: [FunctionText]) {
        largestFunction = functions.map(\.body.printer.graph.operationCount).max() ?? 0
        storedDepth = functions.map(Self.storedDepth).max() ?? 0
        comparesForEquality = functions.contains { f in
            let g = f.body.printer.graph
            return (0..<g.count).contains { i in
                let node = g[NodeID(i)]
                guard node.op == .eq || node.op == .ne else { return false }
                var literals = 0
                node.forEachArgument { _, a in if g[a].op == .constant { literals += 1 } }
                return literals == 0
            }
        }
    }

    /// The longest path of operations beneath the entries `f` writes through an argument, in one
    /// pass over its graph (every argument comes before its node).
    private static func storedDepth(_ f: FunctionText) -> Int {
        let g = f.body.printer.graph
        let stored = g.outputs.dropFirst(f.returnedScalar == nil ? 0 : 1)
        if stored.isEmpty { return 0 }
        var depth = [Int32](repeating: 0, count: g.count)
        for (i, node) in g.nodes.enumerated() where !node.op.isLeaf {
            var deepest: Int32 = 0
            node.forEachArgument { _, a in deepest = max(deepest, depth[Int(a)]) }
            depth[i] = deepest + 1
        }
        return stored.map { Int(depth[Int($0)]) }.max() ?? 0
    }
}

/// How a template writes one function: the lines before its body (documentation, signature,
/// prologue), how the body's lines are indented and written, and the lines after it.
struct FunctionLayout {
    /// The function's declaration, for a header file and C's prototypes (C; JavaScript: its
    /// TypeScript declaration).
    var prototype: Prototype?
    let before: [String]
    let indent: String
    let statement: CodeLayout.StatementForm
    /// False when the template loads array inputs itself (so the body has no loads).
    var loads = true
    let after: [String]
    /// For a long function, its body in parts (Swift).
    var parts: FunctionParts?
}

/// A function's declaration: its comment's lines and its signature (a line or more, without `;`):
/// C's prototype, or a TypeScript declaration.
struct Prototype {
    let documentation: [String]
    let signature: String

    /// The lines of a header file declaring `prototypes`: each after a blank line, with its comment.
    static func declarations(_ prototypes: [Prototype]) -> [String] {
        prototypes.flatMap { [""] + $0.documentation + [$0.signature + ";"] }
    }
}

/// One emitted function, language-neutral; a `CodeTemplate` writes it out.
struct FunctionText {
    let name: String
    /// The names of every function of the file (Swift's error type among them).
    let names: FunctionNames
    /// What the function computes, as a sentence without the language's way of delivering it.
    let summary: String
    /// The function's inputs, then, for `_jvp`, the direction: each group passed as scalars or,
    /// in array mode, as one array.
    let parameters: [ParameterGroup]
    /// Straight-line statements in an order where every name is defined before it is used.
    let body: FunctionBody
    let results: [ResultGroup]

    /// Marks the helpers some expression of the function calls.
    func markCalledHelpers(_ helpers: [Helper], _ called: inout [Bool]) {
        let printer = body.printer
        let names = helpers.map { Array($0.name.utf8) }
        printer.text.withBytes(0..<printer.text.count) { text in
            for statement in printer.statements {
                CodeEmitter.markCalledHelpers(names, in: UnsafeBufferPointer(rebasing: text[statement.expression.range]), &called)
            }
            for output in printer.outputs {
                CodeEmitter.markCalledHelpers(names, in: UnsafeBufferPointer(rebasing: text[output.range]), &called)
            }
        }
    }

    /// The first result when it is a single number: C and JavaScript return it, and write
    /// every other result through an argument.
    var returnedScalar: ResultGroup? { results.first.flatMap { $0.shape == .scalar ? $0 : nil } }
}

/// Scalar parameters passed one by one (`double x, double y`) or as one array (`inputs`, or a
/// group's array, `params`).
struct ParameterGroup {
    /// Each scalar's name in the body.
    let names: [String]
    /// False for a scalar the body never reads (C then writes `(void)x;`, array loads skip it).
    let used: [Bool]
    /// In array mode, or for a group of inputs, the array parameter's name.
    let array: String?
    /// What the array holds, for documentation: "inputs", "direction", "inputs of params".
    var noun = "inputs"
}

/// A comment naming the source line the next statements come from, a statement, or (array
/// inputs) the load of an input from its array, placed just before its first use so that a
/// thousand inputs are not all live, and spilled, from the start.
enum BodyLine {
    case comment(line: Int)
    case statement(ExpressionPrinter.Statement)
    case load(name: String, array: String, index: Int)
}

/// One result of a function: a number, a vector or a row-major matrix.
struct ResultGroup {
    enum Shape: Equatable { case scalar, vector, matrix(columns: Int) }
    /// The word used in documentation and Swift's tuple label: "gradient", "jacobian", ….
    let label: String
    /// The name of the argument C and JavaScript write it through: "grad", "jac", "dout", ….
    let parameter: String
    let shape: Shape
    /// The printed expression of each entry, row-major.
    let entries: [String]
    /// What each entry is, for comments: "df/dx", "dg/dy", ….
    let meanings: [String]
    /// The number of rows of a matrix (one per output); 1 otherwise.
    let rowCount: Int
    /// What it is, for documentation: the label, or for a part of a derivative "gradient with
    /// respect to params" (`EmitOptions.groups`).
    var noun: String

    var columns: Int {
        if case .matrix(let c) = shape { return c }
        return entries.count
    }

    /// The entries as rows (one row for a scalar or a vector).
    var rows: [[String]] {
        guard case .matrix(let c) = shape else { return [entries] }
        if c == 0 { return Array(repeating: [], count: rowCount) }
        return stride(from: 0, to: entries.count, by: c).map { Array(entries[$0..<$0 + c]) }
    }
}

// MARK: Text layout shared by the templates

enum CodeLayout {
    /// `items` separated by `separator` (", "), broken onto lines indented by `indent` before the line gets
    /// longer than `width`; `first` is the length of what precedes the first item on its line.
    static func list(_ items: [String], first: Int, indent: String, width: Int = 100, separator between: String = ", ") -> String {
        var out = ""
        var column = first
        for (i, item) in items.enumerated() {
            let separator = i == 0 ? "" : between
            if i > 0, column + separator.count + item.count > width {
                out += between.trimmingTrailingSpaces + "\n" + indent
                column = indent.count
            } else {
                out += separator
                column += separator.count
            }
            out += item
            column += item.count
        }
        return out
    }

    /// A long line broken at spaces into lines of at most `width` characters (a word longer than
    /// that is cut); continuation lines are indented by two spaces. Each line takes at least one
    /// character of the text, so the loop ends on any input.
    static func wrap(_ line: String, width: Int) -> [String] {
        let indent = "  "
        var lines: [String] = []
        var rest = Substring(line)
        var prefix = ""
        while prefix.count + rest.count > width {
            let window = rest.prefix(Swift.max(1, width - prefix.count))
            let cut = window.lastIndex(of: " ").flatMap { $0 > window.startIndex ? $0 : nil } ?? window.endIndex
            lines.append(prefix + rest[..<cut])
            rest = rest[cut...].drop { $0 == " " }
            prefix = indent
        }
        lines.append(prefix + rest)
        return lines
    }

    /// `a = b, c = d, …` for documentation, or a general rule when there are many entries.
    static func assignments(_ targets: [String], _ meanings: [String], many: String) -> String {
        if targets.count > 6 { return many }
        return zip(targets, meanings).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    /// Text safe inside a line comment of any of the languages: control characters and Unicode
    /// line separators (which end a JavaScript comment) become spaces.
    static func commentSafe(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { u in
            u.value < 0x20 || u.value == 0x7F || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029 ? " " : u
        }))
    }

    /// How a language writes a statement: `before + name + between + expression + after`
    /// (C: `const double t1 = x*y;`).
    struct StatementForm {
        let before: String, between: String, after: String
    }

    /// Writes a function: the lines before its body, the body's lines indented (comments in
    /// the template's words, statements and loads, which are `name = array[index]`, in the
    /// layout's form), the lines after, each line ended by a newline. The body is copied from
    /// the printer's text straight into `out`; `drain` is called after each line of it (to hand
    /// over what is written, so that the text of a large function is never held whole).
    static func write(_ function: FunctionText, _ layout: FunctionLayout, _ template: CodeTemplate,
                      to out: inout TextBuffer, drain: (inout TextBuffer) -> Void) {
        out.append(string: layout.before.joined(separator: "\n"))
        let printer = function.body.printer
        let form = layout.statement
        let newLine = "\n" + layout.indent, statementStart = newLine + form.before
        // The pieces of every line, as bytes: each line is written into room made once.
        let commentStart = Array((newLine + template.commentPrefix + "line ").utf8)
        let start = Array(statementStart.utf8), between = Array(form.between.utf8), after = Array(form.after.utf8)
        let fixed = start.count + between.count + after.count
        let parts = layout.parts, plan = parts?.plan(function.body, after: layout.after) ?? []
        let partName = { (k: Int) in function.name + "Part" + String(k + 1) }
        if let parts {
            // The calls, the lines after the body; the parts follow the function.
            for (k, p) in plan.enumerated() { out.append(string: newLine + parts.call(partName(k), p.arguments, p.results)) }
            for line in layout.after { out.append(string: "\n" + line) }
            out.append("\n")
        }
        var lines = 0, heldComments: [Int] = []
        let types = Dictionary(parts?.parameters ?? [], uniquingKeysWith: { a, _ in a })
        function.body.forEachLine { line in
            if let parts {
                // A comment goes with the statement after it, into the same part.
                if case .comment(let number) = line { return heldComments.append(number) }
                if lines % parts.size == 0 {
                    let k = lines / parts.size
                    if k > 0 { out.append(string: newLine + parts.returning(plan[k - 1].results) + "\n}\n") }
                    out.append(string: "\n" + parts.declaration(partName(k), plan[k].arguments.map { ($0, types[$0] ?? "Double") },
                                                                 plan[k].results.count))
                }
                lines += 1
                for number in heldComments {
                    function.body.writeComment(line: number, template, newLine: newLine, start: commentStart, to: &out)
                }
                heldComments.removeAll()
            }
            switch line {
            case .comment(let number):
                function.body.writeComment(line: number, template, newLine: newLine, start: commentStart, to: &out)
            case .statement(let s):
                out.withRoom(fixed + s.name.count + s.expression.count) { w in
                    w.append(start)
                    w.append(printer.text, s.name.range)
                    w.append(between)
                    w.append(printer.text, s.expression.range)
                    w.append(after)
                }
            case .load(let name, let array, let index):
                guard layout.loads else { return }
                let load: String = statementStart + name + form.between + array + "[" + String(index) + "]" + form.after
                out.append(string: load)
            }
            drain(&out)
        }
        if let parts {
            if let last = plan.last { out.append(string: newLine + parts.returning(last.results) + "\n}\n") }
            return
        }
        for line in layout.after {
            out.append("\n")
            out.append(string: line)
        }
        out.append("\n")
    }
}
