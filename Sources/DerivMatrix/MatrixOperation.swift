@_spi(DerivCore) import DerivCore
/// Every operation a node of a `MatrixGraph` can hold (docs/MATRICES.md). Like `Op`'s, each
/// concern is one exhaustive `switch`, a row per operation, so a new case that lacks a row
/// does not compile:
///
/// | table | what |
/// |---|---|
/// | `shape` | the result's shape from the arguments', or why they do not fit |
/// | `evaluate` | the value, in loops over contiguous row-major entries |
/// | `derivative` | the derivative with respect to each argument as a `LinearMap`, for both modes |
/// | `cost` | its scalar operations by kind, as polynomials in the dimension names (`deriv ops`) |
/// | `label`, `readable` | its name in listings and pictures, and how the program writes it (`W*x`) |
/// | `notation` | how `diff` writes it, in text and LaTeX (a `MatrixNotation`) |
/// | `numpy` | its whole-array NumPy code, through a `MatrixArrayWriter` |
/// | `loops`, `isArgumentArray` | its loops in C, Swift and JavaScript, through a `MatrixLoopWriter` |
///
/// All are in this file, side by side, as `Op`'s are in OpTable.swift; the views implement the
/// writers (MatrixViews.swift) and hold no operation's facts (docs/ARCHITECTURE.md, "The matrix
/// operation table").
///
/// Scalar functions apply entry by entry (`elementwise`), reusing `Op`'s row for the value
/// and its partials.
package enum MatrixOperation: Hashable, Sendable {
    /// A program input (its index among the graph's inputs).
    case input(Int)
    /// Numbers known now (an index into `MatrixGraph.constants`).
    case constant(Int)
    /// A scalar operation entry by entry; an argument that is a scalar is used for every entry.
    case elementwise(Op)
    /// The matrix product `A*B`.
    case matmul
    /// `A'`.
    case transpose
    /// The sum of all entries: a scalar.
    case sum
    /// A scalar copied into every entry of a shape.
    case broadcast(MatrixShape)
    /// The diagonal of a square matrix, as a vector.
    case diagonal
    /// The square matrix with a vector on its diagonal, 0 elsewhere.
    case diagonalMatrix
    /// One entry (its row-major index) of the argument: a scalar.
    case entry(Int)
    /// A scalar placed at one entry (row-major index) of a shape, 0 elsewhere.
    case place(Int, MatrixShape)
    /// Scalars laid out row by row into a shape (a literal with entries that are not constants).
    case stack(MatrixShape)
    /// `log(sum(exp(A)))` over all entries, computed without overflow: the largest entry
    /// (kept finite) is taken out before `exp` and added back after `log`.
    case logSumExp

    /// Why arguments do not fit an operation: the message, without a place.
    package struct Mismatch: Error, Equatable {
        package let message: String
    }

    /// The shape of the result for arguments of shapes `a`, or why they do not fit.
    func shape(_ a: [MatrixShape]) -> Result<MatrixShape, Mismatch> {
        func fail(_ message: String) -> Result<MatrixShape, Mismatch> { .failure(Mismatch(message: message)) }
        switch self {
        case .input, .constant:
            preconditionFailure("leaves have their shape given")
        case .elementwise:
            let full = a.filter { !$0.isScalar }
            guard let first = full.first else { return .success(.scalar) }
            if full.contains(where: { $0 != first }) {
                return fail("their shapes differ")
            }
            return .success(first)
        case .matmul:
            guard a[0].columns == a[1].rows else {
                return fail("inner dimensions \(a[0].columns) and \(a[1].rows) differ")
            }
            return .success(MatrixShape(a[0].rows, a[1].columns))
        case .transpose:
            return .success(a[0].transposed)
        case .sum, .entry, .logSumExp:
            return .success(.scalar)
        case .broadcast(let s), .place(_, let s), .stack(let s):
            return .success(s)
        case .diagonal:
            guard a[0].rows == a[0].columns else { return fail("the matrix is not square") }
            return .success(.vector(a[0].rows))
        case .diagonalMatrix:
            return .success(MatrixShape(a[0].rows, a[0].rows))
        }
    }
}

