@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
/// `deriv emit --lang numpy` of a vector or matrix program (docs/MATRICES.md, "emit: code with
/// loops"): NumPy has the loops, so each matrix operation is one whole-array expression (`A @ x`,
/// `A.T`, `np.sum`, `np.diagonal`), never a loop. The sizes come from the arrays passed, so the
/// functions take only the inputs, in order:
///
///     def f(A, x, b)          -> the value, a float
///     def f_grad(A, x, b)     -> (the value, (gA, gx, gb))   # each a new array of its input's shape
///
/// A vector is a 1-D array of n entries (a column of shape (n, 1) is taken too), a matrix a 2-D
/// array, a scalar a number; a vector's gradient is 1-D. An array whose shape does not fit the
/// declarations raises ValueError. Each operation's expression is its row of the matrix table
/// (`MatrixOperation.numpy`, through `NodeArrays`). Entry by entry, an operation is the scalar
/// NumPy code's (its row's `numpy` column, the same helpers).
extension MatrixCode {
    func numpyCode(value: MatrixGraph, gradient: MatrixGraph, wrt: [Int], name: String, header: [String],
                   names: MatrixNames) throws -> String {
        let template = CodeTemplate.numpy
        for function in [name, name + "_grad"] where Naming.identifier(function) != function || template.reserved.contains(function) {
            throw InvalidFunctionName(name: name, language: .numpy, function: function)
        }
        let functions = [
            numpyFunction(value, wrt: [], name: name, names: names, summary: "The value of the program."),
            numpyFunction(gradient, wrt: wrt, name: name + "_grad", names: names,
                          summary: "The value and the gradient by reverse mode, one array per input in its shape."),
        ]
        let body = functions.joined(separator: "\n\n")
        var called = [Bool](repeating: false, count: template.helpers.count)
        var bytes = Array(body.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            CodeEmitter.markCalledHelpers(template.helpers.map { Array($0.name.utf8) }, in: UnsafeBufferPointer(b), &called)
        }
        var out = header.map { template.comment($0).trimmingTrailingSpaces }.joined(separator: "\n") + "\n\n"
        out += (["import numpy as np"] + Self.numpyHelpers).joined(separator: "\n") + "\n\n\n"
        for (k, helper) in template.helpers.enumerated() where called[k] { out += helper.text + "\n\n" }
        return out + body
    }

    /// The two functions every file calls: an input as an array of its declared shape, and a
    /// result as a new array of its input's shape.
    static let numpyHelpers = [
        "",
        "",
        "def deriv_input(value, name, shape):",
        "    \"\"\"Input name as a float64 array: a matrix of shape, or a vector of shape (n,) as a column (n, 1).\"\"\"",
        "    a = np.asarray(value, dtype=np.float64)",
        "    if a.shape != shape and not (len(shape) == 1 and a.shape == shape + (1,)):",
        "        raise ValueError(\"%s has shape %s; the program declares %s\" % (name, a.shape, shape))",
        "    return a.reshape(shape[0], -1)",
        "",
        "",
        "def deriv_output(value, shape):",
        "    \"\"\"value (an array of as many entries, or a number for all) as a new float64 array of shape (a float for ()).\"\"\"",
        "    a = np.asarray(value, dtype=np.float64)",
        "    return np.array(np.broadcast_to(a.reshape(() if a.size == 1 else shape), shape))[()]",
    ]

    /// A shape as a NumPy shape tuple of dimension names and numbers.
    func numpyShape(_ s: MatrixShape) -> String { "(" + dimension(s.rows) + ", " + dimension(s.columns) + ")" }

