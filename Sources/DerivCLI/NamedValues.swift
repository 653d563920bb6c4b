import DerivKit

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
            try texts.flatMap { try NamedValues.parse($0, option: option, io: io) }
        }
    }

    /// The pairs of one `--at` argument, in the order given.
    static func parse(_ argument: String, option: String, io: IO) throws -> [(String, Double)] {
        if argument.hasPrefix("@") { return try file(String(argument.dropFirst()), option: option, io: io) }
        var result: [(String, Double)] = []
        for part in pairs(argument) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let name = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
            let text = pieces.count == 2 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
            guard pieces.count == 2, !name.isEmpty, !text.isEmpty else {
                throw UsageError("\(option) expects name=value pairs such as x=1.5, got \(quote(part))")
            }
            result.append((name, try value(text, io: io, of: { "\(option): the value of \(quote(name))" })))
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
        let result = program.evaluate(at: [])
        for w in result.warnings { io.err("warning: \(what()): \(w.message)\n") }
        return result.outputs[0]
    }

    /// The members of the JSON object in file `path`; messages name `path:line:column`.
    static func file(_ path: String, option: String, io: IO) throws -> [(String, Double)] {
        guard !path.isEmpty else { throw UsageError("\(option) @FILE needs a file name, e.g. \(option) @point.json") }
        let text: String
        do { text = try io.readFile(path) } catch {
            throw UsageError("\(option): cannot read \(quote(path, limit: 200)): \(error)")
        }
        var reader = JSONReader(text)
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
                return (m.name, v)
            case .string(let text):
                return (m.name, try value(text.trimmingCharacters(in: .whitespaces), io: io, of: what))
            }
        }
    }
}