extension MatrixOperation {
    /// The value of the operation for arguments `a` (entries row by row, shapes `shapes`),
    /// whose result has shape `shape`: loops over contiguous arrays. Leaves are not evaluated here.
    func evaluate(_ a: [[Double]], _ shapes: [MatrixShape], _ shape: MatrixShape) -> [Double] {
        var out = [Double](repeating: 0, count: shape.count)
        out.withUnsafeMutableBufferPointer { r in
            switch self {
            case .input, .constant:
                preconditionFailure("leaves have their values given")
            case .elementwise(let op):
                // A scalar argument is read at index 0 for every entry (stride 0).
                let n = r.count
                let x = a[0], sx = x.count == 1 ? 0 : 1
                if a.count == 1 {
                    x.withUnsafeBufferPointer { x in for k in 0..<n { r[k] = op.evaluate(x[k * sx]) } }
                } else if a.count == 2 {
                    let y = a[1], sy = y.count == 1 ? 0 : 1
                    x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in
                        for k in 0..<n { r[k] = op.evaluate(x[k * sx], y[k * sy]) }
                    } }
                } else {
                    let y = a[1], sy = y.count == 1 ? 0 : 1, z = a[2], sz = z.count == 1 ? 0 : 1
                    for k in 0..<n { r[k] = op.evaluate(x[k * sx], y[k * sy], z[k * sz]) }
                }
            case .matmul:
                let (m, inner, n) = (shapes[0].rows, shapes[0].columns, shapes[1].columns)
                a[0].withUnsafeBufferPointer { x in a[1].withUnsafeBufferPointer { y in
                    // Row by row, the inner index outside the column index: both read contiguously.
                    for i in 0..<m {
                        for k in 0..<inner {
                            let xik = x[i * inner + k]
                            for j in 0..<n { r[i * n + j] += xik * y[k * n + j] }
                        }
                    }
                } }
            case .transpose:
                let (m, n) = (shapes[0].rows, shapes[0].columns)
                a[0].withUnsafeBufferPointer { x in
                    for i in 0..<m { for j in 0..<n { r[j * m + i] = x[i * n + j] } }
                }
            case .sum:
                r[0] = a[0].withUnsafeBufferPointer { x in x.reduce(0, +) }
            case .broadcast:
                for k in r.indices { r[k] = a[0][0] }
            case .diagonal:
                let n = shapes[0].columns
                for i in r.indices { r[i] = a[0][i * n + i] }
            case .diagonalMatrix:
                let n = shapes[0].rows
                for i in 0..<n { r[i * n + i] = a[0][i] }
            case .entry(let k):
                r[0] = a[0][k]
            case .place(let k, _):
                r[k] = a[0][0]
            case .stack:
                for k in r.indices { r[k] = a[k][0] }
            case .logSumExp:
                // The steps of the emitted loops (`loops`), one entry at a time, in order.
                r[0] = a[0].withUnsafeBufferPointer { x in
                    var m = -Double.greatestFiniteMagnitude
                    for v in x { m = Op.max.evaluate(m, v) }
                    m = Op.min.evaluate(m, .greatestFiniteMagnitude)
                    var s = 0.0
                    for v in x { s += Op.exp.evaluate(v - m) }
                    return m + Op.log.evaluate(s)
                }
            }
        }
        return out
    }
}

