@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
import Foundation

/// What `deriv emit` writes: the language, the function's name, the mode of the derivatives, the
/// inputs they are taken with respect to, and how the inputs are passed.
public struct EmitOptions: Sendable {
    /// The language the code is written in.
    public var language: CodeLanguage
    /// The value function's name; the others add `_grad`, `_jvp`, `_jac` (Swift and JavaScript:
    /// `Gradient`, `JVP`, `Jacobian`; see `FunctionNames`).
    public var name: String
    /// Reverse: the gradient by one adjoint sweep (the Jacobian by one per output). Forward: one
    /// tangent sweep per input, and a `_jvp` function as well.
    public var mode: Mode
    /// The names of the inputs to differentiate with respect to, in this order; nil for all. With
    /// `groups`, the names of the groups to differentiate with respect to (nil: every group).
    public var wrt: [String]?
    /// Pass the inputs as one array (`const double inputs[n]`) instead of one parameter each.
    public var arrayInputs: Bool
    /// Inputs passed as one array argument per group, named after it, in this order; the inputs in
    /// no group follow, one parameter each, and are only read. Each group differentiated has its
    /// own part of the gradient (C: `grad_params`); a `_jvp` its own direction (`d_params`).
    public var groups: [InputGroup] = []
    /// Only the declarations of the functions, as a header file (`--header`: C's `.h`, or
    /// TypeScript's `.d.mts` for JavaScript; the other languages throw `NoHeaderFile`).
    public var header: Bool
    /// Also the gradient function over many points, `f_grad_batch` (C, one output: `--batch`).
    public var batch = false
    /// The tool's version and command line, quoted in the header comment.
    public var toolVersion: String
    /// The command line quoted in the header comment (`deriv emit` by default).
    public var command: String

    /// Options with the defaults of `deriv emit --lang LANGUAGE`.
    public init(language: CodeLanguage, name: String = "f", mode: Mode = .reverse, wrt: [String]? = nil,
                arrayInputs: Bool = false, groups: [InputGroup] = [], header: Bool = false,
                toolVersion: String = derivVersion, command: String = "deriv emit") {
        self.language = language; self.name = name; self.mode = mode; self.wrt = wrt
        self.arrayInputs = arrayInputs; self.groups = groups; self.header = header
        self.toolVersion = toolVersion; self.command = command
    }
}

/// `EmitOptions.header` for a language deriv writes no header file in (only C and JavaScript have one).
public struct NoHeaderFile: Error, Equatable, Sendable {
    /// The language asked for.
    public let language: CodeLanguage
}

/// `EmitOptions.batch` for a language other than C, or a program of several outputs.
public struct NoBatchFunction: Error, Equatable, Sendable {
    /// The language asked for.
    public let language: CodeLanguage
}

/// `EmitOptions.name` gives a function name (`function`: the name itself, or one with `_grad`, …)
/// that is not an identifier of the language, or is one of its keywords.
public struct InvalidFunctionName: Error, Equatable, Sendable {
    /// The base name given (`EmitOptions.name`).
    public let name: String
    /// The language asked for.
    public let language: CodeLanguage
    /// The function name made from it that the language does not accept.
    public let function: String
}

extension Program {
    /// The program and its derivatives as source code, as `deriv emit` writes it (docs/EMIT.md);
    /// throws `NoHeaderFile`, `NoBatchFunction` or `InvalidFunctionName` for options that do not fit.
    public func emit(_ options: EmitOptions) throws -> String {
        var text = TextBuffer()
        try CodeEmitter.emit(self, options) { text.append($0) }
        return text.string
    }

    /// The same text, as UTF-8, handed to `write` in pieces of a few megabytes, each ending at a
    /// line break: code of hundreds of megabytes is written out as it is laid out, never held
    /// whole. `write` is called one piece at a time, in order, on another thread when there is
    /// more than one piece (the bytes are valid during the call); every call has returned when
    /// `emit` returns.
    public func emit(_ options: EmitOptions, pieces write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) throws {
        try CodeEmitter.emit(self, options, pieces: write)
    }

