@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivRender
/// A long function written as calls of private parts of `size` body lines each (Swift: its type
/// checker's time grows with the square of a function's length, docs/PERFORMANCE.md, "Compile
/// time"). Each part takes the values of earlier parts and the function's parameters it reads, and
/// returns the values it defines that later parts or the lines after the body read; the statements
/// are the same, so are the numbers. The template says how a part is declared and called.
struct FunctionParts {
    /// Body lines (statements and loads) per part.
    let size: Int
    /// The function's parameters the body may read, with their types.
    let parameters: [(name: String, type: String)]
    /// `private func fPart1(_ x: Double, …) -> (Double, …) {`: the part's name, its parameters
    /// (name and type) and how many values it returns.
    let declaration: (_ part: String, _ parameters: [(name: String, type: String)], _ results: Int) -> String
    /// The line that calls a part and names what it returns: `let (t1, t2) = fPart1(x, y)`.
    let call: (_ part: String, _ arguments: [String], _ results: [String]) -> String
    /// The part's last line before its closing brace: `return (t1, t2)`.
    let returning: (_ results: [String]) -> String

    /// Per part: the names it reads from outside it (in order of first use) and the names it
    /// defines that are read after it.
    func plan(_ body: FunctionBody, after: [String]) -> [(arguments: [String], results: [String])] {
        let printer = body.printer
        var definedIn: [String: Int] = [:]
        var lastRead: [String: Int] = [:]
        var parts: [(arguments: [String], results: [String], defined: [String])] = []
        var lines = 0
        let outside = Set(parameters.map(\.name))
        func read(_ names: [String], in part: Int) {
            for name in names {
                guard let home = definedIn[name] ?? (outside.contains(name) ? -1 : nil), home != part else { continue }
                lastRead[name] = part
                if !parts[part].arguments.contains(name) { parts[part].arguments.append(name) }
            }
        }
        body.forEachLine { line in
            let part = lines / size
            if case .comment = line { return }
            if part == parts.count { parts.append(([], [], [])) }
            lines += 1
            switch line {
            case .comment:
                break
            case .statement(let s):
                read(Self.identifiers(printer.string(s.expression)), in: part)
                let name = printer.string(s.name)
                definedIn[name] = part
                parts[part].defined.append(name)
            case .load(let name, let array, _):
                read([array], in: part)
                definedIn[name] = part
                parts[part].defined.append(name)
            }
        }
        for name in Self.identifiers(after.joined(separator: "\n")) where definedIn[name] != nil { lastRead[name] = parts.count }
        return parts.enumerated().map { k, p in
            (p.arguments, p.defined.filter { (lastRead[$0] ?? k) > k })
        }
    }

    /// The identifiers of an expression's text that are not a member (`.squareRoot`) or part of a
    /// number (`1e-5`).
    static func identifiers(_ text: String) -> [String] {
        var names: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        var inName = false
        let isStart = { (b: UInt8) in (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        for b in text.utf8 {
            if inName && (isStart(b) || isDigit(b)) {
                current.append(b)
            } else {
                if inName { names.append(String(decoding: current, as: UTF8.self)) }
                inName = isStart(b) && !(isStart(previous) || isDigit(previous) || previous == UInt8(ascii: "."))
                current = inName ? [b] : []
            }
            previous = b
        }
        if inName { names.append(String(decoding: current, as: UTF8.self)) }
        return names
    }
}
