@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
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
        /// Programs for `testSimplifiedFormulasEqualTheGradientAtRandomSizes`: sizes of their own,
        /// parts repeated with a number, negations, ones written with the inputs.
        let distinct: Bool
        /// Named values so far, with their shapes (rows, columns).
        var parts: [(String, MatrixShape)]

        /// Sizes from 1 to 4, or with `distinct` each its own from 2 to 5 (as `diff` makes its formulas).
        init(seed: UInt64, distinct: Bool = false) {
            rng = SplitMix64(seed: seed)
            self.distinct = distinct
            var sizes: [String: Int] = [:]
            let own = Array(2...5).shuffled(using: &rng)
            for (k, d) in ["m", "n", "k"].enumerated() { sizes[d] = distinct ? own[k] : Int.random(in: 1...4, using: &rng) }
            self.sizes = sizes
            parts = [("A", MatrixShape(sizes["m"]!, sizes["n"]!)), ("B", MatrixShape(sizes["n"]!, sizes["k"]!)),
                     ("x", .vector(sizes["n"]!)), ("y", .vector(sizes["m"]!)), ("s", .scalar)]
        }

        static let header = "A: matrix(m, n); B: matrix(n, k); x: vector(n); y: vector(m); s: scalar\n"

        /// A size no dimension name gives: from `range`, or with distinct sizes 1, 6 or 7 (so that no
        /// formula takes it for a dimension's).
        mutating func freeSize(_ range: ClosedRange<Int>) -> Int {
            distinct ? pick([1, 6, 7]) : Int.random(in: range, using: &rng)
        }

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
            switch Int.random(in: 0..<(distinct ? 11 : 9), using: &rng) {
            case 0: return "\(pick(["sin", "tanh", "sigmoid", "atan", "softplus"]))(\(expression(shape, depth: sub)))"
            case 1: return "(\(expression(shape, depth: sub)) \(pick(["+", "-", ".*"])) \(expression(shape, depth: sub)))"
            case 2: return "(\(expression(.scalar, depth: sub)) * \(expression(shape, depth: sub)))"
            case 3: return "(\(expression(shape, depth: sub)) + \(expression(.scalar, depth: sub)))"
            case 4:
                let inner = freeSize(1...3)
                return "(\(expression(MatrixShape(shape.rows, inner), depth: sub)) * \(expression(MatrixShape(inner, shape.columns), depth: sub)))"
            case 5: return "(\(expression(shape.transposed, depth: sub)))'"
            case 6: return "(\(expression(shape, depth: sub)) ./ (1 + \(expression(shape, depth: sub)).^2))"
            case 7 where shape.isScalar:
                let s = MatrixShape(freeSize(1...3), freeSize(1...3))
                return "\(pick(["sum", "norm2", "logsumexp"]))(\(expression(s, depth: sub)))"
            case 8 where shape.isScalar:
                let v = MatrixShape.vector(freeSize(1...4))
                return "dot(\(expression(v, depth: sub)), \(expression(v, depth: sub)))"
            case 9:
                // One part twice, with a number: a repeated product or sum that the builder shares.
                let e = expression(shape, depth: sub)
                return "(\(e) \(pick(["+", "-", ".*"])) (\(pick(["2", "3", "0.5"]))*\(e)))"
            case 10: return "(-\(expression(shape, depth: sub)))"
            default: return "max(\(expression(shape, depth: sub)), \(expression(shape, depth: sub)))"
            }
        }

        /// A value of `shape` with no input of that shape: a scalar spread over it.
        mutating func broadcastLeaf(_ shape: MatrixShape) -> String {
            if distinct {
                // Ones written with the inputs where a dimension name gives the size, so that the program holds at every size.
                let columns = [sizes["m"]!: "y.^0", sizes["n"]!: "x.^0", sizes["k"]!: "(B'*x).^0"]
                if shape.columns == 1, let c = columns[shape.rows] { return "(s * \(c))" }
                if shape.rows == 1, let c = columns[shape.columns] { return "(s * (\(c))')" }
                if let r = columns[shape.rows], let c = columns[shape.columns] { return "(s * (\(r)*(\(c))'))" }
            }
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

    /// The formulas `diff` prints after `MatrixSimplifier` are never longer than before it, and
    /// read back with the program's declarations (dimension names) they give the program's
    /// gradient at the sizes they were made at and at other random sizes, at random points.
    func testSimplifiedFormulasEqualTheGradientAtRandomSizes() throws {
        var checkedElsewhere = 0
        for seed: UInt64 in 1...100 {
            var g = Generator(seed: seed, distinct: true)
            let text = g.program()
            var rng = SplitMix64(seed: seed + 2000)
            func random(_ s: MatrixShape) -> Matrix { Matrix(s, (0..<s.count).map { _ in Double.random(in: -1...1, using: &rng) }) }
            let c: MatrixCase
            do { c = try MatrixCase(text, Dictionary(uniqueKeysWithValues: g.parts.prefix(5).map { ($0.0, random($0.1)) })) } catch {
                XCTFail("seed \(seed): \(error)\n\(text)"); continue
            }
            let gradient = MatrixDerivatives.gradient(c.graph, wrt: c.all)
            let simplified = MatrixSimplifier.simplified(gradient)
            XCTAssertLessThanOrEqual(MatrixSimplifier.operationCount(simplified), MatrixSimplifier.operationCount(gradient), "seed \(seed)\n\(text)")
            let formulas = MatrixFormulas(gradient: simplified, taken: Set(c.program.inputs + c.program.assignedNames))
            let shared = formulas.shared.map { "\($0.name) = \($0.text)\n" }.joined()
            let shapes: [String: (Int, Int) -> MatrixShape] = ["A": { m, n in MatrixShape(m, n) }, "x": { _, n in .vector(n) },
                                                                "y": { m, _ in .vector(m) }, "s": { _, _ in .scalar }]
            let sizes = [(g.sizes["m"]!, g.sizes["n"]!, g.sizes["k"]!),
                         (Int.random(in: 2...6, using: &rng), Int.random(in: 2...6, using: &rng), Int.random(in: 2...6, using: &rng))]
            // A literal fixes a size, which the formulas may write as ones of the inputs that have it
            // at the sizes they were made at (docs/MATRICES.md): such programs are checked at those sizes only.
            for (trial, (m, n, k)) in sizes.enumerated() where trial == 0 || !text.contains("[") {
                var values = Dictionary(uniqueKeysWithValues: shapes.map { ($0.key, random($0.value(m, n))) })
                values["B"] = random(MatrixShape(n, k))
                // At other sizes a program whose products fix a size does not fit: it is left out there.
                guard let at = try? MatrixCase(text, values) else { continue }
                if trial > 0 { checkedElsewhere += 1 }
                let expected = at.reverse().gradient
                for (i, name) in at.program.inputs.enumerated() {
                    let back = Generator.header + shared + formulas.derivatives[i]
                    do {
                        let b = try MatrixCase(back, values)
                        let got = MatrixEvaluator.evaluate(b.graph, inputs: b.point)[0]
                        XCTAssertEqual(got.shape, expected[i].shape, "seed \(seed) d/d\(name)\n\(text)\n\(back)")
                        for (u, v) in zip(got.entries, expected[i].entries) {
                            XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(v)), "seed \(seed) d/d\(name) at m=\(m), n=\(n), k=\(k)\n\(text)\n\(back)")
                        }
                    } catch {
                        XCTFail("seed \(seed) d/d\(name): \(error)\n\(text)\n\(back)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checkedElsewhere, 10, "programs checked at sizes other than their own")
    }
}
