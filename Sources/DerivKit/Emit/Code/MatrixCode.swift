@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
import Foundation
/// `deriv emit` for a vector or matrix program (docs/MATRICES.md, "emit: code with loops"): the
/// value function and its `_grad`, each a matrix graph written node by node as loops over the
/// dimensions, never one statement per entry. Dimension names are parameters, so the code's size
/// does not depend on the sizes.
///
/// The graphs are made for sizes of their own, one per dimension name (`MatrixCode.sizes`), large
/// enough never to equal a size written in the program: a size in a shape is read back as the
/// name it stands for. The statements of each operation are its row of the matrix table
/// (`MatrixOperation.loops`), written here through a `MatrixLoopWriter` (`NodeLoops`). Entry by
/// entry, an operation is computed as the scalar emitter computes it: the language's
/// `LanguageSyntax` (its row of `OpCodeTable`), with the same helpers.
///
/// C: row-major arrays,
///
///     double f(int m, int n, const double *A, const double *x, const double *b);
///     double f_grad(int m, int n, const double *A, const double *x, const double *b,
///                   double *gA, double *gx, double *gb);
///
/// JavaScript takes flat arrays the same way (`export function fGradient(m, n, A, x, b, gA, gx, gb)`);
/// Swift takes `[Double]` arrays and returns the gradients with the value, as its scalar code does:
///
///     public func fGradient(_ m: Int, _ n: Int, _ A: [Double], _ x: [Double], _ b: [Double]) throws
///         -> (value: Double, gradient: (A: [Double], x: [Double], b: [Double]))
///
/// Swift and JavaScript check the arguments first (docs/EMIT.md): a dimension out of range or an
/// array of the wrong length throws (Swift: `FSizeError`; JavaScript: a `RangeError`, and a
/// `TypeError` for what is not a number or an array).
package struct MatrixCode: MatrixDimensions {
    /// The dimension names, in order of first appearance in the declarations, each with the
    /// size it stands for in the graphs (in `code`'s copy, the names the code gives them).
    package private(set) var dimensions: [(name: String, size: Int)]

    /// The dimension names of `program`'s declarations that `fixed` does not give a number.
    package init(_ program: MatrixProgram, fixed: [String: Int]) {
        var dimensions: [(name: String, size: Int)] = []
        for d in program.ast.declarations {
            for case .name(let symbol) in d.shape.dimensions {
                let name = program.ast.spelling(symbol)
                if fixed[name] == nil, !dimensions.contains(where: { $0.name == name }) {
                    // Sizes distinct, and far above any size a program writes.
                    dimensions.append((name, 1_000_003 + 10 * dimensions.count))
                }
            }
        }
        self.dimensions = dimensions
        declaredArray = program.declaredShapes.map { $0 != .scalar }
        declaredVector = program.declaredShapes.map { if case .vector = $0 { return true } else { return false } }
        sizes = fixed.merging(dimensions.map { ($0.name, $0.size) }) { a, _ in a }
    }

    /// Per input: true when it is declared a vector or matrix, passed as an array whatever its size.
    let declaredArray: [Bool]
    /// Per input: true when it is declared a vector (NumPy code takes it as a 1-D array).
    let declaredVector: [Bool]

    /// The size of every dimension name, for `MatrixProgram.shapes`: the graphs the code is written from are made for these.
    package let sizes: [String: Int]

    /// The languages written so far (the others are refused by the command line).
    package static let languages: [CodeLanguage] = [.c, .javascript, .swift, .numpy]

    /// The unit in `language` (one of `languages`): `header` as a comment, the prelude, the
    /// functions' prototypes (C), the helpers called, the value function `name` of `value`
    /// (output 0) and `name_grad` (`nameGradient`, `FunctionNames`) of `gradient` (output 0 the
    /// value, then one adjoint per input of `wrt`). With `declarationsOnly` (C and JavaScript),
    /// `header` and the functions' declarations: the header file of `deriv emit --header` (C's
    /// `.h`, TypeScript's `.d.mts`).
    package func code(_ language: CodeLanguage, value: MatrixGraph, gradient: MatrixGraph, wrt: [Int], name: String,
                     header: [String], declarationsOnly: Bool = false) throws -> String {
        // The code's names for the dimensions and inputs (docs/EMIT.md, "Names"), said in the header where they differ.
        let names = MatrixNames(language.template, dimensions: dimensions.map(\.name), inputs: value.inputNames)
        var code = self
        code.dimensions = zip(dimensions, names.dimensions).map { ($1, $0.size) }
        let header = header + names.renamedLines(dimensions: dimensions.map(\.name), inputs: value.inputNames)
        return try code.code(language, value: value, gradient: gradient, wrt: wrt, name: name, header: header,
                             declarationsOnly: declarationsOnly, names: names)
    }

    /// `code(…)` with the dimensions named as in the code and the inputs' and gradients' names.
    private func code(_ language: CodeLanguage, value: MatrixGraph, gradient: MatrixGraph, wrt: [Int], name: String,
                      header: [String], declarationsOnly: Bool, names parameters: MatrixNames) throws -> String {
        if language == .numpy {
            return try numpyCode(value: value, gradient: gradient, wrt: wrt, name: name, header: header, names: parameters)
        }
        let style = language == .c ? LoopStyle.c : language == .swift ? LoopStyle.swift : LoopStyle.javascript
        let template = style.template
        let names = FunctionNames(name, language)
        for function in names.all where !template.isFunctionName(function) {
            throw InvalidFunctionName(name: name, language: language, function: function)
        }
        let functions = [
            function(value, wrt: [], name: name, style, names: parameters, error: names.sizeError,
                     summary: "The value of the program."),
            function(gradient, wrt: wrt, name: names.gradient, style, names: parameters, error: names.sizeError,
                     summary: style.returnsGradients
                        ? "The value and the gradient by reverse mode, returned (inputs' shapes, row-major)."
                        : "The value, returned, and the gradient by reverse mode, written to "
                        + wrt.map { parameters.gradients[$0] }.joined(separator: ", ") + " (inputs' shapes, row-major)."),
        ]
        let comment = header.map { template.comment($0).trimmingTrailingSpaces }.joined(separator: "\n") + "\n\n"
        let prototypes = functions.map(\.prototype)
        if declarationsOnly {
            guard let file = template.headerFile else { throw NoHeaderFile(language: language) }
            return comment + file.lines(name, prototypes).map { $0 + "\n" }.joined()
        }
        let body = functions.map(\.text).joined(separator: "\n")
        var called = [Bool](repeating: false, count: template.helpers.count)
        var bytes = Array(body.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            CodeEmitter.markCalledHelpers(template.helpers.map { Array($0.name.utf8) }, in: UnsafeBufferPointer(b), &called)
        }
        var out = comment + style.prelude.map { $0 + "\n" }.joined()
        if let unit = template.prototypes { out += unit(name, prototypes).map { $0 + "\n" }.joined() + "\n" }
        out += template.helperText(template.helpers.indices.filter { called[$0] }.map { template.helpers[$0] }, "\n")
        for declaration in template.supportDeclarations(names, true) { out += declaration + "\n\n" }
        return out + body
    }

    /// The text of a size in a shape: its dimension's name, or the number written in the program.
    package func dimension(_ size: Int) -> String {
        dimensions.first { $0.size == size }?.name ?? String(size)
    }

    /// One function computing the outputs of `g`: output 0 is returned, output `1 + k` is
    /// written to the array `names.gradients[wrt[k]]` (Swift returns them); its declaration
    /// and its text.
    private func function(_ g: MatrixGraph, wrt: [Int], name: String, _ style: LoopStyle, names parameters: MatrixNames,
                          error: String, summary: String) -> (prototype: Prototype, text: String) {
        let syntax = style.template.syntax
        let end = style.end
        var needed = [Bool](repeating: false, count: g.count)
        for o in g.outputs { needed[o] = true }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g[i].arguments { needed[a] = true }
        }
        // Names: inputs, dimensions and gradients as `MatrixNames` gives them; a node the program
        // names keeps its name when free; the others are t1, t2, …; loop indices and the scratch block likewise.
        let inputs = parameters.inputs
        var freshNames = parameters.fresh(gradients: wrt)
        func fresh(_ preferred: String?) -> String { freshNames.fresh(preferred) }
        func claim(_ base: String) -> String { freshNames.claim(base) }
        let (i, j, k, q, work, acc) = (claim("i"), claim("j"), claim("k"), claim("q"), claim("work"), claim("acc"))

        var names = [String](repeating: "", count: g.count)
        var lines: [String] = []
        var scratch: [(String, String)] = []  // (name, entries) of each array in the scratch block
        /// Entry `e` (an index expression) of node `n`'s value.
        func at(_ n: Int, _ e: String) -> String {
            if let c = g.scalarConstant(n) { return syntax.number(c).at(.atom) }
            // A declared vector or matrix of one entry is a scalar in the graph, an array in the code.
            if case .input(let x) = g[n].operation, declaredArray[x], g[n].shape.isScalar { return names[n] + "[0]" }
            return g[n].shape.isScalar ? names[n] : names[n] + "[" + e + "]"
        }
        /// A loop over `0..<extent` around `body`, or `body` with the index 0 when the extent is 1.
        func loop(_ v: String, _ extent: String, _ body: (String) -> [String]) -> [String] {
            if extent == "1" { return body("0") }
            let inner = body(v)
            let head = style.loop(v, extent)
            if inner.count == 1 { return [style.end.isEmpty ? head + " { " + inner[0] + " }" : head + " " + inner[0]] }
            return [head + " {"] + inner.map { style.indent + $0 } + ["}"]
        }

        // A matrix's transpose that only products read is not copied: they read the matrix across.
        var readAcross = [Bool](repeating: false, count: g.count)
        for n in 0..<g.count where needed[n] {
            if case .transpose = g[n].operation, g[n].shape.rows != 1, g[n].shape.columns != 1 { readAcross[n] = true }
        }
        for n in g.outputs { readAcross[n] = false }
        for n in 0..<g.count where needed[n] && g[n].operation != .matmul {
            for a in g[n].arguments { readAcross[a] = false }
        }
        /// Entry (`r`, `c`) of node `n`'s value.
        func at(_ n: Int, _ r: String, _ c: String) -> String {
            if readAcross[n] { return at(g[n].arguments[0], index(c, dimension(g[n].shape.rows), r)) }
            return at(n, index(r, dimension(g[n].shape.columns), c))
        }

        let indices: [MatrixLoopIndex: String] = [.entry: q, .row: i, .column: j, .inner: k]

        for n in 0..<g.count where needed[n] {
            let node = g[n]
            let a = node.arguments
            let shape = node.shape
            switch node.operation {
            case .input(let x):
                names[n] = inputs[x]
                continue
            case .constant(let c):
                guard !shape.isScalar else { continue }
                names[n] = fresh(g.names[n])
                lines.append(style.constant(names[n], g.constants[c].map { syntax.number($0).text }))
                continue
            case let operation where operation.isArgumentArray(shape) || readAcross[n]:
                // The same entries in the same order (a vector's transpose), or read across: the same array.
                names[n] = names[a[0]]
                continue
            default:
                break
            }
            // An array that is a gradient is computed into the caller's array, not copied there.
            let direct = shape.isScalar || n == g.outputs[0] ? nil
                : wrt.indices.first { g.outputs[$0 + 1] == n }.map { parameters.gradients[wrt[$0]] }
            names[n] = direct ?? fresh(g.names[n])
            let r = names[n]
            // A number is declared with its first assignment (`double t3 = 0.0;`), or before its
            // first loop (a product's accumulator).
            let declaration = lines.count
            if !shape.isScalar && direct == nil {
                scratch.append((r, count(shape)))
            }
            let writer = NodeLoops(code: self, syntax: syntax, end: end, indices: indices, result: r, isScalar: shape.isScalar,
                                   accumulator: acc, nest: loop, entry: { at(a[$0], $1) },
                                   entryAt: { at(a[$0], $1, $2) }, across: { readAcross[a[$0]] })
            lines += node.operation.loops(writer, a.map { g[$0].shape }, shape)
            if shape.isScalar {
                if lines[declaration].hasPrefix(r + " = ") {
                    let mutated = lines[(declaration + 1)...].contains {
                        $0.contains(r + " += ") || $0.hasPrefix(r + " = ") || $0.contains(" " + r + " = ")
                    }
                    lines[declaration] = (mutated ? style.variable : style.scalar) + " " + lines[declaration]
                } else {
                    lines.insert(style.declare(r), at: declaration)
                }
            }
        }

        var (prologue, epilogue) = style.scratch(scratch, work)
        if lines.contains(where: { $0.contains(acc + " ") }) { prologue.append(style.accumulator(acc)) }
        var writes: [String] = []
        var gradients: [LoopStyle.Gradient] = []
        for (slot, x) in wrt.enumerated() {
            let node = g.outputs[slot + 1]
            let target = parameters.gradients[x]
            let s = g.inputShapes[x]
            // Returned gradients: a declared number's is returned as it is, an array's is a local array.
            if style.returnsGradients && !declaredArray[x] {
                gradients.append(.init(input: inputs[x], text: at(node, "0"), array: false))
                continue
            }
            gradients.append(.init(input: inputs[x], text: target, array: true))
            if let local = style.gradientArray(target, count(s)) { prologue.append(local) }
            if names[node] == target { continue }
            writes += loop(q, count(s)) { e in [target + "[" + e + "] = " + at(node, e) + end] }
        }
        let value = claim("value")
        let body = prologue + lines + writes + style.returning(at(g.outputs[0], "0"), value, epilogue, gradients)
        let written = style.returnsGradients ? [] : wrt.map { parameters.gradients[$0] }
        let parameters = style.parameters(dimensions.map(\.name), inputs, declaredArray, written)
        let used = Set(body.joined(separator: " ").split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        let unused = (dimensions.map(\.name) + inputs).filter { !used.contains($0) }
        let arguments = dimensions.map { LoopStyle.Argument.dimension($0.name) }
            + inputs.indices.map { x in .input(inputs[x], entries: declaredArray[x] ? count(g.inputShapes[x]) : nil) }
            + zip(wrt, written).map { x, w in .gradient(w, of: inputs[x], entries: count(g.inputShapes[x])) }
        let head = style.function + " " + name + "("
        let checks = style.checks(name, arguments, error)
        let statements = unused.compactMap(style.unused) + checks + body
        let signature = head + CodeLayout.list(parameters, first: head.count, indent: "    ") + ")"
        let prototype = Prototype(documentation: style.document(summary, arguments, !checks.isEmpty, error),
                                  signature: style.declaration?(name, arguments) ?? signature)
        let text = (prototype.documentation + [signature + style.brace(gradients, !checks.isEmpty)]
            + (style.declarationsFirst ? LoopStyle.declarationsFirst(statements) : statements).map { style.indent + $0 }
            + ["}", ""]).joined(separator: "\n")
        return (prototype, text)
    }
}