    /// One function computing the outputs of `g`: output 0, the value, then one gradient per input of `wrt`.
    private func numpyFunction(_ g: MatrixGraph, wrt: [Int], name: String, names: MatrixNames, summary: String) -> String {
        let syntax = LanguageSyntax.numpy
        var needed = [Bool](repeating: false, count: g.count)
        for o in g.outputs { needed[o] = true }
        for i in stride(from: g.count - 1, through: 0, by: -1) where needed[i] {
            for a in g[i].arguments { needed[a] = true }
        }
        // An input named as a keyword or library name gets a `_` (`MatrixNames`).
        let inputs = names.inputs
        var freshNames = names.fresh(gradients: [])
        func fresh(_ preferred: String?) -> String { freshNames.fresh(preferred) }

        // The inputs as arrays, each dimension read from the first input that declares it.
        var lines: [String] = []
        var bound = Set<String>()
        for (x, input) in inputs.enumerated() {
            let s = g.inputShapes[x]
            guard declaredArray[x] else {
                lines.append(input + " = float(" + input + ")")
                continue
            }
            let axes = declaredVector[x] ? [dimension(s.rows)] : [dimension(s.rows), dimension(s.columns)]
            for (axis, d) in axes.enumerated() where Int(d) == nil && bound.insert(d).inserted {
                lines.append(d + " = np.shape(" + input + ")[\(axis)]")
            }
            let declared = "(" + axes.joined(separator: ", ") + (axes.count == 1 ? ",)" : ")")
            lines.append(input + " = deriv_input(" + input + ", \"" + g.inputNames[x] + "\", " + declared + ")")
        }

        // Each node an expression: a name, a number, a transpose (`A.T`), or, used once by a
        // later operation and unnamed by the program, its own short expression (`np.tanh(A @ x)`).
        var uses = [Int](repeating: 0, count: g.count)
        for n in 0..<g.count where needed[n] { for a in g[n].arguments { uses[a] += 1 } }
        for o in g.outputs { uses[o] += 2 }
        var expression = [Printed](repeating: Printed("", .atom), count: g.count)
        func printed(_ n: Int) -> Printed {
            if let c = g.scalarConstant(n) { return syntax.number(c) }
            return expression[n]
        }
        for n in 0..<g.count where needed[n] {
            let node = g[n]
            let a = node.arguments
            let shape = node.shape
            let text: Printed
            switch node.operation {
            case .input(let x):
                // A declared vector or matrix of one entry is a scalar in the graph.
                expression[n] = Printed(declaredArray[x] && shape.isScalar ? inputs[x] + "[0, 0]" : inputs[x], .atom)
                continue
            case .constant(let c):
                guard g.scalarConstant(n) == nil else { continue }
                expression[n] = Printed(fresh(g.names[n]), .atom)
                lines.append(expression[n].text + " = np.array([" + g.constants[c].map { syntax.number($0).text }
                    .joined(separator: ", ") + "]).reshape" + numpyShape(shape))
                continue
            case let operation:
                let writer = NodeArrays(code: self, syntax: syntax, arguments: a.map(printed))
                switch operation.numpy(writer, a.map { g[$0].shape }, shape) {
                case .view(let view):
                    expression[n] = view
                    continue
                case .filled(let statements):
                    expression[n] = Printed(fresh(g.names[n]), .atom)
                    lines += statements(expression[n].text)
                    continue
                case .expression(let e):
                    text = e
                }
            }
            if uses[n] == 1 && g.names[n] == nil && text.text.count <= 60 {
                expression[n] = text
                continue
            }
            expression[n] = Printed(fresh(g.names[n]), .atom)
            lines.append(expression[n].text + " = " + text.text)
        }

        // Each gradient a new array of its input's shape (1-D for a vector), the value a float.
        let value = "deriv_output(" + printed(g.outputs[0]).text + ", ())"
        let gradients = wrt.enumerated().map { slot, x -> String in
            let s = g.inputShapes[x]
            let shape = !declaredArray[x] ? "()" : declaredVector[x] ? "(" + dimension(s.rows) + ",)" : numpyShape(s)
            return "deriv_output(" + printed(g.outputs[slot + 1]).text + ", " + shape + ")"
        }
        let returned = wrt.isEmpty ? value
            : value + ", (" + CodeLayout.list(gradients, first: 14 + value.count, indent: "            ") + (gradients.count == 1 ? ",)" : ")")
        let head = "def " + name + "("
        let returns = wrt.isEmpty ? "Returns the value, a float."
            : "Returns the value, a float, and the gradients " + CodeTemplate.pythonShape(wrt.map { names.gradients[$0] }) + "."
        let layout = ["@np.errstate(all=\"ignore\")", head + CodeLayout.list(inputs, first: head.count, indent: "        ") + "):",
                      "    \"\"\"" + summary, "", "    " + returns, "    \"\"\""]
        return (layout + (lines + ["return " + returned]).map { "    " + $0 }).joined(separator: "\n") + "\n"
    }
}

/// The `MatrixArrayWriter` of one node of a NumPy function: its arguments' expressions, the
/// NumPy syntax entry by entry.
private struct NodeArrays: MatrixArrayWriter {
    let code: MatrixCode
    let syntax: LanguageSyntax
    let arguments: [Printed]

    func argument(_ k: Int) -> Printed { arguments[k] }
    func shape(_ s: MatrixShape) -> String { code.numpyShape(s) }
    func elementwise(_ op: Op) -> Printed { syntax.spell(op, arguments) }
}