extension MatrixOperation {
    /// The derivative of node `i` (this operation) with respect to its argument `k`, or nil
    /// where it is zero. Partials of an elementwise operation are `Op.partial`, built in the
    /// matrix graph entry by entry.
    func derivative(_ k: Int, of i: Int, _ b: MatrixBuilder) -> LinearMap? {
        let a = b.graph.nodes[i].arguments
        switch self {
        case .input, .constant:
            return nil
        case .elementwise(let op):
            return op.partial(k, a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil, out: i, in: b).map(LinearMap.scale)
        case .matmul: return k == 0 ? .rightProduct(a[1]) : .leftProduct(a[0])
        case .transpose: return .transpose
        case .sum: return .sum
        case .broadcast: return .broadcast
        case .diagonal: return .diagonal
        case .diagonalMatrix: return .diagonalMatrix
        case .entry(let e): return .entry(e)
        case .place(let e, _): return .place(e)
        case .stack: return .place(k)
        case .logSumExp: return .scale(b.call(.exp, b.sub(a[0], i)))  // d ↦ sum(softmax(A) .* d)
        }
    }
}

extension MatrixOperation {
    /// The scalar operations this operation takes, by kind (`Op.info.cost`), for arguments of
    /// shapes `a` and a result of shape `shape`, each dimension written by `size` as a polynomial
    /// in the dimension names (docs/MATRICES.md, "ops"). Moving entries (a transpose, a
    /// broadcast, an entry, a diagonal) is free, as inputs and constants are.
    func cost(_ a: [MatrixShape], _ shape: MatrixShape, _ size: (Int) -> Polynomial) -> [(CostClass, Polynomial)] {
        func entries(_ s: MatrixShape) -> Polynomial { size(s.rows) * size(s.columns) }
        switch self {
        case .input, .constant, .transpose, .broadcast, .diagonal, .diagonalMatrix, .entry, .place, .stack:
            return []
        case .elementwise(let op):
            return [(op.info.cost, entries(shape))]
        case .matmul:
            // m×k times k×n: m·n·k products, and m·n sums of k terms.
            let (m, k, n) = (size(a[0].rows), size(a[0].columns), size(a[1].columns))
            return [(.mul, m * n * k), (.addSub, m * n * (k - Polynomial(1)))]
        case .sum:
            return [(.addSub, entries(a[0]) - Polynomial(1))]
        case .logSumExp:
            // n entries: n - 1 comparisons for the largest, n subtractions, n exps, n - 1 sums, a log and an addition.
            let n = entries(a[0])
            return [(.compare, n - Polynomial(1)), (.addSub, Polynomial(2) * n), (.transcendental, n + Polynomial(1))]
        }
    }
}

extension MatrixOperation {
    /// How a listing names the operation (`deriv graph`, `MatrixListing`; the boxes of pictures).
    package var label: String {
        switch self {
        case .input: return "input"
        case .constant: return "constant"
        case .elementwise(let op): return op.info.name
        case .matmul: return "matmul"
        case .transpose: return "transpose"
        case .sum: return "sum"
        case .broadcast(let s): return "broadcast[\(s)]"
        case .diagonal: return "diagonal"
        case .diagonalMatrix: return "diagonal_matrix"
        case .entry(let k): return "entry[\(k + 1)]"
        case .place(let k, let s): return "place[\(k + 1) of \(s)]"
        case .stack(let s): return "stack[\(s)]"
        case .logSumExp: return "logsumexp"
        }
    }