/// The `MatrixLoopWriter` of one node of a function `MatrixCode` writes: the language's
/// statements over the names the function gave the nodes; `entry` and `entryAt` read argument
/// `k`'s entries (a transpose read across reads its own argument).
private struct NodeLoops: MatrixLoopWriter {
    let code: MatrixCode
    let syntax: LanguageSyntax
    let end: String
    let indices: [MatrixLoopIndex: String]
    let result: String
    let isScalar: Bool
    let accumulator: String
    let nest: (String, String, (String) -> [String]) -> [String]
    let entry: (Int, String) -> String
    let entryAt: (Int, String, String) -> String
    let across: (Int) -> Bool

    func dimension(_ size: Int) -> String { code.dimension(size) }
    func loop(_ index: MatrixLoopIndex, _ extent: String, _ body: (String) -> [String]) -> [String] {
        nest(indices[index]!, extent, body)
    }
    func argument(_ k: Int, _ e: String) -> String { entry(k, e) }
    func argument(_ k: Int, row: String, column: String) -> String { entryAt(k, row, column) }
    func readsAcross(_ k: Int) -> Bool { across(k) }
    func result(_ e: String) -> String { isScalar ? result : result + "[" + e + "]" }
    func assign(_ target: String, _ value: String) -> String { target + " = " + value + end }
    func accumulate(_ target: String, _ value: String) -> String { target + " += " + value + end }
    func number(_ v: Double) -> Printed { syntax.number(v) }
    func elementwise(_ op: Op, _ operands: [Printed]) -> Printed { syntax.spell(op, operands) }
}

