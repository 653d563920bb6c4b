/// The values of a program at one point (`Program.evaluate(at:)`), one per output, with the
/// warnings of domain trouble. Domain trouble is not an error (docs/LANGUAGE.md, "Numbers at the
/// edges"): operations give their IEEE results (NaN, ±∞), and the first operation to turn finite
/// arguments into a non-finite value is reported as a `warning:` naming it and where it comes
/// from in the source.
public struct Evaluation: Sendable {
    /// The value of every node, by id.
    @_spi(DerivCore) public let values: [Double]
    /// The values of the graph's outputs.
    public let outputs: [Double]
    /// Domain warnings: the first operations that turned finite arguments into NaN or ±∞.
    public let warnings: [Diagnostic]
}

/// Evaluates a graph at one point.
@_spi(DerivCore) public enum Evaluator {
    /// - Parameter inputs: one value per graph input, in input order.
    @_spi(DerivCore) public static func evaluate(_ g: Graph, inputs: [Double]) -> Evaluation {
        var values = [Double](repeating: 0, count: g.count)
        var warnings: [Diagnostic] = []
        var warned = Set<Int32>()
        values.withUnsafeMutableBufferPointer { v in
            g.nodes.withUnsafeBufferPointer { nodes in
                for i in 0..<nodes.count {
                    let n = nodes[i]
                    switch n.op {
                    case .input: v[i] = inputs[n.inputIndex]
                    case .constant: v[i] = n.constantValue
                    default:
                        let x = v[Int(n.a)]
                        let y = n.b >= 0 ? v[Int(n.b)] : 0
                        let z = n.c >= 0 ? v[Int(n.c)] : 0
                        let r = n.op.evaluate(x, y, z)
                        v[i] = r
                        if !r.isFinite, x.isFinite, y.isFinite, z.isFinite, warnings.count < 20,
                           warned.insert(g.origins[i]).inserted {
                            warnings.append(domainWarning(n.op, x, y, z, r, at: g.origin(of: NodeID(i))))
                        }
                    }
                }
            }
        }
        return Evaluation(values: values, outputs: g.outputs.map { values[Int($0)] }, warnings: warnings)
    }

    /// Kept out of line: the loop above runs per node, this at most 20 times.
    @inline(never)
    static func domainWarning(_ op: Op, _ x: Double, _ y: Double, _ z: Double, _ r: Double,
                              at range: SourceRange?) -> Diagnostic {
        let args = [x, y, z].prefix(op.arity).map(formatNumber)
        let shown: String
        switch op.info.notation {
        case .symbol(let s) where op.arity == 2: shown = "\(args[0]) \(s) \(args[1])"
        default: shown = "\(op.info.name)(\(args.joined(separator: ", ")))"
        }
        return Diagnostic(.warning, "\(shown) is \(formatNumber(r)) (\(op.whyNotFinite(x, y, r)))", at: range)
    }
}

/// Numbers as deriv prints them: the shortest text that reads back to the same Double,
/// integers without a fraction ("2", not "2.0"), and NaN, Infinity, -Infinity spelled out.
@_spi(DerivCore) public func formatNumber(_ v: Double) -> String {
    var text = ""
    writeNumber(v, to: &text)
    return text
}

/// Writes `v` as `formatNumber` spells it; with `quotingNonFinite`, NaN and ±Infinity in quotes,
/// as JSON writes them (docs/COMMANDS.md, "JSON shapes"). Into a `TextBuffer` (as `--points`
/// writes its numbers) no string is made: `Double` hands its digits to the stream's `_writeASCII`.
@inlinable
@_spi(DerivCore) public func writeNumber<Target: TextOutputStream>(_ v: Double, to target: inout Target, quotingNonFinite: Bool = false) {
    if quotingNonFinite, !v.isFinite {
        target.write("\"")
        writeNumber(v, to: &target)
        target.write("\"")
    } else if v.isNaN {
        target.write("NaN")
    } else if v.isInfinite {
        target.write(v > 0 ? "Infinity" : "-Infinity")
    } else if Swift.abs(v) < 1e15, Double(Int64(v)) == v {  // a whole number (v.rounded() is a libm call)
        target.write(v == 0 && v.sign == .minus ? "-0" : String(Int64(v)))
    } else {
        v.write(to: &target)
    }
}