    /// How the program would write the operation over arguments named `a` of shapes `shapes`
    /// (`W1*x`, `t - o`, `sigmoid(t2)`, `r'`): pictures and `trace`; "" for a leaf.
    func readable(_ a: [String], _ shapes: [MatrixShape]) -> String {
        switch self {
        case .input, .constant: return ""
        case .elementwise(let op):
            switch op.info.notation {
            case .symbol(let symbol) where a.count == 1: return symbol + a[0]
            case .symbol where op == .select: return "\(a[0]) ? \(a[1]) : \(a[2])"
            case .symbol(let symbol):
                // `.^` for any array, `.*` between two arrays, `./` by an array: as the language writes them.
                let array = shapes.map { !$0.isScalar }
                let entrywise = symbol == "^" && array.contains(true) || symbol == "*" && !array.contains(false) || symbol == "/" && array[1]
                return "\(a[0]) \(entrywise ? "." : "")\(symbol) \(a[1])"
            default: return "\(op.info.name)(\(a.joined(separator: ", ")))"
            }
        case .matmul: return "\(a[0])*\(a[1])"
        case .transpose: return "\(a[0])'"
        case .sum: return "sum(\(a[0]))"
        case .broadcast: return "\(a[0]) in every entry"
        case .diagonal, .diagonalMatrix: return "diag(\(a[0]))"
        case .entry(let k): return "entry \(k + 1) of \(a[0])"
        case .place(let k, let shape): return "\(a[0]) at entry \(k + 1) of \(shape)"
        case .stack: return "[" + a.joined(separator: ", ") + "]"
        case .logSumExp: return "logsumexp(\(a[0]))"
        }
    }

    /// How node `i` of `g` (this operation) is written in formulas, text and LaTeX alike
    /// (`MatrixFormulas`): `sum(diag(A))` is `tr(A)`, `sqrt(sum(x .* x))` is `norm2(x)`.
    package func notation(_ i: Int, _ g: MatrixGraph) -> MatrixNotation {
        let a = g[i].arguments
        func isScalar(_ k: Int) -> Bool { g[a[k]].shape.isScalar }
        switch self {
        case .input(let k): return .input(k)
        case .constant(let k): return .constant(k)
        case .elementwise(let op):
            switch op {
            case .mul where !isScalar(0) && !isScalar(1): return .entrywise(.product)
            case .div where !isScalar(1): return .entrywise(.quotient)
            case .pow where !isScalar(0) || !isScalar(1): return .entrywise(.power)
            case .sqrt:
                // norm2(x) is sqrt(sum(x .* x)): the Euclidean norm of a vector, the Frobenius norm of a matrix.
                if case .sum = g[a[0]].operation, case let inner = g[g[a[0]].arguments[0]], case .elementwise(.mul) = inner.operation,
                   inner.arguments[0] == inner.arguments[1], case let s = g[inner.arguments[0]].shape, !s.isScalar {
                    return .norm(of: inner.arguments[0], matrix: s.rows > 1 && s.columns > 1)
                }
                return .scalar(op)
            default:
                return .scalar(op)
            }
        case .matmul: return .scalar(.mul)
        case .transpose: return .transpose
        case .sum:
            if case .diagonal = g[a[0]].operation { return .function("tr", of: g[a[0]].arguments[0]) }
            return .function("sum", of: a[0])
        case .diagonal, .diagonalMatrix: return .function("diag", of: a[0])
        case .entry(let k):
            let s = g[a[0]].shape
            return .entry(s.columns == 1 || s.rows == 1 ? "\(k + 1)" : "\(k / s.columns + 1), \(k % s.columns + 1)")
        case .broadcast(let s): return .spread(s)
        case .place(let k, let s):
            var entries = [Int?](repeating: nil, count: s.count)
            entries[k] = a[0]
            return .literal(entries, s)
        case .stack(let s): return .literal(a, s)
        case .logSumExp: return .function("logsumexp", of: a[0])
        }
    }