/// How one language writes the loops of `MatrixCode`: the statements inside them (`r[q] = …;`,
/// `acc += …;`) are the same in C and JavaScript; declarations, the scratch arrays and the
/// function's head are not.
struct LoopStyle: Sendable {
    let template: CodeTemplate
    /// Lines after the header comment.
    let prelude: [String]
    /// A loop head over `0..<extent`, given the index's name and the extent.
    let loop: @Sendable (_ index: String, _ extent: String) -> String
    /// What declares a number at its first assignment (`double`, `let`), and one assigned again
    /// (`double`, `var` in Swift); the declaration of a number assigned later (`double r;`), and
    /// of the accumulator of products.
    let scalar: String
    let variable: String
    let declare: @Sendable (String) -> String
    let accumulator: @Sendable (String) -> String
    /// What ends a statement (`;`, or nothing in Swift).
    let end: String
    /// One level of indentation.
    let indent: String
    /// A constant array: its name and its entries' texts.
    let constant: @Sendable (String, [String]) -> String
    /// The lines before the statements and after them (before the return) for the scratch
    /// arrays, each a name and its number of entries, given the name free for a block.
    let scratch: @Sendable (_ arrays: [(String, String)], _ block: String) -> (before: [String], after: [String])
    /// A gradient of the `_grad` function: the input's name, and the text of the array or number.
    struct Gradient {
        let input: String
        let text: String
        let array: Bool
    }
    /// Whether the gradients are returned with the value (Swift) rather than written to the caller's arrays.
    let returnsGradients: Bool
    /// The declaration of a local gradient array (name, entries), when the gradients are returned.
    let gradientArray: @Sendable (_ name: String, _ entries: String) -> String?
    /// The lines returning a value (its text), given a free name, the lines to run before
    /// returning and the gradients (empty in the value function).
    let returning: @Sendable (_ value: String, _ name: String, _ cleanUp: [String], _ gradients: [Gradient]) -> [String]
    /// The parameters: dimensions, inputs (with whether each is an array), gradient arrays.
    let parameters: @Sendable (_ dimensions: [String], _ inputs: [String], _ arrays: [Bool], _ gradients: [String]) -> [String]
    /// What comes before the function's name, and after its parameter list (given whether the function throws).
    let function: String
    let brace: @Sendable (_ gradients: [Gradient], _ throws: Bool) -> String
    /// An argument: a dimension, an input (an array of `entries` entries, or a number), or an
    /// array the gradient of an input is written into.
    enum Argument {
        case dimension(String)
        case input(String, entries: String?)
        case gradient(String, of: String, entries: String)
    }
    /// The statements that check the arguments, first in the body, given the function's name and
    /// Swift's error type.
    var checks: @Sendable (_ function: String, _ arguments: [Argument], _ error: String) -> [String] = { _, _, _ in [] }
    /// The comment before the function, given its summary, its arguments, whether it checks them and Swift's error type.
    var document: @Sendable (_ summary: String, _ arguments: [Argument], _ checks: Bool, _ error: String) -> [String] = { s, _, _, _ in ["// " + s] }
    /// The function's declaration in a header file, where it is not its signature (JavaScript's
    /// TypeScript declaration), given its name and arguments.
    var declaration: (@Sendable (_ function: String, _ arguments: [Argument]) -> String)?
    /// A statement that uses an unused parameter, if the language warns about one.
    let unused: @Sendable (String) -> String?
    /// Whether the function's declarations all come before its first statement (C: Clang's
    /// -Wdeclaration-after-statement, in -Weverything).
    var declarationsFirst = false

