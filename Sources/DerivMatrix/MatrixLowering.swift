@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
/// Turns a parsed vector or matrix program into a `MatrixGraph` for inputs of known shapes:
/// one node per matrix operation, each shape checked where it is written (a mismatch is an
/// error with the place and both shapes). One loop over the post-order AST, as `Lowering`.
/// The language: docs/MATRICES.md and grammar/deriv.ebnf, "Vectors and matrices".
struct MatrixLowering {
    let ast: AST
    /// The inputs, in the program's order, and the shape of each.
    let inputs: [Symbol]
    let shapes: [MatrixShape]
    let assignedAt: [SourceRange?]

    /// The functions of vectors and matrices, with their arities; every scalar function of `Op`
    /// applies entry by entry besides.
    static let functions: [String: Int] = ["sum": 1, "dot": 2, "norm1": 1, "norm2": 1, "tr": 1, "diag": 1, "logsumexp": 1]

    /// The graph whose output is the last statement, or the statement assigning `output` (a
    /// `SelectionError` if none does).
    func lower(output: String?) throws -> MatrixGraph {
        let b = MatrixBuilder()
        var resolved = [Int](repeating: -1, count: ast.spellings.count)
        for (symbol, shape) in zip(inputs, shapes) {
            resolved[Int(symbol.index)] = b.input(named: ast.spelling(symbol), shape)
        }
        var bound = [Int](repeating: -1, count: ast.spellings.count)
        var value = [Int](repeating: -1, count: ast.nodes.count)
        var nodeIndex = 0
        var result = -1
        for s in ast.statements {
            while nodeIndex <= s.root {
                value[nodeIndex] = try lowerNode(nodeIndex, value, b, bound: bound, resolved: &resolved)
                nodeIndex += 1
            }
            if let target = s.target {
                bound[Int(target.index)] = value[s.root]
                if b.graph.scalarConstant(value[s.root]) == nil { b.name(value[s.root], ast.spelling(target)) }
                if output == ast.spelling(target) { result = value[s.root] }
            }
            if output == nil { result = value[s.root] }
        }
        if result < 0, let output {
            throw SelectionError.outputNotAssigned(output, suggestion: closestName(to: output, among: ast.statements.compactMap { $0.target.map(ast.spelling) }))
        }
        b.graph.outputs = [result]
        return b.graph
    }

