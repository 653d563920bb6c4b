/// Turns a parsed program into its SSA graph: one node per operation, names resolved, constants
/// folded, equal subexpressions merged by the builder. One loop over the post-order AST.
///
/// Name rules (grammar/deriv.ebnf, "Names"):
/// - a name assigned by the program refers to that value, and must be assigned before it is used,
///   and only once (programs are SSA);
/// - `pi` and `e` are constants unless the program assigns them;
/// - every other name is an input, in order of first appearance (or the order `wrt` gives).
struct Lowering {
    let source: SourceFile
    let ast: AST

    struct Result {
        var graph: Graph
        var warnings: [Diagnostic]
    }

    /// - Parameters:
    ///   - inputOrder: names that come first among the inputs, in this order (`--wrt`).
    ///   - outputs: assigned names to use as outputs (`--of`); nil for the last statement.
    func lower(inputOrder: [String], outputs requested: [String]?) throws -> Result {
        var assignedAt: [String: SourceRange] = [:]
        assignedAt.reserveCapacity(ast.statements.count)
        for s in ast.statements {
            guard let target = s.target, let r = s.targetRange else { continue }
            if let first = assignedAt[target] {
                throw Diagnostic.error("\(quote(target)) is assigned twice; it was first assigned at \(first.start)", at: r,
                                       notes: ["a program gives each name one value (SSA); use a new name"])
            }
            assignedAt[target] = r
        }

        // `--wrt` names inputs: each once, and neither a name the program assigns nor a constant
        // (either would silently give a derivative of 0).
        let builder = GraphBuilder(inputs: inputOrder, reservingCapacity: ast.nodes.count)
        var inputIndex: [String: Int] = [:]
        for (i, name) in inputOrder.enumerated() {
            if inputIndex[name] != nil { throw UsageError("--wrt names \(quote(name)) twice") }
            if assignedAt[name] != nil {
                throw UsageError("--wrt names \(quote(name)), which the program assigns; derivatives are taken with respect to inputs")
            }
            if name == "pi" || name == "e" {
                throw UsageError("--wrt names '\(name)', which is a constant unless the program assigns it")
            }
            inputIndex[name] = i
        }

        var bound: [String: NodeID] = [:]
        bound.reserveCapacity(ast.statements.count)
        builder.names.reserveCapacity(ast.statements.count)
        var value = [NodeID](repeating: -1, count: ast.nodes.count)
        var lastStatementValue: NodeID = -1
        var nodeIndex = 0

        for s in ast.statements {
            while nodeIndex <= s.root {
                let n = ast.nodes[nodeIndex]
                builder.currentOrigin = builder.addSourceRange(n.range)
                value[nodeIndex] = try lowerNode(n, value, builder, &bound, assignedAt, &inputIndex)
                nodeIndex += 1
            }
            let v = value[s.root]
            if let target = s.target {
                bound[target] = v
                if builder.names[v] == nil, builder[v].op != .input { builder.names[v] = target }
            }
            lastStatementValue = v
        }

        var outputs: [NodeID] = []
        var outputNames: [String] = []
        if let requested {
            if requested.isEmpty { throw UsageError("--of needs at least one name") }
            var seen = Set<String>()
            for name in requested {
                if !seen.insert(name).inserted { throw UsageError("--of names \(quote(name)) twice") }
                guard let v = bound[name] ?? inputIndex[name].map({ builder.input($0) }) else {
                    var message = "--of names \(quote(name)), which the program does not assign"
                    if let near = closestName(to: name, among: Array(bound.keys).sorted()) { message += "; did you mean '\(near)'?" }
                    throw UsageError(message)
                }
                outputs.append(v)
                outputNames.append(name)
            }
        } else {
            outputs = [lastStatementValue]
            outputNames = [ast.statements.last?.target ?? (assignedAt["f"] == nil ? "f" : "out")]
        }
        return Result(graph: builder.finish(outputs: outputs, outputNames: outputNames, exactPrefix: builder.nodes.count), warnings: [])
    }

    private func lowerNode(_ n: AST.Node, _ value: [NodeID], _ b: GraphBuilder, _ bound: inout [String: NodeID],
                           _ assignedAt: [String: SourceRange], _ inputIndex: inout [String: Int]) throws -> NodeID {
        func arg(_ i: Int) -> NodeID { value[Int(n.children[i])] }
        switch n.kind {
        case .number(let v):
            return b.constant(v)
        case .name(let name):
            if let v = bound[name] { return v }
            if let r = assignedAt[name] {
                throw Diagnostic.error("\(quote(name)) is used before it is assigned at \(r.start)", at: n.range)
            }
            if name == "pi" { return b.constant(Double.pi) }
            if name == "e" { return b.constant(2.718281828459045) }
            if Op.function(named: name) != nil {
                throw Diagnostic.error("'\(name)' is a function; call it as '\(name)(…)'", at: n.range)
            }
            if let i = inputIndex[name] { return b.input(i) }
            inputIndex[name] = b.inputs.count
            b.inputs.append(name)
            return b.input(b.inputs.count - 1)
        case .negate:
            return b.apply(.neg, arg(0), nil, nil)
        case .binary(let op):
            return b.apply(Lowering.operation(op), arg(0), arg(1), nil)
        case .conditional:
            return b.apply(.select, arg(0), arg(1), arg(2))
        case .call(let name, let nameRange):
            guard let (op, arity) = Op.function(named: name) else {
                throw unknownFunction(name, at: nameRange, isVariable: bound[name] != nil || assignedAt[name] != nil)
            }
            let count = n.children.count
            guard arity.contains(count) else {
                let expected = arity.upperBound == Int.max ? "at least \(arity.lowerBound) arguments"
                    : "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                throw Diagnostic.error("'\(name)' takes \(expected), got \(count)", at: n.range)
            }
            // n-ary max/min fold left, so ties go to the first argument that attains the extreme.
            var result = arg(0)
            if count == 1 { return b.apply(op, result, nil, nil) }
            for i in 1..<count { result = b.apply(op, result, arg(i), nil) }
            return result
        }
    }

    static func operation(_ op: AST.BinaryOperator) -> Op {
        switch op {
        case .add: return .add
        case .subtract: return .sub
        case .multiply: return .mul
        case .divide: return .div
        case .power: return .pow
        case .less: return .lt
        case .lessEqual: return .le
        case .greater: return .gt
        case .greaterEqual: return .ge
        case .equal: return .eq
        case .notEqual: return .ne
        }
    }

    private func unknownFunction(_ name: String, at range: SourceRange, isVariable: Bool) -> Diagnostic {
        let multiply = Diagnostic.FixIt(range: SourceRange(range.end, range.end), replacement: "*")
        if isVariable {
            return .error("\(quote(name)) is a variable, not a function; write '*' to multiply", at: range, fixIts: [multiply])
        }
        if let suggestion = closestName(to: name, among: Op.functionNames) {
            return .error("unknown function \(quote(name)); did you mean '\(suggestion)'?", at: range,
                          fixIts: [.init(range: range, replacement: suggestion)])
        }
        return .error("unknown function \(quote(name))", at: range,
                      notes: ["the functions are " + Op.functionNames.joined(separator: " "),
                              "to multiply, write '*' after \(quote(name))"])
    }
}

/// A mistake in how the tool was called (exit status 2), as opposed to a mistake in the program.
public struct UsageError: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