    /// The function-level lines of a C function (`double t3 = 0.0;`, loops) with every declaration
    /// that follows a statement moved up, before the first statement, and its initializer left in
    /// place as an assignment (`double t3;` … `t3 = 0.0;`). Lines of loop bodies are indented or
    /// on their loop's line, so they are left alone.
    static func declarationsFirst(_ lines: [String]) -> [String] {
        var declarations: [String] = []
        var statements: [String] = []
        for line in lines {
            let declares = line.hasPrefix("double ") || line.hasPrefix("static const double ")
            if !declares {
                statements.append(line)
            } else if statements.isEmpty || line.hasPrefix("static ") {
                declarations.append(line)
            } else if let equals = line.range(of: " = ") {
                let declared = String(line[..<equals.lowerBound])
                declarations.append(declared + ";")
                statements.append(String(declared.dropFirst("double ".count).drop { $0 == "*" }) + String(line[equals.lowerBound...]))
            } else {
                declarations.append(line)
            }
        }
        return declarations + statements
    }

    /// Values between operations live in one block from `malloc`, freed before returning: their
    /// sizes are known only at the call, a variable-length array on the stack would overflow it
    /// for large sizes (and is optional since C11), and a workspace argument would make the
    /// caller compute the sizes. When `malloc` fails the functions return NAN.
    static let c = LoopStyle(
        template: .c, prelude: ["#include <math.h>", "#include <stdlib.h>", ""],
        loop: { v, extent in "for (int \(v) = 0; \(v) < \(extent); \(v)++)" }, scalar: "double", variable: "double",
        declare: { "double \($0);" }, accumulator: { "double \($0);" }, end: ";", indent: "    ",
        constant: { name, entries in "static const double \(name)[\(entries.count)] = {" + entries.joined(separator: ", ") + "};" },
        scratch: { arrays, work in
            guard !arrays.isEmpty else { return ([], []) }
            // The sizes added up: numbers into one, equal products counted (`(size_t)3*(size_t)m + (size_t)12`),
            // each factor a size_t so that no int is converted implicitly (Clang's -Wsign-conversion).
            func size(_ entries: String) -> String { entries.split(separator: "*").map { "(size_t)" + $0 }.joined(separator: "*") }
            var copies: [(String, Int)] = []
            var number = 0
            for (_, entries) in arrays {
                let factors = entries.split(separator: "*").compactMap { Int($0) }
                if factors.count == entries.split(separator: "*").count { number += factors.reduce(1, *); continue }
                if let k = copies.firstIndex(where: { $0.0 == entries }) { copies[k].1 += 1 } else { copies.append((entries, 1)) }
            }
            let terms = copies.map { $0.1 == 1 ? size($0.0) : "(size_t)\($0.1)*" + size($0.0) } + (number > 0 ? ["(size_t)\(number)"] : [])
            var before = ["double *\(work) = (double *)malloc(sizeof(double) * (" + terms.joined(separator: " + ") + "));",
                          "if (\(work) == NULL) return (double)NAN;"]
            var offset = work
            for (name, entries) in arrays {
                before.append("double *\(name) = \(offset);")
                offset = name + " + " + size(entries)
            }
            return (before, ["free(\(work));"])
        },
        returnsGradients: false, gradientArray: { _, _ in nil },
        returning: { value, name, cleanUp, _ in
            cleanUp.isEmpty ? ["return \(value);"] : ["double \(name) = \(value);"] + cleanUp + ["return \(name);"]
        },
        parameters: { dimensions, inputs, arrays, gradients in
            dimensions.map { "int " + $0 } + zip(inputs, arrays).map { $1 ? "const double *" + $0 : "double " + $0 }
                + gradients.map { "double *" + $0 }
        },
        function: "double", brace: { _, _ in "\n{" }, unused: { "(void)\($0);" }, declarationsFirst: true)