    private func lowerNode(_ i: Int, _ value: [Int], _ b: MatrixBuilder, bound: [Int], resolved: inout [Int]) throws -> Int {
        let n = ast.nodes[i]
        let children = ast.children(of: i).map { Int($0) }
        let args = children.map { value[$0] }
        /// A node of `operation`, or the error `message(mismatch)` at this node.
        func make(_ operation: MatrixOperation, _ arguments: [Int], _ message: (String) -> String) throws -> Int {
            switch b.make(operation, arguments) {
            case .success(let node): return node
            case .failure(let m): throw Diagnostic.error(message(m.message), at: n.range)
            }
        }
        func shape(_ k: Int) -> MatrixShape { b.shape(args[k]) }
        func elementwise(_ op: Op, _ verb: String) throws -> Int {
            try make(.elementwise(op), args) { "cannot \(verb) \(args.map { "\(b.shape($0))" }.joined(separator: " and ")): \($0)" }
        }
        switch n.kind {
        case .number(let v):
            return b.constant(v)
        case .name(let symbol):
            let s = Int(symbol.index)
            if bound[s] >= 0 { return bound[s] }
            if resolved[s] >= 0 { return resolved[s] }
            let name = ast.spelling(symbol)
            if let r = assignedAt[s] {
                throw Diagnostic.error("\(quote(name)) is used before it is assigned at \(r.start)", at: n.range)
            }
            if Op.function(named: name) != nil || MatrixLowering.functions[name] != nil {
                throw Diagnostic.error("'\(name)' is a function; call it as '\(name)(…)'", at: n.range)
            }
            resolved[s] = b.constant(Constants.value(of: name)!)
            return resolved[s]
        case .negate:
            return b.neg(args[0])
        case .binary(let op):
            switch op {
            case .add: return try elementwise(.add, "add")
            case .subtract: return try elementwise(.sub, "subtract")
            case .elementMultiply: return try elementwise(.mul, "multiply entry by entry")
            case .elementDivide: return try elementwise(.div, "divide entry by entry")
            case .elementPower: return try elementwise(.pow, "raise entry by entry")
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
                return try elementwise(Lowering.operation(op), "compare")
            case .multiply:
                if shape(0).isScalar || shape(1).isScalar { return b.mul(args[0], args[1]) }
                return try make(.matmul, args) { "cannot multiply \(shape(0)) by \(shape(1)): \($0)" }
            case .divide:
                guard shape(1).isScalar else {
                    throw Diagnostic.error("cannot divide by \(shape(1)): '/' divides by a scalar; './' divides entry by entry", at: n.range)
                }
                return b.div(args[0], args[1])
            case .power:
                guard shape(0).isScalar, shape(1).isScalar else {
                    throw Diagnostic.error("cannot raise \(shape(0)) to \(shape(1)) with '^', which takes scalars; '.^' raises entry by entry",
                                           at: n.range)
                }
                return b.apply(.pow, args[0], args[1], nil)
            }
        case .conditional:
            return try elementwise(.select, "choose between")
        case .transpose:
            return shape(0).isScalar ? args[0] : b.node(.transpose, args)
        case .list:
            return try literal(i, children, value, b)
        case .index:
            return try index(n, args, b)
        case .call(let symbol, let nameRangeIndex):
            let name = ast.spelling(symbol)
            let nameRange = ast.callNameRanges[Int(nameRangeIndex)]
            if let (op, arity) = Op.function(named: name) {
                try checkArity(name, arity, args.count, n.range)
                if args.count == 1 { return try elementwise(op, "apply '\(name)' to") }
                // n-ary max/min fold left, so ties go to the first argument that attains the extreme.
                var r = args[0]
                for k in 1..<args.count {
                    r = try make(.elementwise(op), [r, args[k]]) { "cannot apply '\(name)' to \(b.shape(r)) and \(shape(k)): \($0)" }
                }
                return r
            }
            guard let arity = MatrixLowering.functions[name] else {
                throw Lowering.unknownFunction(
                    name, at: nameRange, isVariable: bound[Int(symbol.index)] >= 0 || assignedAt[Int(symbol.index)] != nil,
                    among: (Op.functionNames + MatrixLowering.functions.keys).sorted())
            }
            try checkArity(name, arity...arity, args.count, n.range)
            return try reduction(name, args, b, n.range)
        }
    }

    private func checkArity(_ name: String, _ arity: ClosedRange<Int>, _ count: Int, _ range: SourceRange) throws {
        guard !arity.contains(count) else { return }
        let expected = arity.upperBound == Int.max ? "at least \(arity.lowerBound) arguments"
            : "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
        throw Diagnostic.error("'\(name)' takes \(expected), got \(count)", at: range)
    }

