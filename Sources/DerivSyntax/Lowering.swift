@_spi(DerivCore) import DerivCore
/// Turns a parsed program into its SSA graph: one node per operation, names resolved, constants
/// folded, equal subexpressions merged by the builder. One loop over the post-order AST.
///
/// Name rules (grammar/deriv.ebnf, "Names"):
/// - a name assigned by the program refers to that value, and must be assigned before it is used,
///   and only once (programs are SSA);
/// - `pi` and `e` are constants unless the program assigns them;
/// - every other name is an input. Inputs are ordered: those `wrt` names (`--wrt`), in its order;
///   then the declared ones (`x, y: scalar`), in declaration order; then the rest in natural
///   order (`precedesNaturally`: `x < x1 < x2 < x10 < y`), so rewriting an expression never
///   reorders them.
package struct Lowering {
    let source: SourceFile
    let ast: AST

    package init(source: SourceFile, ast: AST) {
        self.source = source; self.ast = ast
    }

    package struct Result {
        package var graph: Graph
        var warnings: [Diagnostic]
    }

    /// - Parameters:
    ///   - inputOrder: names that come first among the inputs, in this order (`--wrt`).
    ///   - outputs: assigned names to use as outputs (`--of`); nil for the last statement.
    package func lower(inputOrder: [String], outputs requested: [String]?) throws -> Result {
        // Everything known about a name is kept in arrays indexed by its symbol.
        let symbolCount = ast.spellings.count
        let assignedAt = try assignments()
        // Names given on the command line, looked up once.
        var symbolNamed: [String: Symbol] = [:]
        if !inputOrder.isEmpty || requested != nil {
            for (i, name) in ast.spellings.enumerated() { symbolNamed[name] = Symbol(index: Int32(i)) }
        }

        // `--wrt` names inputs: each once, and neither a name the program assigns nor a constant
        // (either would silently give a derivative of 0).
        let builder = GraphBuilder(inputs: inputOrder, reservingCapacity: ast.nodes.count)
        var names = Names(count: symbolCount)
        var wrt = Set<String>()
        for (i, name) in inputOrder.enumerated() {
            if !wrt.insert(name).inserted { throw SelectionError.inputTwice(name) }
            let symbol = symbolNamed[name]
            if let symbol, assignedAt[Int(symbol.index)] != nil { throw SelectionError.inputAssigned(name) }
            if let constant = Constants.value(of: name) { throw SelectionError.inputIsConstant(name, value: constant) }
            if let symbol { names.inputIndex[Int(symbol.index)] = Int32(i) }
        }
        for symbol in try declaredInputs(assignedAt) + undeclaredInputs(assignedAt) where names.inputIndex[Int(symbol.index)] < 0 {
            names.inputIndex[Int(symbol.index)] = Int32(builder.inputs.count)
            builder.inputs.append(ast.spelling(symbol))
        }

        builder.names.reserveCapacity(nodes: ast.nodes.count)
        var value = [NodeID](repeating: -1, count: ast.nodes.count)
        var lastStatementValue: NodeID = -1
        var nodeIndex = 0

        for s in ast.statements {
            while nodeIndex <= s.root {
                // The node's source range is recorded only if lowering it creates a node.
                let before = builder.count
                builder.currentOrigin = builder.nextSourceRange
                value[nodeIndex] = try lowerNode(nodeIndex, value, builder, &names, assignedAt)
                if builder.count > before { _ = builder.addSourceRange(ast.nodes[nodeIndex].range) }
                nodeIndex += 1
            }
            let v = value[s.root]
            if let target = s.target {
                names.bound[Int(target.index)] = v
                // The first name given to a value keeps it.
                if builder[v].op != .input { builder.names.nameIfUnnamed(v, ast.spelling(target)) }
            }
            lastStatementValue = v
        }

        var outputs: [NodeID] = []
        var outputNames: [String] = []
        if let requested {
            if requested.isEmpty { throw SelectionError.noOutputs }
            var seen = Set<String>()
            for name in requested {
                if !seen.insert(name).inserted { throw SelectionError.outputTwice(name) }
                let symbol = symbolNamed[name].map { Int($0.index) }
                let v: NodeID?
                if let symbol, names.bound[symbol] >= 0 {
                    v = names.bound[symbol]
                } else if let i = symbol.map({ names.inputIndex[$0] }) ?? inputOrder.firstIndex(of: name).map(Int32.init), i >= 0 {
                    v = builder.input(Int(i))
                } else {
                    v = nil
                }
                guard let v else {
                    let assigned = ast.statements.compactMap { $0.target.map(ast.spelling) }
                    throw SelectionError.outputNotAssigned(name, suggestion: closestName(to: name, among: assigned.sorted()))
                }
                outputs.append(v)
                outputNames.append(name)
            }
        } else {
            outputs = [lastStatementValue]
            let programAssignsF = ast.spellings.firstIndex(of: "f").map { assignedAt[$0] != nil } ?? false
            outputNames = [ast.statements.last?.target.map(ast.spelling) ?? (programAssignsF ? "out" : "f")]
        }
        return Result(graph: builder.finish(outputs: outputs, outputNames: outputNames, exactPrefix: builder.count), warnings: [])
    }

    /// Where each symbol is assigned (nil for names the program does not assign), each checked to
    /// be assigned once (programs are SSA).
    package func assignments() throws -> [SourceRange?] {
        var assignedAt = [SourceRange?](repeating: nil, count: ast.spellings.count)
        for s in ast.statements {
            guard let target = s.target, let r = s.targetRange else { continue }
            if let first = assignedAt[Int(target.index)] {
                throw Diagnostic.error("\(quote(ast.spelling(target))) is assigned twice; it was first assigned at \(first.start)", at: r,
                                       notes: ["a program gives each name one value (SSA); use a new name"])
            }
            assignedAt[Int(target.index)] = r
        }
        return assignedAt
    }

    /// The declared inputs, in declaration order, each checked: declared once, a scalar (unless
    /// `allowingArrays`, for `MatrixLowering`), and a name that can be an input (not assigned by
    /// the program, not a constant or function).
    package func declaredInputs(_ assignedAt: [SourceRange?], allowingArrays: Bool = false) throws -> [Symbol] {
        var declaredAt = [SourceRange?](repeating: nil, count: ast.spellings.count)
        for d in ast.declarations {
            let s = Int(d.name.index)
            let name = ast.spelling(d.name)
            if let first = declaredAt[s] {
                throw Diagnostic.error("\(quote(name)) is declared twice; it was first declared at \(first.start)", at: d.range)
            }
            if let r = assignedAt[s] {
                throw Diagnostic.error("\(quote(name)) is declared as an input, but the program assigns it at \(r.start)", at: d.range,
                                       notes: ["declare only the inputs, the names the program does not assign"])
            }
            if name == "pi" || name == "e" {
                throw Diagnostic.error("'\(name)' is the constant \(name == "pi" ? "3.14159…" : "2.71828…"), not an input; name the input otherwise",
                                       at: d.range)
            }
            if Op.function(named: name) != nil {
                throw Diagnostic.error("'\(name)' is a function, not an input; name the input otherwise", at: d.range)
            }
            guard d.shape == .scalar || allowingArrays else {
                throw Diagnostic.error("vectors and matrices are not supported yet; only 'scalar' inputs can be declared", at: d.shapeRange)
            }
            declaredAt[s] = d.range
        }
        return ast.declarations.map(\.name)
    }

    /// The names used as values that the program neither assigns nor declares and that are no
    /// constant or function (those are errors or constants where they are used), in natural order.
    package func undeclaredInputs(_ assignedAt: [SourceRange?]) -> [Symbol] {
        var used = [Bool](repeating: false, count: ast.spellings.count)
        for n in ast.nodes { if case .name(let s) = n.kind { used[Int(s.index)] = true } }
        for d in ast.declarations { used[Int(d.name.index)] = false }
        let inputs = used.indices.filter { s in
            guard used[s], assignedAt[s] == nil else { return false }
            let name = ast.spellings[s]
            return name != "pi" && name != "e" && Op.function(named: name) == nil
        }
        let keys = inputs.map { NaturalOrderKey(ast.spellings[$0]) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { Symbol(index: Int32(inputs[$0])) }
    }

    /// What the names of the program stand for, by symbol, as lowering goes.
    private struct Names {
        /// The value of each assigned name once its statement is lowered; -1 before and for other names.
        var bound: [NodeID]
        /// The input index of each name that is an input (set before lowering starts); -1 for the others.
        var inputIndex: [Int32]
        /// The node a name that is not assigned stands for (an input or a constant), after its first use; -1 before.
        var resolved: [NodeID]
        /// The function a name calls, looked up by its text at its first call only: an index into
        /// `functions`, -1 for a name that is no function, -2 before the first call.
        private var callee: [Int32]
        private var functions: [(op: Op, arity: ClosedRange<Int>)] = []

        init(count: Int) {
            bound = [NodeID](repeating: -1, count: count)
            inputIndex = [Int32](repeating: -1, count: count)
            resolved = [NodeID](repeating: -1, count: count)
            callee = [Int32](repeating: -2, count: count)
        }

        /// `Op.function(named:)` for the symbol spelt `name`.
        mutating func function(_ symbol: Symbol, named name: String) -> (op: Op, arity: ClosedRange<Int>)? {
            let s = Int(symbol.index)
            if callee[s] == -2 {
                callee[s] = -1
                if let f = Op.function(named: name) {
                    callee[s] = Int32(functions.count)
                    functions.append(f)
                }
            }
            return callee[s] >= 0 ? functions[Int(callee[s])] : nil
        }
    }

    private func lowerNode(_ i: Int, _ value: [NodeID], _ b: GraphBuilder, _ names: inout Names,
                           _ assignedAt: [SourceRange?]) throws -> NodeID {
        let n = ast.nodes[i]
        // Children by index arithmetic: `ast.children(of:)` would make a slice (and retain the array) per node.
        func arg(_ k: Int) -> NodeID { value[Int(ast.childIndices[Int(n.firstChild) + k])] }
        switch n.kind {
        case .number(let v):
            return b.constant(v)
        case .name(let symbol):
            let s = Int(symbol.index)
            if names.bound[s] >= 0 { return names.bound[s] }
            if names.resolved[s] >= 0 { return names.resolved[s] }
            if let r = assignedAt[s] {
                throw Diagnostic.error("\(quote(ast.spelling(symbol))) is used before it is assigned at \(r.start)", at: n.range)
            }
            let name = ast.spelling(symbol)
            let v: NodeID
            if let constant = Constants.value(of: name) {
                v = b.constant(constant)
            } else if Op.function(named: name) != nil {
                throw Diagnostic.error("'\(name)' is a function; call it as '\(name)(…)'", at: n.range)
            } else {
                v = b.input(Int(names.inputIndex[s]))
            }
            names.resolved[s] = v
            return v
        case .negate:
            return b.apply(.neg, arg(0), nil, nil)
        case .binary(let op):
            return b.apply(Lowering.operation(op), arg(0), arg(1), nil)
        case .conditional:
            return b.apply(.select, arg(0), arg(1), arg(2))
        case .transpose, .list, .index:
            // Programs with these go to `MatrixProgram` (docs/MATRICES.md).
            throw Diagnostic.error("vectors and matrices are not supported here yet", at: n.range)
        case .call(let symbol, let nameRangeIndex):
            let name = ast.spelling(symbol)
            guard let (op, arity) = names.function(symbol, named: name) else {
                throw Lowering.unknownFunction(name, at: ast.callNameRanges[Int(nameRangeIndex)],
                                      isVariable: names.bound[Int(symbol.index)] >= 0 || assignedAt[Int(symbol.index)] != nil)
            }
            let count = Int(n.childCount)
            guard arity.contains(count) else {
                let expected = arity.upperBound == Int.max ? "at least \(arity.lowerBound) arguments"
                    : "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                throw Diagnostic.error("'\(name)' takes \(expected), got \(count)", at: n.range)
            }
            // n-ary max/min fold left, so ties go to the first argument that attains the extreme.
            var result = arg(0)
            if count == 1 { return b.apply(op, result, nil, nil) }
            for k in 1..<count { result = b.apply(op, result, arg(k), nil) }
            return result
        }
    }

    package static func operation(_ op: AST.BinaryOperator) -> Op {
        switch op {
        case .add: return .add
        case .subtract: return .sub
        case .multiply: return .mul
        case .divide: return .div
        case .power: return .pow
        case .elementMultiply: return .mul
        case .elementDivide: return .div
        case .elementPower: return .pow
        case .less: return .lt
        case .lessEqual: return .le
        case .greater: return .gt
        case .greaterEqual: return .ge
        case .equal: return .eq
        case .notEqual: return .ne
        }
    }

    package static func unknownFunction(_ name: String, at range: SourceRange, isVariable: Bool, among functions: [String] = Op.functionNames) -> Diagnostic {
        let multiply = Diagnostic.FixIt(range: SourceRange(range.end, range.end), replacement: "*")
        if isVariable {
            return .error("\(quote(name)) is a variable, not a function; write '*' to multiply", at: range, fixIts: [multiply])
        }
        if let suggestion = closestName(to: name, among: functions) {
            return .error("unknown function \(quote(name)); did you mean '\(suggestion)'?", at: range,
                          fixIts: [.init(range: range, replacement: suggestion)])
        }
        return .error("unknown function \(quote(name))", at: range,
                      notes: ["the functions are " + functions.joined(separator: " "),
                              "to multiply, write '*' after \(quote(name))"])
    }
}
