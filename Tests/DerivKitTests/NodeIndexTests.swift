@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivCore

/// Hash-consing's fast index (`WindowedNodeIndex` on `ZeroedTable`) against the plain ones (the
/// same on an array, `ArraySlots`; `DictionaryNodeIndex`): the same node streams give the same
/// ids, and whole pipelines (lowering, both sweeps, Hessians,
/// the simplifier, emitted code) give the same graphs and text under either.
final class NodeIndexTests: XCTestCase {
    /// What a test compares of a graph: nodes, inputs, outputs, names and their roles.
    private struct Shape: Equatable {
        var nodes: [Node], inputs: [String], outputs: [NodeID], outputNames: [String]
        var names: [String], roles: [NodeRole], exactPrefix: Int

        init(_ g: Graph) {
            nodes = g.nodes
            inputs = g.inputs
            outputs = g.outputs
            outputNames = g.outputNames
            names = g.names.map { "\($0.id) \($0.name)" }
            roles = g.names.map { g.names.role($0.id) }
            exactPrefix = g.exactPrefix
        }
    }

    /// Everything the pipeline makes of `text`, as shapes and texts.
    private func pipeline(_ text: String, wrt: [String]) throws -> (shapes: [Shape], code: [String]) {
        let p = try Program(parsing: text, wrt: wrt, outputs: ["f"])
        let all = Array(p.inputs.indices)
        let graphs = [
            p.graph,
            Derivatives.gradient(p.graph, wrt: all, mode: .reverse),
            Derivatives.gradient(p.graph, wrt: all, mode: .forward),
            Derivatives.hessian(p.graph, wrt: all),
            Derivatives.gradient(p.graph, wrt: all).simplified(),
            Derivatives.jacobian(p.graph, wrt: all, mode: .reverse).rewritable().simplifiedOneByOne(),
        ]
        let code = try [p.emit(.c), p.emit(.python, mode: .forward)]
        return (graphs.map(Shape.init), code)
    }

    func testPipelinesAgreeOnRandomPrograms() throws {
        var gen = RandomPrograms(seed: 31_415)
        for k in 0..<60 {
            var statements = k % 3 == 0 ? gen.sharedPartsProgram().components(separatedBy: "; ")
                : ["c = \(gen.expression(depth: 3))", "c * (\(gen.expression(depth: 5))) + c"]
            statements[statements.count - 1] = "f = " + statements[statements.count - 1]
            let text = statements.joined(separator: "; ")
            guard let fast = try? pipeline(text, wrt: gen.inputs) else { continue }
            let plain = try GraphBuilder.$interning.withValue(.dictionary) {
                XCTAssertEqual(GraphBuilder.interning, .dictionary)
                return try pipeline(text, wrt: gen.inputs)
            }
            XCTAssertEqual(fast.shapes, plain.shapes, text)
            XCTAssertEqual(fast.code, plain.code, text)
        }
    }

    /// Streams of nodes with many repeats (a few keys used many times, leaves, long-lived
    /// arguments), through the three indices as a builder uses them: the same ids.
    func testIndicesAgreeOnRandomNodeStreams() {
        var rng = SplitMix64(seed: 2_718)
        for round in 0..<20 {
            var fast = FastNodeIndex(capacity: round * 100)
            var onArray = WindowedNodeIndex<ArraySlots<UInt64>>(capacity: round * 100)
            var plain = DictionaryNodeIndex(capacity: 0)
            var nodes: [Node] = []
            for _ in 0..<5_000 {
                let node: Node
                if nodes.isEmpty || rng.next() % 8 == 0 {
                    node = Node(op: rng.next() % 2 == 0 ? .input : .constant, payload: rng.next() % 16)
                } else {
                    // Arguments near the end, or among the first few (used everywhere).
                    func argument() -> NodeID {
                        let n = UInt64(nodes.count)
                        return NodeID(rng.next() % 2 == 0 ? n - 1 - rng.next() % Swift.min(n, 4) : rng.next() % Swift.min(n, 6))
                    }
                    let op: Op = [.add, .mul, .sin, .select][Int(rng.next() % 4)]
                    node = Node(op: op, a: argument(), b: op.arity > 1 ? argument() : -1, c: op.arity > 2 ? argument() : -1)
                }
                let newID = NodeID(nodes.count)
                let (a, b, c) = nodes.withUnsafeBufferPointer {
                    (fast.findOrClaim(node, newID: newID, in: $0), onArray.findOrClaim(node, newID: newID, in: $0),
                     plain.findOrClaim(node, newID: newID, in: $0))
                }
                XCTAssertEqual(a, c)
                XCTAssertEqual(b, c)
                if a == newID { nodes.append(node) } else { XCTAssertEqual(nodes[Int(a)], node) }
            }
            // A graph's nodes taken as they are (`GraphBuilder(extending:)`), repeats included.
            var fastCopy = FastNodeIndex(capacity: 0), plainCopy = DictionaryNodeIndex(capacity: 0)
            let doubled = nodes + nodes.prefix(100)
            doubled.withUnsafeBufferPointer { p in
                for i in p.indices {
                    fastCopy.record(NodeID(i), in: p)
                    plainCopy.record(NodeID(i), in: p)
                }
                for i in p.indices {
                    let probe = NodeID(p.count)
                    XCTAssertEqual(fastCopy.findOrClaim(p[i], newID: probe, in: p), plainCopy.findOrClaim(p[i], newID: probe, in: p))
                }
            }
        }
    }
}