    /// The node as whole-array NumPy code, for arguments of shapes `a` and a result of shape `shape`
    /// (`MatrixNumPy`).
    package func numpy<W: MatrixArrayWriter>(_ w: W, _ a: [MatrixShape], _ shape: MatrixShape) -> MatrixArrayCode {
        func call(_ f: String, _ rest: String = "") -> MatrixArrayCode {
            // Of one entry, a transpose, a diagonal, a spread scalar, a literal is its argument.
            shape.isScalar ? .view(w.argument(0)) : .expression(Printed(f + "(" + w.argument(0).text + rest, .atom))
        }
        switch self {
        case .input, .constant:
            preconditionFailure("leaves are the writer's")
        case .elementwise(let op):
            return .expression(w.elementwise(op))
        case .matmul:
            // `@` binds as `*` does, from the left.
            func operand(_ k: Int, _ level: Precedence) -> String {
                a[k].isScalar ? "np.full((1, 1), " + w.argument(k).text + ")" : w.argument(k).at(level)
            }
            let product = operand(0, .multiplicative) + " @ " + operand(1, .unary)
            return .expression(shape.isScalar ? Printed("(" + product + ")[0, 0]", .atom) : Printed(product, .multiplicative))
        case .transpose:
            return .view(shape.isScalar ? w.argument(0) : Printed(w.argument(0).at(.atom) + ".T", .atom))
        case .sum:
            return .expression(a[0].isScalar ? w.argument(0) : Printed("np.sum(" + w.argument(0).text + ")", .atom))
        case .broadcast:
            return shape.isScalar ? .view(w.argument(0)) : .expression(Printed("np.full(" + w.shape(shape) + ", " + w.argument(0).text + ")", .atom))
        case .diagonal:
            return call("np.diagonal", ").reshape(-1, 1)")
        case .diagonalMatrix:
            return call("np.diagflat", ")")
        case .entry(let e):
            return .expression(Printed(w.argument(0).at(.atom) + "[\(e / a[0].columns), \(e % a[0].columns)]", .atom))
        case .place(let e, _):
            guard !shape.isScalar else { return .view(w.argument(0)) }
            return .filled { name in
                [name + " = np.zeros(" + w.shape(shape) + ")", name + "[\(e / shape.columns), \(e % shape.columns)] = " + w.argument(0).text]
            }
        case .stack:
            guard !shape.isScalar else { return .view(w.argument(0)) }
            return .expression(Printed("np.array([" + a.indices.map { w.argument($0).text }.joined(separator: ", ") + "]).reshape"
                + w.shape(shape), .atom))
        case .logSumExp:
            return .expression(Printed("np.logaddexp.reduce(" + w.argument(0).text + ", axis=None, initial=-np.inf)", .atom))
        }
    }

    /// Whether the result, of shape `shape`, is its argument's array as it is, so that loops
    /// write nothing for it: a vector's transpose has the same entries in the same order.
    package func isArgumentArray(_ shape: MatrixShape) -> Bool {
        switch self {
        case .transpose: return shape.rows == 1 || shape.columns == 1
        case .input, .constant, .elementwise, .matmul, .sum, .broadcast, .diagonal, .diagonalMatrix, .entry, .place, .stack,
             .logSumExp:
            return false
        }
    }

