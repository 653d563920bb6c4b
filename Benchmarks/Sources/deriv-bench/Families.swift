import Foundation

/// The program families the benchmarks scale, each written as deriv program TEXT so that every
/// run goes through the whole pipeline (parse → lower → differentiate → evaluate).
/// `Benchmarks/peers.py` builds the same functions for SymPy, CasADi and JAX; the two must agree.
enum Family: String, CaseIterable, Codable {
    /// Σ_{i<n} 100·(x_{i+1} − x_i²)² + (1 − x_i)², one expression over n inputs.
    case rosenbrock
    /// A one-hidden-layer tanh network with scalar weights and squared loss; size "in-hidden-1";
    /// the gradient is with respect to the weights w, b, v, c (the data x and y are inputs too).
    case mlp
    /// x_{k+1} = sin(x_k)·x_k + cos(x_k), one statement per step, one input.
    case chain
    /// x_1·x_2·…·x_n.
    case product
    /// y_i = sin(x_i)·x_{i+1} for i = 1…n: n outputs, differentiated as a Jacobian.
    case jacobian
    /// A random straight-line program of about `size` operations (fixed seed), 10 inputs.
    case random
}

/// One benchmark case: a family at one size.
struct Case: Codable, Hashable {
    var family: Family
    /// The family's size: n for most, "10-20-1" for the MLP, operations for the random program.
    var size: String

    var label: String { "\(family.rawValue) \(size)" }

    init(_ family: Family, _ size: String) { self.family = family; self.size = size }

    /// "rosenbrock:1000" as given to `--case`.
    init?(spec: String) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let f = Family(rawValue: parts[0]) else { return nil }
        family = f; size = parts[1]
    }

    var spec: String { "\(family.rawValue):\(size)" }

    /// The program text, and the outputs to select (`--of`), if not the last statement.
    func program() -> (text: String, outputs: [String]?) {
        let n = Int(size) ?? 0
        var s = ""
        switch family {
        case .rosenbrock:
            s.reserveCapacity(n * 36)
            for i in 1..<n {
                s += "100*(x\(i + 1) - x\(i)^2)^2 + (1 - x\(i))^2"
                s += i + 1 < n ? " +\n" : "\n"
            }
            return (s, nil)
        case .mlp:
            let layers = size.split(separator: "-").compactMap { Int($0) }
            let (inputs, hidden) = (layers[0], layers[1])
            for j in 1...hidden {
                s += "h\(j) = tanh("
                for i in 1...inputs { s += "w\(j)_\(i)*x\(i) + " }
                s += "b\(j))\n"
            }
            s += "out = "
            for j in 1...hidden { s += "v\(j)*h\(j) + " }
            s += "c\nloss = (out - y)^2\n"
            return (s, nil)
        case .chain:
            s.reserveCapacity(n * 48)
            for k in 0..<n { s += "x\(k + 1) = sin(x\(k))*x\(k) + cos(x\(k))\n" }
            return (s, nil)
        case .product:
            s.reserveCapacity(n * 8)
            for i in 1...n { s += i == 1 ? "x1" : (i % 20 == 1 ? " *\nx\(i)" : "*x\(i)") }
            return (s + "\n", nil)
        case .jacobian:
            for i in 1...n { s += "y\(i) = sin(x\(i))*x\(i + 1)\n" }
            return (s, (1...n).map { "y\($0)" })
        case .random:
            return (RandomProgram(operations: n).text, nil)
        }
    }

    /// The inputs to differentiate with respect to: all of them, except the MLP's data (x, y),
    /// which are inputs of the loss but not trained.
    func differentiationInputs(_ inputs: [String]) -> [Int] {
        guard family == .mlp else { return Array(inputs.indices) }
        return inputs.indices.filter { !inputs[$0].hasPrefix("x") && inputs[$0] != "y" }
    }

    /// The value of input `i` (0-based, in input order) at the benchmark point; the same formulas
    /// are in peers.py. They keep every family finite and away from saturation.
    func inputValue(_ i: Int) -> Double {
        switch family {
        case .product: return 1 + 0.01 * sin(Double(i + 1))
        case .mlp: return 0.4 * sin(Double(i + 1))
        default: return 0.5 + 0.4 * sin(Double(i + 1))
        }
    }
}

/// A random straight-line program: statement k is `t_k = form(t_{k-1}, b)` where b is a random
/// earlier value or input, so every statement is live. The forms keep values in about [-1, 1];
/// no two statements share a subexpression, so the program has as many operations as drawn.
/// SplitMix64 with seed 2024; peers.py draws the same program.
struct RandomProgram {
    static let inputs = 10
    /// (text with `A` and `B` for the two operands, operations it lowers to)
    static let forms: [(String, Int)] = [
        ("tanh(A*B)", 2), ("sin(A)*B", 2), ("cos(A - B)", 2), ("B/(2 + A)", 2),
        ("tanh(A + B)", 2), ("A*B", 1), ("exp(-A^2)", 3), ("log(2 + A)*B", 3),
    ]

    let text: String

    init(operations target: Int) {
        var rng = SplitMix64(seed: 2024)
        var s = ""
        s.reserveCapacity(target * 14)
        var ops = 0
        var k = 0
        while ops < target {
            k += 1
            let (form, cost) = RandomProgram.forms[Int(rng.next() % UInt64(RandomProgram.forms.count))]
            let a = k == 1 ? "x1" : "t\(k - 1)"
            let j = Int(rng.next() % UInt64(RandomProgram.inputs + k - 1))
            let b = j < RandomProgram.inputs ? "x\(j + 1)" : "t\(j - RandomProgram.inputs + 1)"
            s += "t\(k) = "
            for c in form {
                if c == "A" { s += a } else if c == "B" { s += b } else { s.append(c) }
            }
            s += "\n"
            ops += cost
        }
        text = s
    }
}

/// SplitMix64: a small reproducible generator (also in peers.py).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a over the program text: peers.py checks that it built the very same program.
func textHash(_ text: String) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return String(h, radix: 16)
}