    /// JavaScript: flat arrays (an Array or a Float64Array), the scratch arrays `Float64Array`s.
    static let javascript = LoopStyle(
        template: .javascript, prelude: [],
        loop: { v, extent in "for (let \(v) = 0; \(v) < \(extent); \(v)++)" }, scalar: "let", variable: "let",
        declare: { "let \($0);" }, accumulator: { "let \($0);" }, end: ";", indent: "  ",
        constant: { name, entries in "const \(name) = [" + entries.joined(separator: ", ") + "];" },
        scratch: { arrays, _ in (arrays.map { "const \($0.0) = new Float64Array(\($0.1));" }, []) },
        returnsGradients: false, gradientArray: { _, _ in nil },
        returning: { value, _, _, _ in ["return \(value);"] },
        parameters: { dimensions, inputs, _, gradients in dimensions + inputs + gradients },
        function: "export function", brace: { _, _ in " {" },
        checks: { function, arguments, _ in
            arguments.map { a in
                switch a {
                case .dimension(let d): return "deriv_check_size(\"\(function)\", \"\(d)\", \(d));"
                case .input(let x, let entries?), .gradient(let x, _, let entries):
                    let input: Bool = { if case .input = a { return true } else { return false } }()
                    return "deriv_check_array(\"\(function)\", \"\(x)\", \(x), \(entries), \(input));"
                case .input(let x, nil):
                    return "if (typeof \(x) !== \"number\") deriv_not_number(\"\(function)\", { \(x) });"
                }
            }
        },
        document: { summary, arguments, _, _ in
            let array = "{number[] | Float64Array}"
            return ["/**", " * " + summary] + arguments.map { a in
                switch a {
                case .dimension(let d): return " * @param {number} \(d) a dimension, a whole number"
                case .input(let x, let entries?):
                    return " * @param \(array) \(x) \(entries) entries" + (entries.contains("*") ? ", row-major" : "")
                case .input(let x, nil): return " * @param {number} \(x)"
                case .gradient(let g, let x, let entries): return " * @param \(array) \(g) receives the gradient of \(x) (\(entries) entries)"
                }
            } + [" * @returns {number} the value",
                 " * @throws {TypeError|RangeError} when an argument is not a number or an array, or has the wrong size", " */"]
        },
        declaration: { function, arguments in
            let head = "export function \(function)("
            return head + CodeLayout.list(arguments.map { a in
                switch a {
                case .dimension(let d), .input(let d, nil): return d + ": number"
                case .input(let x, _?), .gradient(let x, _, _): return x + ": number[] | Float64Array"
                }
            }, first: head.count, indent: "    ") + "): number"
        },
        unused: { _ in nil })