    /// `program.emit(.c, name: "f")`: the value and gradient functions in `language`.
    public func emit(_ language: CodeLanguage, name: String = "f", mode: Mode = .reverse) throws -> String {
        try emit(EmitOptions(language: language, name: name, mode: mode))
    }
}

/// Writes a program and its derivatives as straight-line source code in C, Swift, Python (with
/// the math module, or NumPy over arrays) or JavaScript, following the calling convention of
/// docs/EMIT.md.
///
/// One output: `f` (the value) and `f_grad` (value and gradient); with forward mode also `f_jvp`
/// (value and derivative along a direction). Several outputs: `f` (the values), `f_jac` (values
/// and the Jacobian, row-major) and, with forward mode, `f_jvp`.
///
/// Each function is one derivative graph from `Derivatives`, simplified, printed by the shared
/// `ExpressionPrinter`: shared values become named temporaries (the program's names where it
/// has them, `x_bar` for adjoints, `t1`, `t2`, … otherwise), each computed once. What differs per
/// language is data: its `LanguageSyntax` and a small `CodeTemplate`.
package enum CodeEmitter {
    /// About how many bytes of code `emit(_:pieces:)` hands over at a time (at least a line).
    static let pieceSize = 4 << 20

    static func emit(_ program: Program, _ options: EmitOptions, pieceSize: Int = pieceSize,
                     sideBySideSize: Int = sideBySideSize,
                     pieces write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let template = options.language.template
        if options.header && template.headerFile == nil { throw NoHeaderFile(language: options.language) }
        let names = FunctionNames(options.name, options.language)
        if options.batch && (template.batch == nil || program.graph.outputs.count != 1) {
            throw NoBatchFunction(language: options.language)
        }
        for name in names.all {
            guard template.isFunctionName(name) else {
                throw InvalidFunctionName(name: options.name, language: options.language, function: name)
            }
        }
        let layout = try InputLayout(program.inputs, options)
        let graph = layout.reordering(named(program, options))
        let plans = Plan.all(for: graph, options, names, layout)
        // Each function of a large program is made (differentiated, simplified, printed) on its
        // own thread, and each but the last (the largest) is laid out there too: the value
        // function is printed and laid out while the gradient is still being taken.
        let sideBySide = graph.count >= sideBySideSize && !options.header
        let made = Parallel.map(plans.count, sideBySide: sideBySide) { k -> (FunctionText, called: [Bool], laidOut: TextBuffer?) in
            let function = plans[k].text(plans[k].graph(), template, names, layout, source: program.source)
            var called = [Bool](repeating: false, count: template.helpers.count)
            function.markCalledHelpers(template.helpers, &called)
            // The checks of the arguments call helpers too (JavaScript's `deriv_check_array`).
            var checks = Array(template.function(function).before.joined(separator: "\n").utf8)
            checks.withUnsafeMutableBufferPointer { b in
                CodeEmitter.markCalledHelpers(template.helpers.map { Array($0.name.utf8) }, in: UnsafeBufferPointer(b), &called)
            }
            guard sideBySide, k < plans.count - 1 else { return (function, called, nil) }
            var text = TextBuffer(capacity: 64 * function.body.printer.graph.count)
            CodeLayout.write(function, template.function(function), template, to: &text) { _ in }
            return (function, called, text)
        }
        let functions = made.map(\.0)
        let size = functions.reduce(0) { $0 + 64 * $1.body.printer.graph.count }
        let capacity = Swift.min(size, pieceSize + (64 << 10))
        var out = TextBuffer(capacity: capacity)
        let operations = functions.map(\.body.printer.graph.operationCount)
        let inputs = CodeEmitter.inputNames(code: functions[0].parameters.flatMap(\.names), program: graph.inputs)
        var header = CodeEmitter.header(program, graph, options, Array(zip(plans.map(\.name), operations)),
                                        inputs: options.groups.isEmpty ? CodeEmitter.abbreviated(inputs) : layout.described(inputs))
        let batch = options.batch ? template.batch.flatMap { make in functions.first { $0.name == names.gradient }.map(make) } : nil
        let headerFile = options.header ? template.headerFile : nil
        let prototypes = (template.prototypes == nil && headerFile == nil ? [] : functions.compactMap { template.function($0).prototype })
            + (batch.map { [$0.prototype] } ?? [])
        // With `header`, the header comment and the declarations only (the header file).
        header += headerFile.map { $0.usage(options.name) } ?? template.usage(options.name)
        out.append(string: header.map { $0.isEmpty ? template.comment("").trimmingTrailingSpaces : template.comment($0) }
                    .joined(separator: "\n"))
        if let headerFile {
            out.append(string: "\n\n" + headerFile.lines(options.name, prototypes).map { $0 + "\n" }.joined())
            return PieceWriter(write).finish(with: out)
        }
        let facts = CodeFacts(functions)
        let prelude = template.prelude(facts) + (template.prototypes.map { [""] + $0(options.name, prototypes) } ?? [])
        if !prelude.isEmpty { out.append(string: "\n\n" + prelude.joined(separator: "\n")) }
        out.append(string: String(repeating: "\n", count: template.blankLines + 1))
        // The helpers the functions call go before them.
        let gap = String(repeating: "\n", count: template.blankLines)
        let called = template.helpers.indices.filter { k in made.contains { $0.called[k] } }.map { template.helpers[$0] }
        out.append(string: template.helperText(called, gap))
        for declaration in template.supportDeclarations(names, options.arrayInputs || !options.groups.isEmpty) { out.append(string: declaration + "\n" + gap) }
        // Laid out into a buffer of a piece's size, handed to the writer whenever it is full; a
        // function laid out already is handed over whole.
        let writer = PieceWriter(write)
        for (k, (function, _, laidOut)) in made.enumerated() {
            if k > 0 { out.append(string: gap) }
            if let laidOut {
                writer.hand(out)
                writer.hand(laidOut, inPartsOf: pieceSize)
                out = TextBuffer(capacity: capacity)
                continue
            }
            CodeLayout.write(function, template.function(function), template, to: &out) { out in
                if out.count >= pieceSize { writer.hand(out.takeLines()) }
            }
        }
        if let batch { out.append(string: gap + batch.text.joined(separator: "\n") + "\n") }
        let postlude = template.postlude(facts)
        if !postlude.isEmpty { out.append(string: "\n" + postlude.joined(separator: "\n") + "\n") }
        writer.finish(with: out)
    }

    /// The program's graph, its output named after the function when the program leaves it
    /// unnamed (`x*y + sin(x)` emitted with `--name area` computes `area`, not `f`).
    static func named(_ program: Program, _ options: EmitOptions) -> Graph {
        var graph = program.graph
        let ast = program.ast
        guard graph.outputs.count == 1, let last = ast.statements.last, last.target == nil,
              !ast.statements.contains(where: { $0.target.map(ast.spelling) == graph.outputNames[0] }) else { return graph }
        graph.outputNames[0] = options.name
        return graph
    }

    /// Programs of at least this many nodes have their functions made side by side.
    static let sideBySideSize = 10_000

    /// Writes pieces of code on a thread of its own, in order, so that writing one (a system
    /// call copying megabytes) overlaps laying out the next. At most two wait to be written.
    private final class PieceWriter {
        private let queue = DispatchQueue(label: "deriv.emit.pieces")
        private let room = DispatchSemaphore(value: 2)
        private let write: (UnsafeBufferPointer<UInt8>) -> Void
        private var handed = false

        init(_ write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) { self.write = write }

        /// Hands over `piece` to be written, in parts of about `size` bytes each ending at a line
        /// break when a size is given (a function laid out whole), else as it is.
        func hand(_ piece: TextBuffer, inPartsOf size: Int? = nil) {
            guard piece.count > 0 else { return }
            handed = true
            room.wait()
            // The caller does not touch `piece` again, and `write` runs on this one serial queue.
            let handedPiece = HandedOver(piece), handedWrite = HandedOver(write)
            queue.async { [room] in
                let piece = handedPiece.value, write = handedWrite.value
                piece.withBytes(0..<piece.count) { bytes in
                    var start = 0
                    while start < bytes.count {
                        var end = size.map { Swift.min(start + $0, bytes.count) } ?? bytes.count
                        while end < bytes.count, bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
                        write(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                        start = end
                    }
                }
                room.signal()
            }
        }

        /// Writes the last piece once every piece handed over is written (code of less than a
        /// piece is written at once, on the calling thread).
        func finish(with last: TextBuffer) {
            if handed { queue.sync {} }
            if last.count > 0 { last.withBytes(0..<last.count, write) }
        }
    }

    /// Marks the helpers (by name, as bytes) `text` calls (`deriv_sigmoid` in `2*deriv_sigmoid(x)`):
    /// the identifier before each `(`.
    static func markCalledHelpers(_ names: [[UInt8]], in text: UnsafeBufferPointer<UInt8>, _ called: inout [Bool]) {
        guard let base = text.baseAddress else { return }
        var from = 0
        // memchr: the C library's search, many bytes at a time.
        while from < text.count, let hit = memchr(base + from, Int32(UInt8(ascii: "(")), text.count - from) {
            let i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            from = i + 1
            var start = i
            while start > 0, Naming.isIdentifierByte(text[start - 1]) { start -= 1 }
            let name = UnsafeBufferPointer(rebasing: text[start..<i])
            for k in names.indices where !called[k] && names[k].count == name.count && names[k].elementsEqual(name) {
                called[k] = true
            }
        }
    }

    /// The header comment: where the code comes from, the program, inputs, operation counts.
    static func header(_ program: Program, _ g: Graph, _ options: EmitOptions,
                       _ functions: [(name: String, operations: Int)], inputs: String) -> [String] {
        let version = options.toolVersion.isEmpty ? "" : " " + options.toolVersion
        var lines = ["Generated by deriv\(version): \(options.command)",
                     functions.dropLast().map(\.name).joined(separator: ", ") + " and " + functions.last!.name
                        + " compute this program and its derivatives; edit the program and regenerate:", ""]
        // A long program is quoted in part: each statement's source line is quoted beside it anyway.
        var quoted: [String] = []
        var source = program.source.text.split(separator: "\n", maxSplits: maxQuotedLines, omittingEmptySubsequences: false)
        var complete = source.count <= maxQuotedLines
        if !complete { source.removeLast() }
        while source.last?.allSatisfy(\.isWhitespace) == true { source.removeLast() }
        for (k, line) in source.enumerated() {
            let room = maxQuotedLines - quoted.count
            // Enough characters for the lines left, so a line of megabytes is not wrapped whole.
            let part = line.prefix(room * 92)
            let wrapped = CodeLayout.wrap(CodeLayout.commentSafe(String(part)).trimmingTrailingSpaces, width: 92)
            quoted += wrapped.prefix(room).map { "    " + $0 }
            if wrapped.count > room || part.endIndex < line.endIndex || (quoted.count == maxQuotedLines && k < source.count - 1) {
                complete = false
                break
            }
        }
        lines += quoted
        if !complete {
            let lineCount = program.source.lineCount
            lines.append("    ... (quoted in part: the program has \(lineCount) line\(lineCount == 1 ? "" : "s"))")
        }
        lines.append("")
        lines.append("Inputs, in order: " + inputs + ". Output\(g.outputs.count == 1 ? "" : "s"): "
                     + abbreviated(g.outputNames) + ".")
        let f = functions[0].operations
        var counts = "Operations (arithmetic operations and function calls): \(functions[0].name) \(f)"
        for p in functions.dropFirst() {
            counts += ", \(p.name) \(p.operations)"
            if f > 0 { counts += " (\(ratio(p.operations, f))x)" }
        }
        lines.append(counts + ".")
        return lines
    }

    /// The most lines of the program the header quotes (wrapped lines counted).
    static let maxQuotedLines = 200
    /// The longest source line quoted above a block of statements, in bytes.
    static let maxQuotedLineBytes = 200

    static func ratio(_ a: Int, _ b: Int) -> String {
        let r = (Double(a) / Double(b) * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The inputs (or a matrix program's dimensions) as the header comment lists them: the code's
    /// names, with the program's beside those that differ (`x_ (the program's __x)`: a keyword or
    /// a form C reserves, docs/EMIT.md).
    static func inputNames(code: [String], program: [String]) -> [String] {
        guard code.count == program.count else { return program }
        return zip(code, program).map { $0 == $1 ? $0 : "\($0) (the program's \($1))" }
    }

    /// A list of names, shortened when long.
    static func abbreviated(_ names: [String]) -> String {
        if names.isEmpty { return "none" }
        if names.count <= 12 { return names.joined(separator: ", ") }
        return names.prefix(3).joined(separator: ", ") + ", ..., " + names.last! + " (\(names.count))"
    }
}

/// One function before printing: the graph whose outputs are its results, in order, and how
/// those outputs group into results (value, gradient, …).
struct Plan {
    struct Result {
        let label: String
        let parameter: String
        let shape: ResultGroup.Shape
        let count: Int
        let meanings: [String]
        /// The number of rows of a matrix (one per output).
        let rowCount: Int
        /// What it is, for documentation ("gradient", "gradient with respect to params").
        var noun: String? = nil

        /// This derivative (the gradient or the Jacobian, a column per `wrt` input) as one result
        /// per group of `parts` (`InputLayout.parts`): `grad_params`, labelled `gradientParams`,
        /// holds the columns of group params. Without parts, itself.
        func split(_ parts: [(group: String, count: Int)]) -> [Result] {
            guard !parts.isEmpty else { return [self] }
            let columns = count / rowCount
            var first = 0
            return parts.map { part in
                defer { first += part.count }
                let meanings = (0..<rowCount).flatMap { row in self.meanings[row * columns + first..<row * columns + first + part.count] }
                let capitalized = part.group.prefix(1).uppercased() + part.group.dropFirst()
                return Result(label: label + capitalized, parameter: parameter + "_" + part.group,
                              shape: shape == .vector ? .vector : .matrix(columns: part.count), count: rowCount * part.count,
                              meanings: meanings, rowCount: rowCount, noun: "\(label) with respect to \(part.group)")
            }
        }

        /// Where each entry of the results `split` makes is among this one's entries, when those
        /// come after `before` others (the graph outputs to take, in order, for a Jacobian split).
        static func splitOrder(rows: Int, columns: Int, _ parts: [(group: String, count: Int)], after before: Int) -> [Int] {
            var order = Array(0..<before)
            var first = 0
            for part in parts {
                for row in 0..<rows { order += (before + row * columns + first)..<(before + row * columns + first + part.count) }
                first += part.count
            }
            return order
        }
    }

    let name: String
    let summary: String
    /// Makes the graph (taking derivatives and simplifying is most of the work, so it is done
    /// on the thread that prints the function).
    let graph: () -> Graph
    /// The graph's first `primalInputs` inputs are the function's inputs; any others are the
    /// direction of `_jvp`.
    let primalInputs: Int
    let results: [Result]

    /// The functions for `graph` under `options`.
    static func all(for g: Graph, _ options: EmitOptions, _ names: FunctionNames, _ layout: InputLayout) -> [Plan] {
        let wrt = layout.wrt
        let wrtNames = wrt.map { g.inputs[$0] }
        let outputs = g.outputNames
        let n = g.inputs.count
        func tuple(_ names: [String], else many: String) -> String {
            names.count == 1 ? names[0] : names.count <= 6 ? "(" + names.joined(separator: ", ") + ")" : many
        }
        // With groups, the point is what the function takes: `at (params, data, lam)`.
        let arguments = options.groups.isEmpty ? g.inputs : layout.arguments(g.inputs)
        let at = arguments.isEmpty ? "" : " at " + tuple(arguments, else: "the inputs")
        let directions = options.groups.isEmpty ? wrtNames.map { "d" + $0 } : layout.directions.compactMap(\.array)
        let direction = directions.isEmpty ? "" : " along " + tuple(directions, else: "a direction")
        let modeText = options.mode == .reverse ? "by reverse mode" : "by forward mode"
        let single = outputs.count == 1
        let f = outputs[0]

        let jvpResults: [Result]

        var plans: [Plan] = []
        if single {
            let value = Result(label: "value", parameter: "value", shape: .scalar, count: 1, meanings: [f],
                               rowCount: 1)
            plans.append(Plan(name: names.value, summary: "The value of \(f)\(at).", graph: { g.simplified() },
                              primalInputs: n, results: [value]))
            let gradient = Result(label: "gradient", parameter: "grad", shape: .vector, count: wrt.count,
                                  meanings: wrtNames.map { "d\(f)/d\($0)" }, rowCount: 1)
            plans.append(Plan(name: names.gradient,
                              summary: "The value of \(f)\(at) and its gradient, \(modeText).",
                              graph: { Derivatives.gradient(g, wrt: wrt, mode: options.mode).simplified() },
                              primalInputs: n, results: [value] + gradient.split(layout.parts)))
            jvpResults = [value, Result(label: "derivative", parameter: "dout", shape: .scalar, count: 1,
                                        meanings: ["the derivative of \(f)\(direction)"], rowCount: 1)]
        } else {
            let values = Result(label: "values", parameter: "values", shape: .vector, count: outputs.count,
                                meanings: outputs, rowCount: 1)
            plans.append(Plan(name: names.value, summary: "The values of \(outputs.joined(separator: ", "))\(at).",
                              graph: { g.simplified() }, primalInputs: n, results: [values]))
            let meanings = outputs.flatMap { o in wrtNames.map { "d\(o)/d\($0)" } }
            let jacobian = Result(label: "jacobian", parameter: "jac", shape: .matrix(columns: wrt.count),
                                  count: outputs.count * wrt.count, meanings: meanings, rowCount: outputs.count)
            let order = Result.splitOrder(rows: outputs.count, columns: wrt.count, layout.parts, after: outputs.count)
            plans.append(Plan(name: names.jacobian,
                              summary: "The values\(at) and the Jacobian (a row per output, a column per input), \(modeText).",
                              graph: {
                                  let jacobian = Derivatives.jacobian(g, wrt: wrt, mode: options.mode)
                                  return (layout.parts.isEmpty ? jacobian : jacobian.selectingOutputs(order)).simplified()
                              },
                              primalInputs: n, results: [values] + jacobian.split(layout.parts)))
            jvpResults = [values, Result(label: "derivatives", parameter: "dvalues", shape: .vector, count: outputs.count,
                                         meanings: outputs.map { "the derivative of \($0)\(direction)" },
                                         rowCount: 1)]
        }
        if options.mode == .forward {
            let jvpGraph = {
                var jvp = Derivatives.jvp(g, wrt: wrt)
                for (k, x) in wrtNames.enumerated() { jvp.inputs[n + k] = "d" + x }
                return jvp.simplified()
            }
            plans.append(Plan(name: names.jvp,
                              summary: "The value\(single ? "" : "s")\(at) and the derivative\(single ? "" : "s")\(direction), by one forward sweep.",
                              graph: jvpGraph, primalInputs: n, results: jvpResults))
        }
        return plans
    }

    /// Prints `graph` (this plan's) with `template` and lays the function out, language-neutrally.
    func text(_ graph: Graph, _ template: CodeTemplate, _ names: FunctionNames, _ layout: InputLayout,
              source: SourceFile) -> FunctionText {
        var naming = Naming(graph: graph, reserved: template.reserved, avoidsReservedForms: template.avoidsReservedForms)
        // The arrays' names, claimed first (the inputs', then the directions', whether or not this
        // function has directions, so that every function of a file names alike).
        let inputArrays = layout.inputs.map { $0.array.map { naming.claim($0) } }
        let directionArrays = layout.directions.map { $0.array.map { naming.claim($0) } }
        // The arguments results are written through (a leading number is returned instead).
        let parameters = results.enumerated().map { i, r in i == 0 && r.shape == .scalar ? r.parameter : naming.claim(r.parameter) }
        let printer = ExpressionPrinter(graph: graph, syntax: template.syntax,
                                        policy: .readable(maxInlineDepth: template.maxInlineDepth), naming: naming)

        let used = graph.inputNodes().map { $0 != nil }
        let inputNames = printer.naming.inputNames
        var groups: [ParameterGroup] = []
        var first = 0
        let segments = zip(layout.inputs, inputArrays)
            + (graph.inputs.count > primalInputs ? Array(zip(layout.directions, directionArrays)) : [])
        for (segment, array) in segments {
            let range = first..<first + segment.count
            groups.append(ParameterGroup(names: Array(inputNames[range]), used: Array(used[range]), array: array,
                                         noun: segment.noun))
            first += segment.count
        }

        var groupsOut: [ResultGroup] = []
        var next = 0
        for (r, parameter) in zip(results, parameters) {
            let entries = printer.outputs[next..<next + r.count].map(printer.string)
            next += r.count
            groupsOut.append(ResultGroup(label: r.label, parameter: parameter, shape: r.shape, entries: entries,
                                         meanings: r.meanings, rowCount: r.rowCount, noun: r.noun ?? r.label))
        }
        return FunctionText(name: name, names: names, summary: summary, parameters: groups,
                            body: FunctionBody(printer: printer, source: source, groups: groups), results: groupsOut)
    }
}

/// The body of an emitted function, its lines made as they are written: the statements of the
/// printer, a comment with the source line before the statements that come from it (when they
/// come from more than one line), and, for array inputs, each load just before its first use.
struct FunctionBody {
    let printer: ExpressionPrinter
    let source: SourceFile
    let groups: [ParameterGroup]

    /// Calls `visit` with each line, in order.
    func forEachLine(_ visit: (BodyLine) -> Void) {
        let graph = printer.graph
        let statements = printer.statements
        let firstLine = statements.lazy.compactMap { graph.origin(of: $0.node)?.start.line }.first
        let commented = statements.contains { s in graph.origin(of: s.node).map { $0.start.line != firstLine } ?? false }
        var previous: Int?
        var loads = InputLoads(graph: graph, statements: statements, groups: groups)
        for statement in statements {
            if commented, let line = graph.origin(of: statement.node)?.start.line, line != previous {
                visit(.comment(line: line))
                previous = line
            }
            loads.before(statement.node).forEach(visit)
            visit(.statement(statement))
        }
        for output in graph.outputs { loads.before(output).forEach(visit) }
    }

    /// Writes the comment naming source line `line` in `template`'s words: `// line 12: y = x^2`,
    /// at most `CodeEmitter.maxQuotedLineBytes` of the line, trimmed and made safe in a comment,
    /// after `newLine` (a line break and indentation). A line of printable ASCII that needs neither
    /// is copied as it is, after `start` (`newLine`, the comment prefix and `line `).
    func writeComment(line: Int, _ template: CodeTemplate, newLine: String, start: [UInt8], to out: inout TextBuffer) {
        let range = source.lineRange(line)
        let cut = range.count > CodeEmitter.maxQuotedLineBytes
        // The source's bytes read in place (a slice of them per comment would cost reference counting).
        source.bytes.withUnsafeBufferPointer { all in
            let quoted = UnsafeBufferPointer(rebasing: all[range.prefix(CodeEmitter.maxQuotedLineBytes)])
            let isSpace = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
            var plain = !quoted.isEmpty && !isSpace(quoted[0])
                && (cut || !(isSpace(quoted[quoted.count - 1]) || quoted[quoted.count - 1] == UInt8(ascii: "\\")))
            var previous: UInt8 = 0
            for b in quoted where plain {
                plain = b >= 0x20 && b < 0x7F && !(b == UInt8(ascii: "?") && previous == b)
                previous = b
            }
            guard plain else {
                var text = String(decoding: quoted, as: UTF8.self)
                if cut { text += " ..." }
                let comment = template.comment("line \(line): " + CodeLayout.commentSafe(text).trimmingSpaces)
                return out.append(string: newLine + comment)
            }
            out.withRoom(start.count + 20 + 2 + quoted.count + 4) { w in
                w.append(start)
                w.append(decimal: line)
                w.append(": ")
                w.append(quoted)
                if cut { w.append(" ...") }
            }
        }
    }
}

/// Where array inputs are loaded: each just before the first statement (or result) whose
/// expression reads it.
struct InputLoads {
    let graph: Graph
    /// True for the nodes with a statement of their own; an expression stops at them.
    let bound: [Bool]
    /// Per graph input: its name and the array and index it is loaded from, if it comes in an array.
    let sources: [(name: String, array: String, index: Int)?]
    var loaded: Set<Int> = []
    /// How many inputs come in an array; once all are loaded, nothing is walked.
    let arrayInputs: Int

    init(graph: Graph, statements: [ExpressionPrinter.Statement], groups: [ParameterGroup]) {
        self.graph = graph
        var sources: [(name: String, array: String, index: Int)?] = []
        for group in groups {
            for (i, name) in group.names.enumerated() { sources.append(group.array.map { (name, $0, i) }) }
        }
        self.sources = sources
        arrayInputs = sources.filter { $0 != nil }.count
        var bound = [Bool](repeating: false, count: arrayInputs == 0 ? 0 : graph.count)
        if arrayInputs > 0 { for statement in statements { bound[Int(statement.node)] = true } }
        self.bound = bound
    }

    /// The loads of the inputs `node`'s expression reads that are not loaded yet.
    mutating func before(_ node: NodeID) -> [BodyLine] {
        if loaded.count == arrayInputs { return [] }
        var inputs: [Int] = []
        var stack = [node]
        var first = true
        while let id = stack.popLast() {
            let n = graph[id]
            if n.op == .input {
                if sources[n.inputIndex] != nil, loaded.insert(n.inputIndex).inserted { inputs.append(n.inputIndex) }
            } else if first || !bound[Int(id)] {
                n.forEachArgument { _, a in stack.append(a) }
            }
            first = false
        }
        return inputs.sorted().map { i in
            let s = sources[i]!
            return .load(name: s.name, array: s.array, index: s.index)
        }
    }
}

extension String {
    /// The text without trailing spaces.
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        let leading = utf8.prefix { isSpace($0) }.count
        let trailing = utf8.reversed().prefix { isSpace($0) }.count
        if leading == 0 && trailing == 0 { return self }
        if leading == utf8.count { return "" }
        return String(decoding: utf8.dropFirst(leading).dropLast(trailing), as: UTF8.self)
    }
}
