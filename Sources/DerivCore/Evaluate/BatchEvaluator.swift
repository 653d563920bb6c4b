/// The interpreter for many points at once: a register-machine tape compiled from a graph and run
/// one instruction at a time over a block of points, so that fetching and dispatching an
/// instruction is paid once per block of points instead of once per point.
///
/// Compilation is one pass to find each node's last use and one linear scan that gives every
/// value a register (a row of `width` doubles, one lane per point), reusing the register of a
/// value whose last use has passed. The registers number the most values alive at one time, not
/// the nodes of the graph, so a block stays in cache.
///
/// Every lane applies the same `Op.evaluate` to the same arguments as `Evaluator` does, so the
/// results are bit for bit those of evaluating the points one at a time. Domain warnings are left
/// to `Evaluator`: each instruction notes, at the cost of one comparison per lane, whether any
/// value it produced is NaN or ±∞, and the points of such a block are returned so that a caller
/// can evaluate them one at a time for the warnings.
@_spi(DerivCore) public struct BatchEvaluator: Sendable {
    /// The outputs at every point, and which points may have met domain trouble.
    @_spi(DerivCore) public struct Result {
        /// Point by point, the graph's outputs in order: output k at point p is at
        /// `p * outputCount + k`.
        @_spi(DerivCore) public var values: [Double]
        /// The graph's outputs at each point.
        @_spi(DerivCore) public var outputCount: Int
        /// Points whose block produced a NaN or ±∞ somewhere (a superset of the points at which
        /// `Evaluator` warns), in increasing order.
        @_spi(DerivCore) public var pointsWithNonFiniteValues: [Int]

        /// The outputs at point `p`.
        @_spi(DerivCore) public func outputs(at p: Int) -> ArraySlice<Double> { values[p * outputCount..<(p + 1) * outputCount] }
    }

    /// `dst = op(a, b, c)` over registers; leaves load an input column or a constant.
    struct Instruction {
        var op: Op
        var dst: Int32
        var a: Int32
        var b: Int32
        var c: Int32
        var payload: UInt64
    }

    /// The graph the tape was compiled from.
    @_spi(DerivCore) public let graph: Graph
    private let tape: [Instruction]
    private let registerCount: Int
    private let outputRegisters: [Int32]

    /// Points per block: as many as fit in about 16 MB of registers, at most 256.
    private var width: Int { Swift.max(1, Swift.min(256, (1 << 21) / Swift.max(1, registerCount))) }

    /// Compiles `graph` into a tape.
    @_spi(DerivCore) public init(_ graph: Graph) {
        self.graph = graph
        let n = graph.count
        // Last use of each node; outputs stay alive to the end.
        var lastUse = [Int](repeating: -1, count: n)
        for i in 0..<n { graph.nodes[i].forEachArgument { _, arg in lastUse[Int(arg)] = i } }
        for o in graph.outputs { lastUse[Int(o)] = n }

        var register = [Int32](repeating: -1, count: n)
        var free: [Int32] = []
        var count: Int32 = 0
        var tape: [Instruction] = []
        tape.reserveCapacity(n)
        for i in 0..<n where lastUse[i] >= 0 {
            let node = graph.nodes[i]
            func reg(_ id: NodeID) -> Int32 { id >= 0 ? register[Int(id)] : -1 }
            let (a, b, c) = (reg(node.a), reg(node.b), reg(node.c))
            // The result gets a register of its own before arguments used for the last time give
            // theirs back: a result that overwrote an argument would be correct lane by lane, but
            // the compiler's overlap check would then run the loop one lane at a time, not vectorized.
            let dst: Int32
            if let r = free.popLast() { dst = r } else { dst = count; count += 1 }
            register[i] = dst
            node.forEachArgument { k, arg in
                let isRepeat = (k >= 1 && arg == node.a) || (k == 2 && arg == node.b)
                if lastUse[Int(arg)] == i, !isRepeat { free.append(register[Int(arg)]) }
            }
            if node.op == .pow, graph[node.b].op == .constant, graph[node.b].constantValue == Double(Op.squareExponent) {
                // x^2 is defined as x*x (`Op.squareExponent`): as a multiplication its loop vectorizes.
                tape.append(Instruction(op: .mul, dst: dst, a: a, b: a, c: -1, payload: 0))
            } else {
                tape.append(Instruction(op: node.op, dst: dst, a: a, b: b, c: c, payload: node.payload))
            }
        }
        self.tape = tape
        self.registerCount = Int(count)
        self.outputRegisters = graph.outputs.map { register[Int($0)] }
    }