    /// Swift: flat row-major `[Double]` arrays, dimensions `Int`; like the scalar Swift code
    /// (docs/EMIT.md), `f_grad` returns `(value: Double, gradient: (A: [Double], x: Double))`,
    /// labelled with the inputs' names (one gradient is not a tuple); a declared number's
    /// gradient is a `Double`.
    static let swift = LoopStyle(
        template: .swift, prelude: ["import Foundation", ""],
        loop: { v, extent in "for \(v) in 0..<\(extent)" }, scalar: "let", variable: "var",
        declare: { "let \($0): Double" }, accumulator: { "var \($0): Double" }, end: "", indent: "    ",
        constant: { name, entries in "let \(name): [Double] = [" + entries.joined(separator: ", ") + "]" },
        scratch: { arrays, _ in (arrays.map { "var \($0.0) = [Double](repeating: 0.0, count: \($0.1))" }, []) },
        returnsGradients: true,
        gradientArray: { name, entries in "var \(name) = [Double](repeating: 0.0, count: \(entries))" },
        returning: { value, _, _, gradients in
            switch gradients.count {
            case 0: return ["return \(value)"]
            case 1: return ["return (\(value), \(gradients[0].text))"]
            default: return ["return (\(value), (" + gradients.map(\.text).joined(separator: ", ") + "))"]
            }
        },
        parameters: { dimensions, inputs, arrays, _ in
            dimensions.map { "_ \($0): Int" } + zip(inputs, arrays).map { "_ \($0): " + ($1 ? "[Double]" : "Double") }
        },
        function: "public func",
        brace: { gradients, throwing in
            func type(_ g: Gradient) -> String { g.array ? "[Double]" : "Double" }
            let throwsWord = throwing ? " throws" : ""
            switch gradients.count {
            case 0: return throwsWord + " -> Double {"
            case 1: return throwsWord + " -> (value: Double, gradient: \(type(gradients[0]))) {"
            default: return throwsWord + " -> (value: Double, gradient: ("
                + gradients.map { "\($0.input): " + type($0) }.joined(separator: ", ") + ")) {"
            }
        },
        checks: { function, arguments, error in
            // Dimensions up to 2^31 - 1, so that a product of two is an Int.
            arguments.compactMap { a in
                switch a {
                case .dimension(let d):
                    return "guard (0...Int(Int32.max)).contains(\(d)) else { throw \(error)(description: "
                        + "\"\(function): the dimension \(d) is \\(\(d)), not from 0 to 2^31 - 1\") }"
                case .input(let x, let entries?):
                    return CodeTemplate.swiftSizeCheck(x, entries, function: function, error: error)
                case .input(_, nil), .gradient:
                    return nil
                }
            }
        },
        document: { summary, _, checks, error in
            ["/// " + summary] + (checks ? ["/// - Throws: `\(error)` when a dimension is out of range or an array has the wrong size."] : [])
        },
        unused: { _ in nil })
}