    /// `sum`, `dot`, `norm1`, `norm2`, `tr`, `diag` and `logsumexp`, written with the operations of the table.
    private func reduction(_ name: String, _ args: [Int], _ b: MatrixBuilder, _ range: SourceRange) throws -> Int {
        let x = args[0], s = b.shape(x)
        switch name {
        case "sum":
            return b.node(.sum, [x])
        case "logsumexp":
            return b.node(.logSumExp, [x])
        case "dot":
            let t = b.shape(args[1])
            guard s == t, s.columns == 1 || s.rows == 1 else {
                throw Diagnostic.error("cannot take the dot product of \(s) and \(t): it takes two vectors of one length", at: range)
            }
            return b.node(.sum, [b.mul(x, args[1])])
        case "norm1":
            return b.node(.sum, [b.call(.abs, x)])
        case "norm2":
            return b.call(.sqrt, b.node(.sum, [b.mul(x, x)]))
        case "tr":
            guard s.rows == s.columns else { throw Diagnostic.error("cannot take the trace of \(s): it is not square", at: range) }
            return s.isScalar ? x : b.node(.sum, [b.node(.diagonal, [x])])
        default:  // diag
            if s.isScalar { return x }
            if s.columns == 1 { return b.node(.diagonalMatrix, [x]) }
            guard s.rows == s.columns else {
                throw Diagnostic.error("cannot take the diagonal of \(s): 'diag' takes a vector or a square matrix", at: range)
            }
            return b.node(.diagonal, [x])
        }
    }

    /// `[1, 2, 3]` (a vector) or `[[1, 2], [3, 4]]` (a matrix, by rows): a constant when every
    /// entry is a number, else the entries stacked.
    private func literal(_ i: Int, _ children: [Int], _ value: [Int], _ b: MatrixBuilder) throws -> Int {
        let isRow = { (c: Int) in ast.nodes[c].kind == .list }
        var entries: [Int]
        var shape: MatrixShape
        if children.allSatisfy(isRow) {
            let rows = children.map { ast.children(of: $0).map { value[Int($0)] } }
            let width = rows[0].count
            if let k = rows.firstIndex(where: { $0.count != width }) {
                throw Diagnostic.error("the rows of a matrix have one length: row 1 has \(entryCount(width)), row \(k + 1) has \(entryCount(rows[k].count))",
                                       at: ast.nodes[children[k]].range)
            }
            entries = rows.flatMap { $0 }
            shape = MatrixShape(rows.count, width)
        } else {
            if let k = children.first(where: isRow) {
                throw Diagnostic.error("a literal holds numbers (a vector) or rows (a matrix), not both", at: ast.nodes[k].range)
            }
            entries = children.map { value[$0] }
            shape = .vector(entries.count)
        }
        let flat = children.allSatisfy(isRow) ? children.flatMap { ast.children(of: $0).map(Int.init) } : children
        for (k, e) in entries.enumerated() where !b.shape(e).isScalar {
            throw Diagnostic.error("an entry of a literal is a scalar; this one is \(b.shape(e))", at: ast.nodes[flat[k]].range)
        }
        let numbers = entries.compactMap { b.constantValue($0) }
        if numbers.count == entries.count { return b.constant(Matrix(shape, numbers)) }
        return b.node(.stack(shape), entries)
    }

    private func entryCount(_ n: Int) -> String { n == 1 ? "1 entry" : "\(n) entries" }

    /// `x[i]` or `A[i, j]`: one entry, by whole-number positions from 1 known when the program is read.
    private func index(_ n: AST.Node, _ args: [Int], _ b: MatrixBuilder) throws -> Int {
        let s = b.shape(args[0])
        let isVector = s.columns == 1 || s.rows == 1
        let wanted = isVector ? 1 : 2
        guard !s.isScalar else { throw Diagnostic.error("cannot index a scalar", at: n.range) }
        guard args.count - 1 == wanted else {
            throw Diagnostic.error("\(s) takes \(wanted) index\(wanted == 1 ? "" : "es"), got \(args.count - 1)", at: n.range)
        }
        let sizes = isVector ? [s.count] : [s.rows, s.columns]
        var position: [Int] = []
        for (k, a) in args.dropFirst().enumerated() {
            guard let v = b.constantValue(a), v == v.rounded(), v >= 1, v <= Double(sizes[k]) else {
                throw Diagnostic.error("an index of \(s) is a whole number from 1 to \(sizes[k]) known when the program is read",
                                       at: n.range)
            }
            position.append(Int(v) - 1)
        }
        return b.node(.entry(isVector ? position[0] : position[0] * s.columns + position[1]), [args[0]])
    }
}
