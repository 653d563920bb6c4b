import XCTest
@testable import DerivKit

/// Random vector and matrix programs (fixed seeds): products of varying shapes, transposes,
/// broadcasts of scalars, elementwise functions, reductions and named parts used more than
/// once. Each gradient by reverse mode equals forward mode's to rounding and central differences.
final class MatrixPropertyTests: XCTestCase {
    /// Builds expressions of a requested shape over inputs of random sizes.
    struct Generator {
        var rng: SplitMix64
        let sizes: [String: Int]
        /// Named values so far, with their shapes (rows, columns).
        var parts: [(String, MatrixShape)]

        init(seed: UInt64) {
            rng = SplitMix64(seed: seed)
            var sizes: [String: Int] = [:]
            for d in ["m", "n", "k"] { sizes[d] = Int.random(in: 1...4, using: &rng) }
            self.sizes = sizes
            parts = [("A", MatrixShape(sizes["m"]!, sizes["n"]!)), ("B", MatrixShape(sizes["n"]!, sizes["k"]!)),
                     ("x", .vector(sizes["n"]!)), ("y", .vector(sizes["m"]!)), ("s", .scalar)]
        }

        static let header = "A: matrix(m, n); B: matrix(n, k); x: vector(n); y: vector(m); s: scalar\n"

        mutating func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &rng)! }

        /// An expression of shape `shape`, `depth` levels deep at most.
        mutating func expression(_ shape: MatrixShape, depth: Int) -> String {
            let leaves = parts.filter { $0.1 == shape }.map(\.0) + parts.filter { $0.1 == shape.transposed && !shape.isScalar }.map { $0.0 + "'" }
            if depth == 0 || Int.random(in: 0..<5, using: &rng) == 0 {
                if let leaf = leaves.randomElement(using: &rng) { return leaf }
                if shape.isScalar { return String(Double(Int.random(in: 1...9, using: &rng)) / 4) }
                return broadcastLeaf(shape)
            }
            let sub = depth - 1
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: return "\(pick(["sin", "tanh", "sigmoid", "atan", "softplus"]))(\(expression(shape, depth: sub)))"
            case 1: return "(\(expression(shape, depth: sub)) \(pick(["+", "-", ".*"])) \(expression(shape, depth: sub)))"
            case 2: return "(\(expression(.scalar, depth: sub)) * \(expression(shape, depth: sub)))"
            case 3: return "(\(expression(shape, depth: sub)) + \(expression(.scalar, depth: sub)))"
            case 4:
                let inner = Int.random(in: 1...3, using: &rng)
                return "(\(expression(MatrixShape(shape.rows, inner), depth: sub)) * \(expression(MatrixShape(inner, shape.columns), depth: sub)))"
            case 5: return "(\(expression(shape.transposed, depth: sub)))'"
            case 6: return "(\(expression(shape, depth: sub)) ./ (1 + \(expression(shape, depth: sub)).^2))"
            case 7 where shape.isScalar:
                let s = MatrixShape(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
                return "\(pick(["sum", "norm2"]))(\(expression(s, depth: sub)))"
            case 8 where shape.isScalar:
                let v = MatrixShape.vector(Int.random(in: 1...4, using: &rng))
                return "dot(\(expression(v, depth: sub)), \(expression(v, depth: sub)))"
            default: return "max(\(expression(shape, depth: sub)), \(expression(shape, depth: sub)))"
            }
        }

        /// A value of `shape` with no input of that shape: a scalar spread over it.
        mutating func broadcastLeaf(_ shape: MatrixShape) -> String {
            let ones = "[" + (0..<shape.rows).map { _ in shape.columns == 1 ? "1" : "[" + Array(repeating: "1", count: shape.columns).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            return "(s * \(ones))"
        }

        /// A program: two named parts, the second reading the first, and a scalar output reading both.
        mutating func program() -> String {
            var text = Generator.header
            for name in ["p", "q"] {
                let shape = pick([MatrixShape(sizes["m"]!, sizes["k"]!), .vector(sizes["n"]!), .scalar])
                text += "\(name) = \(expression(shape, depth: 3))\n"
                parts.append((name, shape))
            }
            return text + expression(.scalar, depth: 4) + " + sum(p) + sum(q)\n"
        }
    }

    func testRandomProgramsBothModesAndDifferences() throws {
        for seed: UInt64 in 1...60 {
            var g = Generator(seed: seed)
            let text = g.program()
            var rng = SplitMix64(seed: seed + 1000)
            func random(_ s: MatrixShape) -> Matrix { Matrix(s, (0..<s.count).map { _ in Double.random(in: -1...1, using: &rng) }) }
            let values = Dictionary(uniqueKeysWithValues: g.parts.prefix(5).map { ($0.0, random($0.1)) })
            let c: MatrixCase
            do { c = try MatrixCase(text, values) } catch { XCTFail("seed \(seed): \(error)\n\(text)"); continue }
            c.checkGradient("seed \(seed):\n\(text)")
            c.checkHessianVectorProduct("seed \(seed):\n\(text)")
            c.checkPrintedDerivatives("seed \(seed):\n\(text)")
        }
    }
}