/// The names a matrix program's code gives its dimensions and inputs, and the arrays of the
/// gradients, in one language: the program's names, through `Naming` as the scalar code's inputs
/// (docs/EMIT.md, "Names"): a keyword or library name gets a `_` (`int` → `int_`), and in C a
/// form C or C++ reserves loses it (`__W` → `W`, `a__b` → `a_b`), a name the program writes as
/// it is keeping it (beside a program's own `W`, `__W` is `W_`). The gradient of input `W` is
/// written to `gW`. Shared by `MatrixCode`'s loops and `MatrixNumPy`.
struct MatrixNames {
    let dimensions: [String]
    let inputs: [String]
    /// Per input, the name of the array its gradient is written to (`g` and its name).
    let gradients: [String]
    /// Names no other value may take: the language's reserved words.
    private let reserved: Set<String>
    private let avoidsReservedForms: Bool

    init(_ template: CodeTemplate, dimensions: [String], inputs: [String]) {
        var naming = Naming(inputs: dimensions + inputs, reserved: template.reserved,
                            avoidsReservedForms: template.avoidsReservedForms)
        self.dimensions = Array(naming.inputNames.prefix(dimensions.count))
        self.inputs = Array(naming.inputNames.dropFirst(dimensions.count))
        gradients = self.inputs.map { naming.claim("g" + $0) }
        reserved = template.reserved
        avoidsReservedForms = template.avoidsReservedForms
    }