    /// The statements computing the node in loops (`MatrixCode`: C, Swift, JavaScript), for
    /// arguments of shapes `a` and a result of shape `shape`, never one statement per entry.
    package func loops<W: MatrixLoopWriter>(_ w: W, _ a: [MatrixShape], _ shape: MatrixShape) -> [String] {
        let total = w.count(shape)
        switch self {
        case .input, .constant:
            preconditionFailure("leaves are the writer's")
        case .elementwise(let op):
            return w.loop(.entry, total) { e in
                [w.assign(w.result(e), w.elementwise(op, a.indices.map { Printed(w.argument($0, e), .atom) }).text)]
            }
        case .matmul:
            let (rows, inner, columns) = (w.dimension(a[0].rows), w.dimension(a[0].columns), w.dimension(a[1].columns))
            func term(_ i: String, _ k: String, _ j: String) -> String {
                w.argument(0, row: i, column: k) + " * " + w.argument(1, row: k, column: j)
            }
            if inner != "1" && (w.readsAcross(0) || a[1].columns != 1 && !w.readsAcross(1)) {
                // Walking the arguments row by row (docs/PERFORMANCE.md, "Matrix programs' speed"): each
                // entry of the result summed in the same order (k rising) as by an accumulator, in the
                // result itself; `A'*t` reads A row by row (k outside), `A*B` a row of B at a time (j inside).
                func step(_ i: String, _ k: String) -> [String] {
                    w.loop(.column, columns) { j in [w.accumulate(w.result(w.index(i, columns, j)), term(i, k, j))] }
                }
                return w.loop(.entry, total) { e in [w.assign(w.result(e), w.zero)] }
                    + (w.readsAcross(0) ? w.loop(.inner, inner) { k in w.loop(.row, rows) { i in step(i, k) } }
                                        : w.loop(.row, rows) { i in w.loop(.inner, inner) { k in step(i, k) } })
            }
            return w.loop(.row, rows) { i in
                w.loop(.column, columns) { j in
                    inner == "1" ? [w.assign(w.result(w.index(i, columns, j)), term(i, "0", j))] :
                    [w.assign(w.accumulator, w.zero)]
                        + w.loop(.inner, inner) { k in [w.accumulate(w.accumulator, term(i, k, j))] }
                        + [w.assign(w.result(w.index(i, columns, j)), w.accumulator)]
                }
            }
        case .transpose:
            let (rows, columns) = (w.dimension(a[0].rows), w.dimension(a[0].columns))
            return w.loop(.row, rows) { i in
                w.loop(.column, columns) { j in [w.assign(w.result(w.index(j, rows, i)), w.argument(0, w.index(i, columns, j)))] }
            }
        case .sum where a[0].isScalar:
            return [w.assign(w.result("0"), w.argument(0, "0"))]
        case .sum:
            return [w.assign(w.result("0"), w.zero)] + w.loop(.entry, w.count(a[0])) { e in [w.accumulate(w.result("0"), w.argument(0, e))] }
        case .broadcast:
            return w.loop(.entry, total) { e in [w.assign(w.result(e), w.argument(0, "0"))] }
        case .diagonal:
            let n = w.dimension(a[0].columns)
            return w.loop(.row, n) { i in [w.assign(w.result(i), w.argument(0, w.index(i, n, i)))] }
        case .diagonalMatrix:
            let n = w.dimension(a[0].rows)
            return w.loop(.entry, total) { e in [w.assign(w.result(e), w.zero)] }
                + w.loop(.row, n) { i in [w.assign(w.result(w.index(i, n, i)), w.argument(0, i))] }
        case .entry(let e):
            return [w.assign(w.result("0"), w.argument(0, w.index(String(e / a[0].columns), w.dimension(a[0].columns), String(e % a[0].columns))))]
        case .place(let e, _):
            return w.loop(.entry, total) { e in [w.assign(w.result(e), w.zero)] }
                + [w.assign(w.result(w.index(String(e / shape.columns), w.dimension(shape.columns), String(e % shape.columns))), w.argument(0, "0"))]
        case .stack:
            return a.indices.map { e in w.assign(w.result(String(e)), w.argument(e, "0")) }
        case .logSumExp:
            // The steps of `evaluate`: the largest entry m (kept finite), then m + log(sum(exp(x - m))).
            let (m, s, n) = (Printed(w.result("0"), .atom), Printed(w.accumulator, .atom), w.count(a[0]))
            func x(_ e: String) -> Printed { Printed(w.argument(0, e), .atom) }
            return [w.assign(m.text, w.number(-.greatestFiniteMagnitude).text)]
                + w.loop(.entry, n) { e in [w.assign(m.text, w.elementwise(.max, [m, x(e)]).text)] }
                + [w.assign(m.text, w.elementwise(.min, [m, w.number(.greatestFiniteMagnitude)]).text), w.assign(s.text, w.zero)]
                + w.loop(.entry, n) { e in [w.accumulate(s.text, w.elementwise(.exp, [w.elementwise(.sub, [x(e), m])]).text)] }
                + [w.assign(m.text, w.elementwise(.add, [m, w.elementwise(.log, [s])]).text)]
        }
    }
}