    /// Evaluates the graph at points given as one column per graph input (each column holds that
    /// input's value at every point). `points` is the columns' length, which a graph without
    /// inputs cannot tell.
    @_spi(DerivCore) public func evaluate(columns: [[Double]], points: Int? = nil) -> Result {
        precondition(columns.count == graph.inputs.count, "one column per input")
        let points = points ?? columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == points }, "columns of equal length")
        let outputCount = outputRegisters.count
        // Neither array is read before it is written (every register is written by the
        // instruction that defines it, every value by the copy out), so neither is zeroed first.
        var values = [Double](unsafeUninitializedCapacity: points * outputCount) { _, count in count = points * outputCount }
        let width = self.width
        let registerDoubles = Swift.max(1, registerCount) * width
        var registers = [Double](unsafeUninitializedCapacity: registerDoubles) { _, count in count = registerDoubles }
        var nonFinite: [Int] = []
        registers.withUnsafeMutableBufferPointer { r in
            let base = r.baseAddress!
            var start = 0
            while start < points {
                let lanes = Swift.min(width, points - start)
                var blockFinite = true
                for ins in tape {
                    let d = base + Int(ins.dst) * width
                    switch ins.op {
                    case .input:
                        columns[Int(ins.payload)].withUnsafeBufferPointer { col in
                            d.update(from: col.baseAddress! + start, count: lanes)
                        }
                    case .constant:
                        d.update(repeating: Double(bitPattern: ins.payload), count: lanes)
                    default:
                        // Unused argument registers alias `x`; `Op.evaluate` ignores them.
                        let x = UnsafePointer(base + Int(ins.a) * width)
                        let y = ins.b >= 0 ? UnsafePointer(base + Int(ins.b) * width) : x
                        let z = ins.c >= 0 ? UnsafePointer(base + Int(ins.c) * width) : x
                        blockFinite = BatchEvaluator.run(ins.op, d, x, y, z, lanes) && blockFinite
                    }
                }
                if !blockFinite { nonFinite += start..<start + lanes }
                // Output by output: each register is read in order and written with a stride of
                // one point, within this block's part of the results (which stays in cache).
                values.withUnsafeMutableBufferPointer { out in
                    let block = out.baseAddress! + start * outputCount
                    for (k, reg) in outputRegisters.enumerated() {
                        let from = UnsafePointer(base + Int(reg) * width)
                        var to = block + k
                        for lane in 0..<lanes {
                            to.pointee = from[lane]
                            to += outputCount
                        }
                    }
                }
                start += lanes
            }
        }
        return Result(values: values, outputCount: outputCount, pointsWithNonFiniteValues: nonFinite)
    }

    /// One instruction over `lanes` points; false if some result is NaN or ±∞. The cheap
    /// arithmetic operations get loops of their own (the constant `op` folds `Op.evaluate` to one
    /// machine instruction, and the loop vectorizes); for the others the call to the math library
    /// dominates, and one loop serves them all.
    private static func run(_ op: Op, _ d: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>,
                            _ y: UnsafePointer<Double>, _ z: UnsafePointer<Double>, _ lanes: Int) -> Bool {
        switch op {
        case .add: return lanesLoop(.add, d, x, y, z, lanes)
        case .sub: return lanesLoop(.sub, d, x, y, z, lanes)
        case .mul: return lanesLoop(.mul, d, x, y, z, lanes)
        case .div: return lanesLoop(.div, d, x, y, z, lanes)
        case .neg: return lanesLoop(.neg, d, x, y, z, lanes)
        case .pow: return lanesLoop(.pow, d, x, y, z, lanes)
        default: return lanesLoop(op, d, x, y, z, lanes)
        }
    }

    @inline(__always)
    private static func lanesLoop(_ op: Op, _ d: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>,
                                  _ y: UnsafePointer<Double>, _ z: UnsafePointer<Double>, _ lanes: Int) -> Bool {
        // NaN and ±∞ have every exponent bit set, and only they carry into the sign bit when one
        // is added to the exponent: an AND, an add and an OR per lane, without a comparison,
        // which vectorize along with the loop.
        let exponent: UInt64 = 0x7FF0_0000_0000_0000, exponentOne: UInt64 = 0x0010_0000_0000_0000
        var carries: UInt64 = 0
        for k in 0..<lanes {
            let r = op.evaluate(x[k], y[k], z[k])
            d[k] = r
            carries |= (r.bitPattern & exponent) &+ exponentOne
        }
        return carries >> 63 == 0
    }
}
