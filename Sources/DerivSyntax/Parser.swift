@_spi(DerivCore) import DerivCore
import Foundation

/// Parses tokens into an `AST` with operator-precedence parsing over explicit stacks
/// (shunting-yard), so nesting depth costs heap, never call stack: 100,000 nested parentheses
/// parse like any other input. Precedence levels, lowest first (grammar/deriv.ebnf):
///
///     ?:                      conditional, right-associative
///     < <= > >= == !=         comparison, not associative (`a < b < c` is an error)
///     + -                     left-associative
///     * / .* ./               left-associative
///     unary + -               so `-x^2` is `-(x^2)`
///     ^ ** .^                 right-associative; its right operand may be unary: `2^-x`
///     postfix ' and [i]       transpose and indexing bind tightest: `-x'` is `-(x')`
package struct Parser {
    private let source: SourceFile
    /// Tokens are read as the parser goes (never all at once, which would cost a token per byte of
    /// a multi-megabyte program): the one before `current`, `current`, and the one after it once
    /// `peek()` has read it.
    private var lexer: Lexer
    private var previous: Token?
    private var current: Token
    private var lookahead: Token?
    private var ast = AST()
    /// The operand and operator stacks of `parseExpression`, kept to be reused by the next expression.
    private var operands: [Int] = []
    private var pending: [Pending] = []
    /// Whether a declaration may come next: at the start of the program, until its first other
    /// statement. A parser of the second part of a program (`parseInTwo`) takes none, so that a
    /// declaration there is an error and the whole program is parsed again on one core.
    private var declarationsAllowed: Bool

    private enum Level: Int, Comparable {
        case conditional = 0, comparison, additive, multiplicative, unary, power
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// An entry of the operator stack.
    private enum Pending {
        case binary(AST.BinaryOperator, Level, SourceRange)
        case negate(SourceRange)
        case unaryPlus(SourceRange)
        case paren(SourceRange)
        case call(Symbol, nameRange: SourceRange, open: SourceRange, arguments: Int)
        case question(SourceRange)
        case conditional(SourceRange)
        /// `[` of a literal, with the number of entries before the current one.
        case bracket(open: SourceRange, entries: Int)
        /// `[` after an operand (indexing), with the number of indices before the current one.
        case indexing(open: SourceRange, indices: Int)

        /// The precedence at which this entry reduces; brackets never reduce implicitly.
        var level: Level? {
            switch self {
            case .binary(_, let level, _): return level
            case .negate, .unaryPlus: return .unary
            case .conditional: return .conditional
            case .paren, .call, .question, .bracket, .indexing: return nil
            }
        }
    }

    /// The largest program read, in bytes (32 MiB). Memory grows with the program (parsing,
    /// lowering and differentiating a dense one takes about 70 bytes per byte: 775 MB for a sum
    /// of a million terms), so a bigger one is an error instead of a slow exhaustion of memory.
    /// It also keeps source locations in 32 bits.
    package static let maximumProgramSize = 32 << 20

    /// The AST of a program, or its first error as a `Diagnostic`. A big program is parsed in
    /// two parts on two cores (ParallelParse.swift), with the same AST and the same errors.
    package static func parse(_ source: SourceFile) throws -> AST {
        try parse(source, inTwoFrom: parseInTwoThreshold)
    }

    /// `parse(_:)`, with programs of `threshold` bytes or more parsed in two halves side by side
    /// (`parseInTwo`); the tests lower the threshold so that small programs take that path.
    /// `interning` chooses the lexer's interner (`SymbolInterner`).
    static func parse(_ source: SourceFile, inTwoFrom threshold: Int, interning: SymbolInterning = .table) throws -> AST {
        let size = source.bytes.count
        if size > maximumProgramSize {
            let start = source.location(at: 0)
            throw Diagnostic.error("the program is longer than \(maximumProgramSize >> 20) MiB, the most deriv reads",
                                   at: SourceRange(start, start))
        }
        if size >= threshold, let lineBreak = splitPoint(source.bytes), let ast = parseInTwo(source, at: lineBreak, interning: interning) {
            return ast
        }
        var parser = try Parser(source: source, reading: 0..<size, interning: interning)
        try parser.parseStatements()
        if parser.ast.statements.isEmpty {
            if !parser.ast.declarations.isEmpty {
                throw Diagnostic.error("expected an expression after the declarations", at: parser.current.range)
            }
            throw Diagnostic.error("the program is empty: write an expression such as 'x^2'", at: parser.current.range)
        }
        parser.ast.spellings = parser.lexer.symbols.spellings
        return parser.ast
    }

    /// The statements of `range` of the text, a part of the program that starts between two
    /// statements (`parseInTwo`); its AST has no spellings, its names are in `symbols`.
    struct Part {
        var ast: AST
        var symbols: LexerSymbols
        /// Whether the part ends between statements (`Lexer.isBetweenStatements`).
        var endsBetweenStatements: Bool

        init(_ source: SourceFile, _ range: Range<Int>, interning: SymbolInterning) throws {
            var parser = try Parser(source: source, reading: range, interning: interning)
            try parser.parseStatements()
            ast = parser.ast
            symbols = parser.lexer.symbols
            endsBetweenStatements = parser.lexer.isBetweenStatements
        }
    }

    /// A parser of `range` of the text, with room in its arrays for the whole program (so that
    /// the first part of a parse in two can take the second's nodes without growing).
    private init(source: SourceFile, reading range: Range<Int>, interning: SymbolInterning) throws {
        self.source = source
        lexer = Lexer(source, reading: range, interning: interning)
        declarationsAllowed = range.lowerBound == 0
        // A node takes at least one byte of text, so this never grows (and never copies) the
        // arrays of nodes; pages of them that are never written cost no memory. Programs mostly
        // have a statement a line (more grow the array). No huge pages: the arrays are written
        // once, in order, so they gain little, and a fresh huge page can cost more to fault in
        // than 512 small ones (on a virtual machine here, 2 ms a MB against 0.45).
        ast.nodes.reserveCapacity(source.bytes.count + 1)
        ast.childIndices.reserveCapacity(source.bytes.count + 1)
        ast.statements.reserveCapacity(source.lineCount + 1)
        current = try lexer.next()
    }

    /// The token after `current`.
    private mutating func peek() throws -> Token {
        if let lookahead { return lookahead }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    private mutating func advance() throws {
        previous = current
        if let next = lookahead {
            current = next
            lookahead = nil
        } else {
            current = try lexer.next()
        }
    }

    /// Every statement up to the end of the text read (there may be none).
    private mutating func parseStatements() throws {
        while true {
            while current.kind == .separator { try advance() }
            if current.kind == .end { break }
            try parseStatement()
        }
    }

    private mutating func parseStatement() throws {
        let start = current.range
        var target: Symbol?
        var targetRange: SourceRange?
        if case .identifier = current.kind, try [Token.Kind.colon, .comma].contains(peek().kind) {
            return try parseDeclaration()
        }
        declarationsAllowed = false
        if case .identifier(let name) = current.kind, try peek().kind == .equal {
            target = name
            targetRange = current.range
            try advance()
            try advance()
            if current.kind == .separator || current.kind == .end {
                throw Diagnostic.error("expected an expression after \(quote(lexer.symbols.spellings[Int(name.index)] + " ="))", at: current.range)
            }
        }
        let root = try parseExpression()
        switch current.kind {
        case .separator: try advance()
        case .end: break
        case .equal:
            if let mistake = functionDefinition(root) { throw mistake }
            throw Diagnostic.error("the left side of '=' must be a name; use '==' to compare", at: current.range,
                                   fixIts: [.init(range: current.range, replacement: "==")])
        default:
            throw Diagnostic.error("expected an operator or the end of the statement, found \(describe(current))", at: current.range)
        }
        ast.statements.append(AST.Statement(target: target, targetRange: targetRange, root: root,
                                            range: start.union(ast.nodes[root].range)))
    }

    /// `x, y: scalar`, `x: vector(n)` or `A: matrix(m, n)` (grammar/deriv.ebnf, "Declarations"),
    /// with the separator after it.
    private mutating func parseDeclaration() throws {
        guard declarationsAllowed else {
            let first = ast.statements.first.map { " above line \($0.range.start.line)" } ?? " to the top of the program"
            throw Diagnostic.error("a declaration must come before the statements; move it\(first)", at: current.range)
        }
        var names: [(Symbol, SourceRange)] = []
        while true {
            guard case .identifier(let name) = current.kind else {
                throw Diagnostic.error("expected a name to declare after ',', found \(describe(current))", at: current.range)
            }
            names.append((name, current.range))
            try advance()
            if current.kind != .comma { break }
            try advance()
        }
        guard current.kind == .colon else {
            throw Diagnostic.error("expected ':' and a type after the declared names, as in 'x, y: scalar'", at: current.range)
        }
        try advance()
        let (shape, shapeRange) = try parseShape()
        switch current.kind {
        case .separator: try advance()
        case .end: break
        default: throw Diagnostic.error("expected the end of the declaration, found \(describe(current))", at: current.range)
        }
        for (name, range) in names {
            ast.declarations.append(AST.Declaration(name: name, range: range, shape: shape, shapeRange: shapeRange))
        }
    }

    /// `scalar`, `vector(n)` or `matrix(m, n)`, and where it is.
    private mutating func parseShape() throws -> (AST.Declaration.Shape, SourceRange) {
        let start = current.range
        guard case .identifier(let symbol) = current.kind else {
            throw Diagnostic.error("expected a type after ':': scalar, vector(n) or matrix(m, n)", at: current.range)
        }
        let type = lexer.symbols.spellings[Int(symbol.index)]
        let types = ["matrix", "scalar", "vector"]
        guard types.contains(type) else {
            if let near = closestName(to: type, among: types) {
                throw Diagnostic.error("unknown type \(quote(type)); did you mean '\(near)'?", at: start,
                                       fixIts: [.init(range: start, replacement: near)])
            }
            throw Diagnostic.error("unknown type \(quote(type)); the types are scalar, vector(n) and matrix(m, n)", at: start)
        }
        try advance()
        if type == "scalar" { return (.scalar, start) }
        let arity = type == "vector" ? 1 : 2
        let form = type == "vector" ? "'vector(n)'" : "'matrix(m, n)'"
        guard current.kind == .leftParen else {
            throw Diagnostic.error("expected '(' and the dimensions after \(quote(type)), as in \(form)", at: current.range)
        }
        var dimensions: [AST.Declaration.Dimension] = []
        for k in 0..<arity {
            try advance()
            dimensions.append(try parseDimension())
            try advance()
            let last = k == arity - 1
            guard current.kind == (last ? .rightParen : .comma) else {
                throw Diagnostic.error("expected \(last ? "')'" : "','") in \(quote(type)), as in \(form), found \(describe(current))",
                                       at: current.range)
            }
        }
        let range = start.union(current.range)
        try advance()
        return (arity == 1 ? .vector(dimensions[0]) : .matrix(rows: dimensions[0], columns: dimensions[1]), range)
    }

    /// A dimension of a declared vector or matrix: a positive whole number or a name.
    private func parseDimension() throws -> AST.Declaration.Dimension {
        switch current.kind {
        case .identifier(let name):
            return .name(name)
        case .number(let v) where v >= 1 && v <= Double(Int32.max) && v == v.rounded():
            return .size(Int(v))
        default:
            throw Diagnostic.error("expected a dimension (a positive whole number or a name), found \(describe(current))",
                                   at: current.range)
        }
    }

    /// One expression, up to the separator or end that follows it (not consumed).
    private mutating func parseExpression() throws -> Int {
        operands.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        var expectOperand = true

        func node(_ i: Int) -> AST.Node { ast.nodes[i] }

        /// Replaces the last `arity` operands by one node of `kind` over them.
        func combine(_ kind: AST.Kind, arity: Int, _ range: SourceRange) {
            let combined = ast.add(kind, children: operands[(operands.count - arity)...], range)
            // One element at a time: `removeLast(_:)` takes the general path of replacing a range.
            for _ in 1..<arity { operands.removeLast() }
            operands[operands.count - 1] = combined
        }

        /// Pops the top pending operator and combines its operands into one node.
        func reduce() {
            let last = operands[operands.count - 1]
            switch pending.removeLast() {
            case .binary(let op, _, _):
                combine(.binary(op), arity: 2, node(operands[operands.count - 2]).range.union(node(last).range))
            case .negate(let r):
                combine(.negate, arity: 1, r.union(node(last).range))
            case .unaryPlus(let r):
                ast.nodes[last].range = r.union(node(last).range)
            case .conditional:
                combine(.conditional, arity: 3, node(operands[operands.count - 3]).range.union(node(last).range))
            case .paren, .call, .question, .bracket, .indexing:
                preconditionFailure("brackets are closed explicitly")
            }
        }

        /// Reduces every operator that binds tighter than `level` (or as tight, for left-associative ones).
        func reduce(above level: Level, rightAssociative: Bool) {
            while let top = pending.last?.level, top > level || (top == level && !rightAssociative) {
                reduce()
            }
        }

        while true {
            let token = current
            if expectOperand {
                switch token.kind {
                case .number(let v):
                    operands.append(ast.add(.number(v), token.range))
                    expectOperand = false
                case .identifier(let name):
                    if try peek().kind == .leftParen {
                        try advance()
                        let open = current.range
                        if try peek().kind == .rightParen {
                            try advance()
                            operands.append(ast.add(.call(name, nameRangeIndex: ast.addCallName(token.range)), token.range.union(current.range)))
                            expectOperand = false
                        } else {
                            pending.append(.call(name, nameRange: token.range, open: open, arguments: 0))
                        }
                    } else {
                        operands.append(ast.add(.name(name), token.range))
                        expectOperand = false
                    }
                case .leftParen:
                    pending.append(.paren(token.range))
                case .leftBracket:
                    if try peek().kind == .rightBracket {
                        throw Diagnostic.error("a literal needs entries, as in '[1, 2, 3]'", at: token.range.union(lookahead!.range))
                    }
                    pending.append(.bracket(open: token.range, entries: 0))
                case .minus:
                    pending.append(.negate(token.range))
                case .plus:
                    pending.append(.unaryPlus(token.range))
                default:
                    throw missingOperand(at: token)
                }
                try advance()
                continue
            }

            switch token.kind {
            case .quote:
                let x = operands[operands.count - 1]
                combine(.transpose, arity: 1, node(x).range.union(token.range))
            case .leftBracket:
                pending.append(.indexing(open: token.range, indices: 0))
                expectOperand = true
            case .rightBracket:
                while let top = pending.last, top.level != nil { reduce() }
                switch pending.popLast() {
                case .bracket(let open, let entries)?:
                    combine(.list, arity: entries + 1, open.union(token.range))
                case .indexing(_, let indices)?:
                    combine(.index, arity: indices + 2, node(operands[operands.count - indices - 2]).range.union(token.range))
                default:
                    throw Diagnostic.error("unmatched ']'", at: token.range)
                }
            case .plus, .minus, .star, .slash, .caret, .dotStar, .dotSlash, .dotCaret, .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .bangEqual:
                let (op, level) = Parser.binary(token.kind)
                // Comparisons reduce like a right-associative level so that a chained one stays on the stack.
                reduce(above: level, rightAssociative: level == .power || level == .comparison)
                if level == .comparison, case .binary(let other, .comparison, _)? = pending.last {
                    throw Diagnostic.error("comparisons cannot be chained: '\(other.rawValue)' is followed by '\(op.rawValue)'; combine them with '?:'",
                                           at: token.range)
                }
                pending.append(.binary(op, level, token.range))
                expectOperand = true
            case .question:
                reduce(above: .conditional, rightAssociative: true)
                pending.append(.question(token.range))
                expectOperand = true
            case .colon:
                // Everything since the matching '?' is the then-branch, whole conditionals included
                // (`a ? b ? c : d : e`), so reduce all of it.
                while let top = pending.last, top.level != nil { reduce() }
                guard case .question(let q)? = pending.last else {
                    throw Diagnostic.error("':' without a '?' before it", at: token.range)
                }
                pending[pending.count - 1] = .conditional(q)
                expectOperand = true
            case .comma:
                while let top = pending.last, top.level != nil { reduce() }
                switch pending.last {
                case .call(let name, let nameRange, let open, let count)?:
                    pending[pending.count - 1] = .call(name, nameRange: nameRange, open: open, arguments: count + 1)
                case .bracket(let open, let entries)?:
                    pending[pending.count - 1] = .bracket(open: open, entries: entries + 1)
                case .indexing(let open, let indices)?:
                    pending[pending.count - 1] = .indexing(open: open, indices: indices + 1)
                default:
                    throw Diagnostic.error("',' outside the arguments of a function call", at: token.range)
                }
                expectOperand = true
            case .rightParen:
                while let top = pending.last, top.level != nil { reduce() }
                switch pending.popLast() {
                case .paren(let open)?:
                    let x = operands[operands.count - 1]
                    ast.nodes[x].range = open.union(token.range)
                case .call(let name, let nameRange, _, let count)?:
                    combine(.call(name, nameRangeIndex: ast.addCallName(nameRange)), arity: count + 1, nameRange.union(token.range))
                case .question(let q)?:
                    throw Diagnostic.error("expected ':' to go with '?' at \(q.start)", at: token.range)
                case .bracket(let open, _)?, .indexing(let open, _)?:
                    throw Diagnostic.error("expected ']' to close '[' at \(open.start)", at: token.range)
                default:
                    throw Diagnostic.error("unmatched ')'", at: token.range)
                }
            case .separator, .end, .equal:
                while let top = pending.last, top.level != nil { reduce() }
                switch pending.last {
                case nil:
                    return operands.removeLast()
                case .paren(let open)?:
                    throw Diagnostic.error("expected ')' to close '(' at \(open.start)", at: token.range)
                case .call(let name, _, let open, _)?:
                    throw Diagnostic.error("expected ')' to close the call of \(quote(lexer.symbols.spellings[Int(name.index)])) at \(open.start)", at: token.range)
                case .question(let q)?:
                    throw Diagnostic.error("expected ':' to go with '?' at \(q.start)", at: token.range)
                case .bracket(let open, _)?, .indexing(let open, _)?:
                    throw Diagnostic.error("expected ']' to close '[' at \(open.start)", at: token.range)
                default:
                    preconditionFailure("operators were reduced")
                }
            case .number, .identifier, .leftParen:
                if let mistake = functionNotation(before: token) { throw mistake }
                let before = node(operands[operands.count - 1]).range
                let lhs = String(decoding: source.bytes[before.start.offset..<before.end.offset].prefix(80), as: UTF8.self)
                throw Diagnostic.error("expected an operator between \(quote(lhs, limit: 30)) and \(describe(token))", at: token.range,
                                       fixIts: [.init(range: SourceRange(token.range.start, token.range.start), replacement: "*")])
            }
            try advance()
        }
    }

    /// The error for an operand right after a function's bare name, as written mathematics has
    /// it: `sin x` (→ `sin(x)`) and `sin^2(x)` (→ `sin(x)^2`); nil for other operands in a row.
    private func functionNotation(before token: Token) -> Diagnostic? {
        func functionName(_ i: Int) -> (name: String, range: SourceRange)? {
            guard case .name(let symbol) = ast.nodes[i].kind else { return nil }
            let name = spelling(symbol), range = ast.nodes[i].range
            // Not in parentheses: `(sin) x` is no call written without them.
            guard Op.function(named: name) != nil, range.end.offset - range.start.offset == name.utf8.count else { return nil }
            return (name, range)
        }
        let last = operands[operands.count - 1]
        if token.kind != .leftParen, let (name, range) = functionName(last) {
            let whole = range.union(token.range)
            let fix = "\(name)(\(text(token.range)))"
            return .error("\(quote(name)) is a function; did you mean \(quote(fix))?", at: whole, fixIts: [.init(range: whole, replacement: fix)])
        }
        guard token.kind == .leftParen, case .binary(.power, _, let caret)? = pending.last, operands.count >= 2,
              let (name, range) = functionName(operands[operands.count - 2]) else { return nil }
        let power = text(SourceRange(caret.start, ast.nodes[last].range.end))
        guard let close = closingParenthesis(from: token.range.start.offset) else {
            return .error("a power of a function is written after the call: \(quote("\(name)(…)\(power)"))", at: range)
        }
        let whole = SourceRange(range.start, source.location(at: close + 1))
        let fix = "\(name)(\(String(decoding: source.bytes[(token.range.end.offset)..<close], as: UTF8.self)))\(power)"
        return .error("a power of a function is written after the call: \(quote(fix))", at: whole,
                      fixIts: [.init(range: whole, replacement: fix)])
    }

    /// The error for `f(x) = …` (node `root` before the current `=`), a function defined as
    /// written mathematics has it, which a program writes `f = …`; nil for other left sides.
    private func functionDefinition(_ root: Int) -> Diagnostic? {
        guard case .call(let symbol, _) = ast.nodes[root].kind, Op.function(named: spelling(symbol)) == nil,
              ast.children(of: root).allSatisfy({ if case .name = ast.nodes[Int($0)].kind { true } else { false } }) else { return nil }
        let name = spelling(symbol), definition = ast.nodes[root].range
        let body = restOfStatement(after: current.range.end.offset)
        return .error("a program does not define functions: write \(quote("\(name) = \(body.isEmpty ? "…" : body)")), "
                      + "whose inputs are the names it uses", at: definition, fixIts: [.init(range: definition, replacement: name)])
    }

    /// The offset of the `)` that closes the `(` at `open`, if it is on the same line.
    private func closingParenthesis(from open: Int) -> Int? {
        var depth = 0
        for i in open..<source.bytes.count {
            switch source.bytes[i] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1; if depth == 0 { return i }
            case UInt8(ascii: "\n"), UInt8(ascii: "#"), UInt8(ascii: ";"): return nil
            default: break
            }
        }
        return nil
    }

    /// The text of the statement after `offset`, up to its end, a comment or the end of the line.
    private func restOfStatement(after offset: Int) -> String {
        var end = offset
        while end < source.bytes.count, ![UInt8(ascii: "\n"), UInt8(ascii: "#"), UInt8(ascii: ";")].contains(source.bytes[end]) { end += 1 }
        return String(decoding: source.bytes[offset..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    private func text(_ r: SourceRange) -> String {
        String(decoding: source.bytes[r.start.offset..<r.end.offset], as: UTF8.self)
    }

    private func spelling(_ s: Symbol) -> String { lexer.symbols.spellings[Int(s.index)] }

    private func missingOperand(at token: Token) -> Diagnostic {
        let after = previous
        switch (token.kind, after?.kind) {
        case (.end, .separator?), (.separator, .separator?):
            return .error("expected an expression", at: token.range)
        case (.end, _?), (.separator, _?):
            return .error("expected an expression after \(describe(after!))", at: token.range)
        case (.rightParen, .leftParen?):
            return .error("expected an expression inside '()'", at: token.range)
        case (.rightParen, .comma?), (.comma, .comma?):
            return .error("expected an argument after ','", at: token.range)
        case (.equal, nil), (.equal, .separator?):
            return .error("expected a name before '='", at: token.range)
        default:
            return .error("expected an expression, found \(describe(token))", at: token.range)
        }
    }

    /// A token as messages quote it: its text, or "end of input", "end of line".
    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "end of input"
        case .separator where source.bytes[token.range.start.offset] == UInt8(ascii: "\n"): return "end of line"
        default: return quote(String(decoding: source.bytes[token.range.start.offset..<token.range.end.offset], as: UTF8.self))
        }
    }

    private static func binary(_ kind: Token.Kind) -> (AST.BinaryOperator, Level) {
        switch kind {
        case .plus: return (.add, .additive)
        case .minus: return (.subtract, .additive)
        case .star: return (.multiply, .multiplicative)
        case .slash: return (.divide, .multiplicative)
        case .caret: return (.power, .power)
        case .dotStar: return (.elementMultiply, .multiplicative)
        case .dotSlash: return (.elementDivide, .multiplicative)
        case .dotCaret: return (.elementPower, .power)
        case .less: return (.less, .comparison)
        case .lessEqual: return (.lessEqual, .comparison)
        case .greater: return (.greater, .comparison)
        case .greaterEqual: return (.greaterEqual, .comparison)
        case .equalEqual: return (.equal, .comparison)
        default: return (.notEqual, .comparison)
        }
    }
}
