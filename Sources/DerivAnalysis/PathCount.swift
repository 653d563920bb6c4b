@_spi(DerivCore) import DerivCore
import Foundation

/// A count of paths through a graph: exact while it fits in 1024 bits (`isExact`), then a
/// decimal logarithm (the counts grow like 2^depth, so they outgrow any fixed-width integer and
/// even a Double's range after ~1,000 doublings).
///
/// The exact form is a little-endian array of 64-bit limbs; only addition is needed, because the
/// count at a node is the sum of the counts at its neighbours.
public struct PathCount: Comparable, Sendable, CustomStringConvertible {
    /// Counts below 2^exactBits (≈ 1.8·10^308) are kept exactly.
    package static let exactBits = 1024

    private enum Storage: Equatable, Sendable {
        case exact([UInt64])
        case approximate(log10: Double)
    }
    private var storage: Storage

    package static let zero = PathCount(storage: .exact([]))
    package static let one = PathCount(storage: .exact([1]))

    private init(storage: Storage) { self.storage = storage }

    package init(_ n: UInt64) { storage = .exact(n == 0 ? [] : [n]) }

    /// True while the count is kept exactly (below 2^1024), false once it is a logarithm.
    public var isExact: Bool { if case .exact = storage { return true }; return false }

    /// The exact value when it fits in a UInt64.
    public var uint64: UInt64? {
        guard case .exact(let limbs) = storage, limbs.count <= 1 else { return nil }
        return limbs.first ?? 0
    }

    /// log₁₀ of the count (−∞ for zero).
    public var log10: Double {
        switch storage {
        case .approximate(let l): return l
        case .exact(let limbs):
            guard let top = limbs.last else { return -.infinity }
            if limbs.count == 1 { return Foundation.log10(Double(top)) }
            // The top two limbs carry far more than a Double's 53 bits of precision.
            let high = Double(top) * 0x1p64 + Double(limbs[limbs.count - 2])
            return Foundation.log10(high) + Double(64 * (limbs.count - 2)) * Foundation.log10(2.0)
        }
    }

    package static func += (a: inout PathCount, b: PathCount) {
        switch (a.storage, b.storage) {
        case (.exact(var x), .exact(let y)):
            if y.count > x.count { x += Array(repeating: 0, count: y.count - x.count) }
            var carry: UInt64 = 0
            for i in x.indices {
                guard i < y.count || carry != 0 else { break }
                let (s1, o1) = x[i].addingReportingOverflow(i < y.count ? y[i] : 0)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                x[i] = s2
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            if carry != 0 { x.append(carry) }
            a.storage = x.count * 64 > exactBits ? .approximate(log10: PathCount(storage: .exact(x)).log10) : .exact(x)
        default:
            let p = a.log10, q = b.log10
            let (hi, lo) = p >= q ? (p, q) : (q, p)
            a.storage = .approximate(log10: lo == -.infinity ? hi : hi + Foundation.log10(1 + Foundation.pow(10, lo - hi)))
        }
    }

    /// Exact counts compare exactly; once either is approximate, by logarithm.
    public static func < (a: PathCount, b: PathCount) -> Bool {
        guard case .exact(let x) = a.storage, case .exact(let y) = b.storage else { return a.log10 < b.log10 }
        if x.count != y.count { return x.count < y.count }
        for i in stride(from: x.count - 1, through: 0, by: -1) where x[i] != y[i] { return x[i] < y[i] }
        return false
    }

    /// Exact counts in decimal digits; larger ones as `≈1.234567e+400`.
    public var description: String {
        switch storage {
        case .approximate(let l):
            let exponent = l.rounded(.down)
            var mantissa = Foundation.pow(10, l - exponent)
            var e = Int(exponent)
            if mantissa >= 9.9999995 { mantissa /= 10; e += 1 }
            return "≈" + String(format: "%.7f", mantissa) + "e+" + String(e)
        case .exact(var limbs):
            if limbs.isEmpty { return "0" }
            // Repeated division by 10^19, the largest power of ten below 2^64.
            let chunk: UInt64 = 10_000_000_000_000_000_000
            var groups: [UInt64] = []
            while !limbs.isEmpty {
                var remainder: UInt64 = 0
                for i in stride(from: limbs.count - 1, through: 0, by: -1) {
                    let (q, r) = chunk.dividingFullWidth((remainder, limbs[i]))
                    limbs[i] = q
                    remainder = r
                }
                groups.append(remainder)
                while limbs.last == 0 { limbs.removeLast() }
            }
            var s = String(groups.last!)
            for g in groups.dropLast().reversed() {
                let digits = String(g)
                s += String(repeating: "0", count: 19 - digits.count) + digits
            }
            return s
        }
    }
}

/// How many distinct paths lead from the inputs to the outputs: the number of terms in the
/// "sum over all paths" form of the chain rule (seed 004), which both AD sweeps avoid by
/// factoring it edge by edge.
package struct PathCounts: Sendable {
    /// Paths from each input (by input index) to any output; zero for an unused input.
    package let byInput: [PathCount]
    /// All input → output paths.
    package let total: PathCount
    /// Edges from inputs and operations to operations (constants are not counted): how many
    /// local partials one sweep multiplies, and each only once.
    package let edges: Int
}

extension Graph {
    /// Input → output path counts by dynamic programming, without enumerating paths: one
    /// backward loop where each node's count of paths to the outputs is the sum over its users
    /// (an edge used twice, as in `a + a`, counts twice), plus one for each output it is.
    package func pathCounts() -> PathCounts {
        var toOutputs = [PathCount](repeating: .zero, count: count)
        for o in outputs { toOutputs[Int(o)] += .one }
        var edges = 0
        for i in stride(from: count - 1, through: 0, by: -1) {
            let n = nodes[i]
            if n.op.isLeaf { continue }
            let c = toOutputs[i]
            n.forEachArgument { _, a in
                guard nodes[Int(a)].op != .constant else { return }
                edges += 1
                if c != .zero { toOutputs[Int(a)] += c }
            }
        }
        var byInput = [PathCount](repeating: .zero, count: inputs.count)
        var total = PathCount.zero
        for (i, node) in inputNodes().enumerated() {
            guard let node else { continue }
            byInput[i] = toOutputs[Int(node)]
            total += byInput[i]
        }
        return PathCounts(byInput: byInput, total: total, edges: edges)
    }
}