    /// The names of one function's values, the dimensions, inputs and the gradients of `wrt`
    /// taken.
    func fresh(gradients wrt: [Int]) -> FreshNames {
        FreshNames(taken: Set(dimensions + inputs + wrt.map { gradients[$0] }).union(reserved),
                   avoidsReservedForms: avoidsReservedForms)
    }

    /// The header comment's lines saying the code's names where some differ from the program's
    /// (`Inputs, in order: W (the program's __W), x.`); none when all are the program's.
    func renamedLines(dimensions programDimensions: [String], inputs programInputs: [String]) -> [String] {
        func listed(_ names: [String], _ program: [String]) -> String {
            CodeEmitter.inputNames(code: names, program: program).joined(separator: ", ")
        }
        guard dimensions != programDimensions || inputs != programInputs else { return [] }
        return ["", "Inputs, in order: " + listed(inputs, programInputs) + "."]
            + (dimensions == programDimensions ? [] : ["Dimensions, in order: " + listed(dimensions, programDimensions) + "."])
    }
}

/// The names of one emitted matrix function: those taken (inputs, dimensions, keywords), and new
/// ones handed out without clashing (shared by `MatrixCode`'s loops and `MatrixNumPy`).
struct FreshNames {
    var taken: Set<String>
    private var next = 0
    /// Whether a program's name loses a form C and C++ reserve (`Naming.cUnreserved`).
    private let avoidsReservedForms: Bool

    init(taken: Set<String>, avoidsReservedForms: Bool = false) {
        self.taken = taken
        self.avoidsReservedForms = avoidsReservedForms
    }

    /// `preferred` (the name the program gave a node; in C without a reserved form) when free,
    /// else the next free `t1`, `t2`, ….
    mutating func fresh(_ preferred: String?) -> String {
        if let p = preferred.map({ avoidsReservedForms ? Naming.cUnreserved($0) : $0 }), !taken.contains(p) {
            taken.insert(p)
            return p
        }
        var n: String
        repeat { next += 1; n = "t\(next)" } while taken.contains(n)
        taken.insert(n)
        return n
    }

    /// `base`, or `base2`, `base3`, … when taken (loop indices, the scratch block).
    mutating func claim(_ base: String) -> String {
        var n = base
        var k = 1
        while taken.contains(n) { k += 1; n = base + "\(k)" }
        taken.insert(n)
        return n
    }
}
