@testable import DerivKit

/// Random expressions over every operation, written as program text, for property tests.
struct RandomPrograms {
    var rng: SplitMix64
    let inputs = ["x", "y", "z"]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// The operations a generated expression may use, as source spellings.
    static let ops: [Op] = Op.allCases.filter { !$0.isLeaf }

    mutating func expression(depth: Int) -> String {
        if depth == 0 || Int.random(in: 0..<6, using: &rng) == 0 {
            if Int.random(in: 0..<4, using: &rng) == 0 {
                return String(Double(Int.random(in: -30...30, using: &rng)) / 10)
            }
            return inputs.randomElement(using: &rng)!
        }
        let op = Self.ops.randomElement(using: &rng)!
        var args: [String] = []
        for _ in 0..<op.arity { args.append(expression(depth: depth - 1)) }
        switch op {
        case .add: return "(\(args[0]) + \(args[1]))"
        case .sub: return "(\(args[0]) - \(args[1]))"
        case .mul: return "(\(args[0]) * \(args[1]))"
        case .div: return "(\(args[0]) / \(args[1]))"
        case .neg: return "(-\(args[0]))"
        case .pow:
            // Mostly small integer powers, sometimes a general one.
            if Bool.random(using: &rng) { return "(\(args[0]))^\(Int.random(in: -2...3, using: &rng))" }
            return "(\(args[0]))^(\(args[1]))"
        case .lt: return "(\(args[0]) < \(args[1]))"
        case .le: return "(\(args[0]) <= \(args[1]))"
        case .gt: return "(\(args[0]) > \(args[1]))"
        case .ge: return "(\(args[0]) >= \(args[1]))"
        case .eq: return "(\(args[0]) == \(args[1]))"
        case .ne: return "(\(args[0]) != \(args[1]))"
        case .select: return "(\(args[0]) ? \(args[1]) : \(args[2]))"
        default: return "\(op.info.name)(\(args.joined(separator: ", ")))"
        }
    }

    mutating func point() -> [Double] {
        inputs.map { _ in Double.random(in: -2...2, using: &rng) }
    }
}

extension Graph {
    /// True when some node with a kink (abs, relu, sign, max, min, comparisons, select) has its
    /// arguments within `margin` of the kink at these node values: finite differences straddle it there.
    func nearKink(_ values: [Double], margin: Double = 1e-3) -> Bool {
        for n in nodes {
            let x = n.a >= 0 ? values[Int(n.a)] : 0
            let y = n.b >= 0 ? values[Int(n.b)] : 0
            switch n.op {
            case .abs, .relu, .sign: if Swift.abs(x) < margin { return true }
            case .max, .min, .lt, .le, .gt, .ge, .eq, .ne: if Swift.abs(x - y) < margin { return true }
            case .select: if Swift.abs(x) < margin { return true }
            case .pow where y != y.rounded(): if x < margin { return true }
            default: continue
            }
        }
        return false
    }
}
