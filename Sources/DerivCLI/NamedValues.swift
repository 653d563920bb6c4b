@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation

/// The values of `--at` and `--v` (docs/COMMANDS.md, "Points"): `name=value` pairs separated by
/// commas, or `@FILE`, a JSON object of values (`{"x": 1.5, "y": "pi/2"}`) for points too long for
/// one argument (Linux caps one at 128 KiB). A value is a number as `parseNumber` reads it
/// (`1.5`, `-1e-3`, `nan`, `inf`, `pi`, `e`), or a constant expression of deriv's language
/// (`pi/2`, `sqrt(2)`, `2^10`, `atan2(1, 2)`), which deriv's own parser and evaluator compute.
/// Commas split pairs only outside parentheses and brackets, so `x=max(1,2)` is one pair.
enum NamedValues {
    /// The texts given to an option of pairs. They are read (numbers computed, files opened)
    /// once the program has parsed, by `pairs`: a bad program is reported before a bad point.
    struct Given {
        let option: String
        let texts: [String]

        /// The pairs of every text, in the order given.
        func pairs(io: IO) throws -> [(String, Double)] {
            try texts.flatMap { try NamedValues.parse($0, option: option, io: io, readsArrays: false) }.map { name, value in
                guard case .number(let v) = value else { preconditionFailure("arrays are read only when asked for") }
                return (name, v)
            }
        }

        /// The pairs of every text, values that may be vectors and matrices (`x=[1,2]`,
        /// `A=[[1,2],[3,4]]`, arrays in a JSON file), in the order given (docs/MATRICES.md).
        func matrixPairs(io: IO) throws -> [(String, Matrix)] {
            try texts.flatMap { try NamedValues.parse($0, option: option, io: io, readsArrays: true) }.map { name, value in
                switch value {
                case .number(let v): return (name, Matrix(scalar: v))
                case .matrix(let m): return (name, m)
                }
            }
        }
    }

    /// A value given: a number, or (for a vector or matrix program) a vector or matrix.
    enum Value {
        case number(Double)
        case matrix(Matrix)
    }

    /// The pairs of one `--at` argument, in the order given.
    static func parse(_ argument: String, option: String, io: IO, readsArrays: Bool) throws -> [(String, Value)] {
        if argument.hasPrefix("@") { return try file(String(argument.dropFirst()), option: option, io: io, readsArrays: readsArrays) }
        var result: [(String, Value)] = []
        for part in pairs(argument) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let name = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
            let text = pieces.count == 2 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
            guard pieces.count == 2, !name.isEmpty, !text.isEmpty else {
                throw UsageError("\(option) expects name=value pairs such as x=1.5, got \(quote(part))")
            }
            let what = { "\(option): the value of \(quote(name))" }
            result.append((name, readsArrays && text.hasPrefix("[") ? .matrix(try literal(text, of: what))
                                                                    : .number(try value(text, io: io, of: what))))
        }
        return result
    }

    /// The pieces of `text` between commas that are outside parentheses and brackets; empty pieces are dropped.
    static func pairs(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var depth = 0
        var start = text.startIndex
        var i = start
        while i < text.endIndex {
            switch text.utf8[i] {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = Swift.max(0, depth - 1)
            case UInt8(ascii: ",") where depth == 0:
                if start < i { result.append(text[start..<i]) }
                start = text.utf8.index(after: i)
            default: break
            }
            i = text.utf8.index(after: i)
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// One value: a number, or a constant expression. `what` names it in messages
    /// (`--at: the value of 'x'`, `point.json:3:8: the value of 'x'`); it is only called for one.
    static func value(_ text: String, io: IO, of what: () -> String) throws -> Double {
        var place: String { "\(what()), \(quote(text))," }
        if let v = parseNumber(text) {
            if v.isInfinite, !text.lowercased().contains("inf") {
                throw UsageError("\(place) overflows; write inf for infinity")
            }
            return v
        }
        var notConstant: String { "\(place) is not a number or a constant expression" }
        if text.hasPrefix("[") {
            throw UsageError("\(place) is a vector or matrix; a program takes one for an input it declares, as in 'x: vector(n)'")
        }
        let program: Program
        do {
            program = try Program(parsing: text)
        } catch let d as Diagnostic {
            throw UsageError("\(notConstant): \(d.message)")
        }
        if program.ast.statements.count != 1 || program.ast.statements[0].target != nil {
            throw UsageError("\(notConstant): it has statements")
        }
        if let name = program.inputs.first {
            throw UsageError("\(notConstant): it uses the name \(quote(name)) (the constants are pi and e)")
        }
        let result = try program.evaluate(at: [])
        for w in result.warnings { io.err("warning: \(what()): \(w.message)\n") }
        return result.outputs[0]
    }

    /// A vector or matrix literal of the language (`[1, 2, pi/2]`, `[[1, 2], [3, 4]]`), its entries
    /// constant expressions, computed by deriv's own parser and evaluator.
    static func literal(_ text: String, of what: () -> String) throws -> Matrix {
        var notLiteral: String { "\(what()), \(quote(text)), is not a vector or matrix of numbers" }
        do {
            let source = SourceFile(text)
            let program = try MatrixProgram(source: source, ast: try Parser.parse(source))
            if program.ast.statements.count != 1 || program.ast.statements[0].target != nil || program.ast.nodes.last?.kind != .list {
                throw UsageError(notLiteral)
            }
            if let name = program.inputs.first {
                throw UsageError("\(notLiteral): it uses the name \(quote(name)) (the constants are pi and e)")
            }
            return MatrixEvaluator.evaluate(try program.graph(shapes: []), inputs: [])[0]
        } catch let d as Diagnostic {
            throw UsageError("\(notLiteral): \(d.message)")
        }
    }

    /// The members of the JSON object in file `path`; messages name `path:line:column`.
    static func file(_ path: String, option: String, io: IO, readsArrays: Bool) throws -> [(String, Value)] {
        guard !path.isEmpty else { throw UsageError("\(option) @FILE needs a file name, e.g. \(option) @point.json") }
        let text: String
        do { text = try io.readFile(path) } catch {
            throw UsageError("\(option): cannot read \(quote(path, limit: 200)): \(error)")
        }
        var reader = JSONReader(text, readsArrays: readsArrays)
        func place(_ offset: Int) -> String {
            let (line, column) = reader.location(of: offset)
            return "\(path):\(line):\(column)"
        }
        let members: [JSONReader.Member]
        do { members = try reader.members() } catch let f as JSONReader.Failure {
            throw UsageError("\(place(f.offset)): \(f.message)")
        }
        return try members.map { m in
            // The line and column are found only for a message (finding them is a scan from the start).
            func what() -> String { "\(place(m.offset)): the value of \(quote(m.name))" }
            switch m.value {
            case .number(let v, let text):
                if v.isInfinite { throw UsageError("\(what()), \(text), overflows; write \"Infinity\" for infinity") }
                return (m.name, .number(v))
            case .string(let text):
                return (m.name, .number(try value(text.trimmingCharacters(in: .whitespaces), io: io, of: what)))
            case .array(let matrix):
                return (m.name, .matrix(matrix))
            }
        }
    }
}
