@_spi(DerivCore) import DerivCore
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

    /// A program with named shared parts, as people write physics formulas: one to three parts
    /// (`s = sin(x)*y`), a later one a chain through a function of an earlier one (`u = exp(s)`),
    /// then a sum of terms, each a coefficient times repeated products of parts (`s*s*s`),
    /// sometimes times an input or a function of a part: `s = y*cos(x); u = exp(s); 0.5*s*s*s + 3*s*u - s`.
    mutating func sharedPartsProgram() -> String {
        let names = ["s", "u", "v"]
        var parts: [String] = []
        var statements: [String] = []
        for name in names.prefix(Int.random(in: 1...3, using: &rng)) {
            let body: String
            if let earlier = parts.randomElement(using: &rng), Bool.random(using: &rng) {
                body = chained(earlier)
            } else {
                body = expression(depth: Int.random(in: 1...3, using: &rng))
            }
            statements.append("\(name) = \(body)")
            parts.append(name)
        }
        var terms: [String] = []
        for i in 0..<Int.random(in: 1...5, using: &rng) {
            let part = parts.randomElement(using: &rng)!
            var factors = Array(repeating: part, count: Int.random(in: 1...5, using: &rng))
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: factors.append(inputs.randomElement(using: &rng)!)
            case 1: factors.append(chained(parts.randomElement(using: &rng)!))
            case 2: factors += Array(repeating: parts.randomElement(using: &rng)!, count: Int.random(in: 1...3, using: &rng))
            default: break
            }
            let c = Self.coefficients.randomElement(using: &rng)!
            let magnitude = Swift.abs(c) == Swift.abs(c).rounded() ? String(Int(Swift.abs(c))) : String(Swift.abs(c))
            let term = (Swift.abs(c) == 1 ? "" : magnitude + "*") + factors.joined(separator: "*")
            terms.append(i == 0 ? (c < 0 ? "-" : "") + term : (c < 0 ? " - " : " + ") + term)
        }
        return (statements + [terms.joined()]).joined(separator: "; ")
    }

    /// Coefficients of `sharedPartsProgram`'s terms: ones, small integers, halves, a negative.
    private static let coefficients: [Double] = [1, 1, 1, 2, 3, 0.5, 1.5, -1, -2, 0.1]

    /// A function of a part, or the part times an input: `sin(s)`, `exp(s)`, `s*y`.
    private mutating func chained(_ part: String) -> String {
        let functions = ["sin", "cos", "exp", "tanh", "atan", "sqrt", "log"]
        if Int.random(in: 0..<4, using: &rng) == 0 { return "\(part)*\(inputs.randomElement(using: &rng)!)" }
        let f = functions.randomElement(using: &rng)!
        return f == "sqrt" || f == "log" ? "\(f)(\(part)^2 + 1)" : "\(f)(\(part))"
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
