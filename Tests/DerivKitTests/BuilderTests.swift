@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivCore
@testable import DerivRender

final class BuilderTests: XCTestCase {
    /// `(k*x)*c → (k*c)*x` (k a power of two ≥ 1, |c| ≥ 1, k*c finite) gives the same bits as
    /// computing `(k*x)*c`, at overflow, underflow, zeros, ∞ and NaN (any NaN: its sign carries
    /// no meaning, and the older rule `x*(-1) → -x` flips it).
    func testScaledProductRewriteIsExact() {
        let xs: [Double] = [0, -0.0, 1, -3.7, 1e308, -8.9e307, 4.5e307, .leastNonzeroMagnitude, -.leastNormalMagnitude, .infinity, -.infinity, .nan,
                            .greatestFiniteMagnitude, 1.0000000000000002, 0.1]
        for k in [1.0, 2, 4, 1024] {
            for c in [1.0, -1, 100, -3, 1.5, 1e300, -7e307] where (k * c).isFinite {
                let b = GraphBuilder(inputs: ["x"])
                let kx = b.mul(b.constant(k), b.input(0))
                let out = b.mul(kx, b.constant(c))
                let g = b.finish(outputs: [out], outputNames: ["f"]).pruned()
                for x in xs {
                    let direct = (k * x) * c
                    let built = Evaluator.evaluate(g, inputs: [x]).outputs[0]
                    XCTAssert(built.bitPattern == direct.bitPattern || (built.isNaN && direct.isNaN),
                              "(\(k)*\(x))*\(c): \(built) vs \(direct)")
                }
            }
        }
    }

    /// Reverse mode meets 100*(2*b) in Rosenbrock's gradient and builds one multiplication.
    func testRosenbrockTermHasNoDoubleScaling() throws {
        let p = try Program(parsing: "100*(y - x^2)^2 + (1 - x)^2")
        let g = Derivatives.gradient(p.graph, wrt: [0, 1])
        XCTAssert(g.nodes.contains { $0.op == .constant && $0.constantValue == 200 })
        XCTAssertEqual(g.operationCount, 13)
    }

    /// Hash-consing keeps finding every node while the index grows far past its first size.
    func testHashConsingThroughGrowth() {
        let b = GraphBuilder(inputs: ["x"])
        var ids: [NodeID] = []
        var t = b.input(0)
        for i in 0..<20_000 {
            t = b.add(b.mul(t, b.constant(Double(i % 7) + 2)), b.input(0))
            ids.append(t)
        }
        let count = b.nodes.count
        var u = b.input(0)
        for i in 0..<20_000 {
            u = b.add(b.mul(u, b.constant(Double(i % 7) + 2)), b.input(0))
            XCTAssertEqual(u, ids[i])
        }
        XCTAssertEqual(b.nodes.count, count)
    }

