@_spi(DerivCore) import DerivAnalysis
import XCTest
@testable import DerivKit
@testable import DerivAnalysis

/// `LayeredLayout` alone: geometry from sizes and edges, no graph of operations.
final class LayeredLayoutTests: XCTestCase {
    private func spec(_ count: Int, _ edges: [(Int, Int)]) -> LayeredLayout.Spec {
        LayeredLayout.Spec(sizes: Array(repeating: .init(width: 40, height: 20), count: count), edges: edges.map { ($0.0, $0.1) })
    }

    func testLayersAreLongestPaths() {
        // 0 → 2 → 3, 1 → 3, 0 → 3: node 3 is two layers right of 0 whatever its shorter paths.
        let layout = LayeredLayout(spec(4, [(0, 2), (2, 3), (1, 3), (0, 3)]))
        XCTAssertEqual(layout.layers, [0, 0, 1, 2])
        XCTAssertEqual(layout.routes[3].count, 3, "the long edge 0 → 3 passes through a point in layer 1")
        XCTAssertLessThan(layout.centers[0].x, layout.centers[2].x)
        XCTAssertLessThan(layout.centers[2].x, layout.centers[3].x)
    }

    func testOutputsArePinnedRightUnlessUsed() {
        var s = spec(4, [(0, 1), (1, 2), (0, 3)])
        s.pinnedRight = [false, true, true, true]
        XCTAssertEqual(LayeredLayout(s).layers, [0, 1, 2, 2], "node 1 feeds node 2, so it stays where its depth puts it")
    }

    func testBarycenterSweepsUndoACrossing() {
        // Inputs 0, 1; node 2 uses 1 and node 3 uses 0: in index order the two edges cross.
        let layout = LayeredLayout(spec(4, [(1, 2), (0, 3)]))
        XCTAssertEqual(layout.crossings, 0)
        XCTAssertEqual(layout.centers[0].y < layout.centers[1].y, layout.centers[3].y < layout.centers[2].y)
    }

    func testNodesInALayerDoNotOverlapAndRoutesRunRightwards() {
        var edges: [(Int, Int)] = []
        for v in 5..<60 { edges.append((v % 5, v)); edges.append((v - 1 - v % 3, v)) }
        var s = spec(60, edges)
        s.labelWidths = edges.map { _ in 30 }
        let layout = LayeredLayout(s)
        var byLayer: [Int: [Int]] = [:]
        for v in 0..<60 { byLayer[layout.layers[v], default: []].append(v) }
        for nodes in byLayer.values {
            let ys = nodes.map { layout.centers[$0].y }.sorted()
            for k in 1..<max(1, ys.count) { XCTAssertGreaterThanOrEqual(ys[k] - ys[k - 1], 20 + s.nodeGap - 1e-9) }
        }
        for route in layout.routes { for k in 1..<route.count { XCTAssertLessThan(route[k - 1].x, route[k].x) } }
        for v in 0..<60 {
            XCTAssertGreaterThanOrEqual(layout.centers[v].y - 10, 0)
            XCTAssertLessThanOrEqual(layout.centers[v].y + 10, layout.height)
            XCTAssertLessThanOrEqual(layout.centers[v].x + 20, layout.width)
        }
        XCTAssertTrue(layout.labelCenters.allSatisfy { $0 != nil })
    }

    func testNondecreasingFit() {
        XCTAssertEqual(LayeredLayout.nondecreasingFit([1, 3, 2, 4]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(LayeredLayout.nondecreasingFit([3, 2, 1]), [2, 2, 2])
        XCTAssertEqual(LayeredLayout.nondecreasingFit([]), [])
    }

    func testAThousandNodeChainIsALoop() {
        // Depth 1,000: nothing recurses on the input's size.
        let layout = LayeredLayout(spec(1000, (1..<1000).map { ($0 - 1, $0) }))
        XCTAssertEqual(layout.layers.last, 999)
    }
}