    /// Interning random nodes, many of them again, gives what a dictionary of every node made so
    /// far gives: the index finds each node, wherever its window or its probe sequence put it,
    /// while it grows. Arguments are drawn mostly from the newest nodes, sometimes from a few
    /// old ones used everywhere (full windows), as in real graphs.
    func testHashConsingAgreesWithADictionary() {
        var rng = SplitMix64(seed: 2026)
        let b = GraphBuilder(inputs: ["x", "y"], reservingCapacity: 16)
        var made: [Node: NodeID] = [:]
        var nodes: [Node] = [Node(op: .constant, payload: 2.0.bitPattern)]
        XCTAssertEqual(b.exactly(nodes[0]), 0)
        made[nodes[0]] = 0
        for _ in 0..<40_000 {
            let node: Node
            if Int.random(in: 0..<4, using: &rng) == 0 {
                node = nodes[Int.random(in: 0..<nodes.count, using: &rng)]  // one made before
            } else {
                func argument() -> NodeID {
                    let n = nodes.count
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0..<6: return NodeID(Int.random(in: Swift.max(0, n - 8)..<n, using: &rng))
                    case 6..<8: return NodeID(Int.random(in: 0..<Swift.min(n, 4), using: &rng))
                    default: return NodeID(Int.random(in: 0..<n, using: &rng))
                    }
                }
                let op: Op = [.add, .mul, .sub, .sin][Int.random(in: 0..<4, using: &rng)]
                node = op == .sin ? Node(op: op, a: argument()) : Node(op: op, a: argument(), b: argument())
            }
            let id = b.exactly(node)
            if let old = made[node] {
                XCTAssertEqual(id, old)
            } else {
                XCTAssertEqual(Int(id), nodes.count)
                made[node] = id
                nodes.append(node)
            }
        }
        XCTAssertEqual(b.nodes.count, nodes.count)
    }

    /// Many nodes with one key (the newest argument, used by all of them) overflow its window of
    /// the index into their hashes' slots, and are all found again, alongside nodes of other keys.
    func testHashConsingFindsNodesBeyondTheirWindow() {
        let b = GraphBuilder(inputs: ["x", "y"])
        let constants = (0..<3_000).map { b.constant(Double($0) + 0.5) }
        let s = b.add(b.input(0), b.input(1))
        let products = constants.map { b.mul(s, $0) }
        let sines = products.map { b.apply(.sin, $0, nil, nil) }
        let count = b.nodes.count
        XCTAssertEqual(Set(products).count, constants.count)
        XCTAssertEqual(constants.map { b.mul(s, $0) }, products)
        XCTAssertEqual(products.map { b.apply(.sin, $0, nil, nil) }, sines)
        XCTAssertEqual(b.nodes.count, count)
    }

    func testNodeNamesKeepTheFirstNameAndMoveWithTheirNodes() {
        var names = NodeNames()
        XCTAssertNil(names[5])
        names[5] = "c"
        names.nameIfUnnamed(5, "d")  // the first name stays
        names.nameIfUnnamed(1, "a")
        names[9] = nil  // clearing a node past the end grows nothing
        XCTAssertEqual(names.count, 2)
        XCTAssertEqual(names.map(\.id), [1, 5])
        XCTAssertEqual(names.map(\.name), ["a", "c"])
        XCTAssertEqual(names.prefix(3).map(\.name), ["a"])
        XCTAssertEqual(names.prefix(3).count, 1)
        // A derived name is spelled from its origin, its role set beside it.
        names.nameDerived(7, .adjoint, negative: false, of: "y", role: .input)
        names.nameDerived(7, .tangent, negative: true, of: "y", role: .input)  // the first name stays
        XCTAssertEqual(names[7], "y_bar")
        XCTAssertEqual(names.role(7).kind, .adjoint)
        XCTAssertEqual(names.role(5), .value)
        XCTAssertEqual(names.keeping { !$0.ofInputAdjoint }.map(\.id), [1, 5])
        XCTAssertEqual(names.keeping { $0.kind == .adjoint }.map(\.id), [7])
        // Pruning: node 1 goes, node 5 becomes node 2, node 7 node 3, its role with it.
        let moved = names.renumbered { $0 == 5 ? 2 : $0 == 7 ? 3 : nil }
        XCTAssertEqual(moved.map(\.id), [2, 3])
        XCTAssertEqual(moved[2], "c")
        XCTAssertEqual(moved.role(3), names.role(7))
        XCTAssertEqual(moved.count, 2)
        names[7] = nil
        names[5] = nil
        XCTAssertEqual(names.count, 1)
        XCTAssertNil(names[5])
    }

    /// Pruning moves names down in place (`compact`); the result is the one renumbering gives,
    /// whichever nodes are named, kept, or both.
    func testCompactingNamesInPlaceRenumbersThem() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let n = Int.random(in: 0..<40, using: &rng)
            var names = NodeNames()
            for id in 0..<n where Bool.random(using: &rng) {
                if Bool.random(using: &rng) { names[NodeID(id)] = "n\(id)"; continue }
                names.nameDerived(NodeID(id), .adjoint, negative: Bool.random(using: &rng), of: "x\(id)", role: .input)
            }
            let live = (0..<n).map { _ in Int.random(in: 0..<3, using: &rng) > 0 }
            var newID = [NodeID?](repeating: nil, count: n)
            var next: NodeID = 0
            for id in 0..<n where live[id] { newID[id] = next; next += 1 }
            let renumbered = names.renumbered { newID[Int($0)] }
            names.compact { newID[Int($0)] }
            XCTAssertEqual(names.map(\.id), renumbered.map(\.id))
            XCTAssertEqual(names.map(\.name), renumbered.map(\.name))
            XCTAssertEqual(names.count, renumbered.count)
            for id in 0..<NodeID(n) {
                XCTAssertEqual(names[id], renumbered[id])
                XCTAssertEqual(names.role(id), renumbered.role(id))
            }
        }
    }
}
