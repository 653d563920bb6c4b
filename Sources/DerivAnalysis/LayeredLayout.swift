/// Where to put the boxes and lines of a drawing of a directed acyclic graph, flowing left to
/// right (docs/PICTURES.md): pure geometry, no text and no graph of operations.
///
/// - **Layers by depth:** a node with no incoming edge is in layer 0, every other node one layer
///   right of its deepest predecessor (the longest path); nodes marked `pinnedRight` (outputs) go
///   to the last layer.
/// - **Long edges** are cut into one segment per layer they cross, with a point of their own
///   (a "dummy") in each layer between, so that they are ordered and routed like nodes.
/// - **Few crossings:** the order within each layer is improved by barycenter sweeps, right then
///   left, each node moved to the mean position of its neighbours in the layer before; the order
///   with the fewest crossings seen is kept (at most 12 sweeps, stopping after 4 without progress).
/// - **Straight lines:** each node's height is pulled towards the mean of its neighbours' while
///   the layer keeps its order and spacing (an isotonic regression per layer, pool-adjacent-violators).
///
/// Every pass is a loop over arrays; nothing recurses.
package struct LayeredLayout {
    package struct Point: Equatable {
        package var x: Double
        package var y: Double
    }

    package struct Size {
        package var width: Double
        package var height: Double
        package init(width: Double, height: Double) {
            self.width = width
            self.height = height
        }
    }

    /// What is laid out: node sizes, edges from a lower to a higher node index (a topological
    /// order), and room for a label on each edge's last segment.
    package struct Spec {
        package var sizes: [Size]
        package var edges: [(tail: Int, head: Int)]
        /// Nodes drawn in the last layer (outputs) unless an edge leaves them; nil: none.
        package var pinnedRight: [Bool]?
        /// The width of each edge's label (0 for none), which the gap before its head makes room for.
        package var labelWidths: [Double]?
        package var labelHeight = 14.0
        package var layerGap = 48.0
        package var nodeGap = 18.0
        package var margin = 12.0

        package init(sizes: [Size], edges: [(tail: Int, head: Int)]) {
            self.sizes = sizes
            self.edges = edges
        }
    }

    /// The centre and size of each node.
    package let centers: [Point]
    package let sizes: [Size]
    /// Each node's layer, counted from the left.
    package let layers: [Int]
    /// Each edge's path: from the right side of its tail, through one point in each layer it
    /// crosses, to the left side of its head.
    package let routes: [[Point]]
    /// Where each edge's label is centred (for edges with a label width): in the gap before the
    /// edge's head, on its last segment, moved apart vertically where labels in one gap would overlap.
    package let labelCenters: [Point?]
    package let width: Double
    package let height: Double
    /// Edge crossings between adjacent layers in the chosen order.
    package let crossings: Int

    /// Lays out `spec`. An edge must run from a lower to a higher index.
    package init(_ spec: Spec) {
        let n = spec.sizes.count
        // Layers: the longest path from a node without predecessors.
        var layer = [Int](repeating: 0, count: n)
        var incoming = [[Int]](repeating: [], count: n)
        for (e, edge) in spec.edges.enumerated() {
            precondition(edge.tail < edge.head, "edges run forwards")
            incoming[edge.head].append(e)
        }
        for v in 0..<n {
            for e in incoming[v] { layer[v] = max(layer[v], layer[spec.edges[e].tail] + 1) }
        }
        let last = layer.max() ?? 0
        if let pinned = spec.pinnedRight {
            var hasSuccessor = [Bool](repeating: false, count: n)
            for edge in spec.edges { hasSuccessor[edge.tail] = true }
            for v in 0..<n where pinned[v] && !hasSuccessor[v] { layer[v] = last }
        }
        let layerCount = last + 1

        // Elements: the nodes, then one dummy per layer crossed by a long edge.
        var elementLayer = layer
        var isDummy = [Bool](repeating: false, count: n)
        var chains: [[Int]] = []  // per edge: its elements from tail to head
        var links: [(Int, Int)] = []
        for edge in spec.edges {
            var chain = [edge.tail]
            for l in (layer[edge.tail] + 1)..<max(layer[edge.head], layer[edge.tail] + 1) {
                elementLayer.append(l)
                isDummy.append(true)
                chain.append(elementLayer.count - 1)
            }
            chain.append(edge.head)
            for k in 1..<chain.count { links.append((chain[k - 1], chain[k])) }
            chains.append(chain)
        }
        let m = elementLayer.count
        var left = [[Int]](repeating: [], count: m), right = [[Int]](repeating: [], count: m)
        for (a, b) in links {
            right[a].append(b)
            left[b].append(a)
        }

        // Order within layers: start in index order, then barycenter sweeps.
        var rows = [[Int]](repeating: [], count: layerCount)
        for e in 0..<m { rows[elementLayer[e]].append(e) }
        var position = [Double](repeating: 0, count: m)
        func number(_ rows: [[Int]]) {
            for row in rows { for (k, e) in row.enumerated() { position[e] = Double(k) } }
        }
        // Two edges between layers l and l + 1 cross when their ends are in opposite orders: with
        // the edges in the order of their left ends (rows[l] is in that order), the crossings are
        // the inversions of their right ends, counted with a Fenwick tree over positions.
        var tree = [Int](repeating: 0, count: m + 1)
        func countCrossings(_ rows: [[Int]]) -> Int {
            var total = 0
            for l in 0..<max(0, layerCount - 1) {
                let width = rows[l + 1].count
                for k in 0...width { tree[k] = 0 }
                var seen = 0
                for a in rows[l] {
                    let ends = right[a].map { Int(position[$0]) }.sorted()
                    for end in ends {
                        var notAfter = 0, k = end + 1
                        while k > 0 { notAfter += tree[k]; k -= k & -k }
                        total += seen - notAfter
                    }
                    for end in ends {
                        var k = end + 1
                        while k <= width { tree[k] += 1; k += k & -k }
                        seen += 1
                    }
                }
            }
            return total
        }
        number(rows)
        var best = rows, fewest = countCrossings(rows), bestSweep = 0
        for sweep in 0..<12 where fewest > 0 && sweep - bestSweep <= 4 {
            let rightwards = sweep % 2 == 0
            for l in rightwards ? Array(1..<max(1, layerCount)) : Array(stride(from: layerCount - 2, through: 0, by: -1)) {
                let keys = rows[l].map { e -> Double in
                    let neighbours = rightwards ? left[e] : right[e]
                    return neighbours.isEmpty ? position[e] : neighbours.reduce(0) { $0 + position[$1] } / Double(neighbours.count)
                }
                rows[l] = zip(rows[l], keys).enumerated().sorted { a, b in
                    a.element.1 != b.element.1 ? a.element.1 < b.element.1 : a.offset < b.offset
                }.map { $0.element.0 }
                for (k, e) in rows[l].enumerated() { position[e] = Double(k) }
            }
            let c = countCrossings(rows)
            if c < fewest { best = rows; fewest = c; bestSweep = sweep }
        }
        rows = best
        number(rows)
        crossings = fewest

        // Sizes of the elements: dummies are points.
        let size = (0..<m).map { e in isDummy[e] ? Size(width: 0, height: 0) : spec.sizes[e] }
        // x: one column per layer, as wide as its widest node, with room for labels before it.
        var columnWidth = [Double](repeating: 0, count: layerCount)
        for e in 0..<m { columnWidth[elementLayer[e]] = max(columnWidth[elementLayer[e]], size[e].width) }
        var gapBefore = [Double](repeating: spec.layerGap, count: layerCount)
        if let labels = spec.labelWidths {
            for (e, edge) in spec.edges.enumerated() where labels[e] > 0 {
                let l = layer[edge.head]
                gapBefore[l] = max(gapBefore[l], labels[e] + 36)
            }
        }
        var columnX = [Double](repeating: 0, count: layerCount)
        var x = spec.margin
        for l in 0..<layerCount {
            if l > 0 { x += gapBefore[l] }
            columnX[l] = x + columnWidth[l] / 2
            x += columnWidth[l]
        }

        // y: stacked, then pulled towards the neighbours' mean, keeping order and spacing.
        var y = [Double](repeating: 0, count: m)
        func gap(_ a: Int, _ b: Int) -> Double {
            (size[a].height + size[b].height) / 2 + (isDummy[a] || isDummy[b] ? spec.nodeGap / 2 : spec.nodeGap)
        }
        for row in rows {
            var top = 0.0
            for (k, e) in row.enumerated() {
                if k > 0 { top += gap(row[k - 1], e) }
                y[e] = top
            }
            let middle = top / 2
            for e in row { y[e] -= middle }
        }
        for pass in 0..<8 {
            let rightwards = pass % 2 == 0
            for l in rightwards ? Array(1..<max(1, layerCount)) : Array(stride(from: layerCount - 2, through: 0, by: -1)) {
                let row = rows[l]
                let wanted = row.map { e -> Double in
                    let neighbours = (rightwards ? left[e] : right[e])
                    return neighbours.isEmpty ? y[e] : neighbours.reduce(0) { $0 + y[$1] } / Double(neighbours.count)
                }
                var offsets = [Double](repeating: 0, count: row.count)
                for k in 1..<max(1, row.count) { offsets[k] = offsets[k - 1] + gap(row[k - 1], row[k]) }
                let placed = LayeredLayout.nondecreasingFit(zip(wanted, offsets).map { $0 - $1 })
                for k in row.indices { y[row[k]] = placed[k] + offsets[k] }
            }
        }
        var top = Double.infinity, bottom = -Double.infinity
        for e in 0..<m {
            top = min(top, y[e] - size[e].height / 2)
            bottom = max(bottom, y[e] + size[e].height / 2)
        }
        if m == 0 { top = 0; bottom = 0 }
        let shift = spec.margin - top
        let point = (0..<m).map { Point(x: columnX[elementLayer[$0]], y: y[$0] + shift) }

        centers = Array(point.prefix(n))
        sizes = spec.sizes
        layers = layer
        routes = chains.map { chain in
            chain.enumerated().map { k, e in
                k == 0 ? Point(x: point[e].x + size[e].width / 2, y: point[e].y)
                    : k == chain.count - 1 ? Point(x: point[e].x - size[e].width / 2, y: point[e].y) : point[e]
            }
        }
        var labelCenters = [Point?](repeating: nil, count: spec.edges.count)
        if let labels = spec.labelWidths {
            var byGap = [[Int]](repeating: [], count: layerCount)
            for (e, route) in routes.enumerated() where labels[e] > 0 {
                let p = route[route.count - 2], q = route[route.count - 1]
                labelCenters[e] = Point(x: (p.x + q.x) / 2, y: (p.y + q.y) / 2)
                byGap[layer[spec.edges[e].head]].append(e)
            }
            for var gap in byGap where gap.count > 1 {
                gap.sort { labelCenters[$0]!.y < labelCenters[$1]!.y }
                let offsets = gap.indices.map { Double($0) * spec.labelHeight }
                let placed = LayeredLayout.nondecreasingFit(gap.indices.map { labelCenters[gap[$0]]!.y - offsets[$0] })
                for k in gap.indices { labelCenters[gap[k]]!.y = placed[k] + offsets[k] }
            }
        }
        self.labelCenters = labelCenters
        width = x + spec.margin
        height = bottom - top + 2 * spec.margin
    }

    /// The nondecreasing sequence closest to `values` in least squares (pool adjacent violators):
    /// blocks of equal value, merged while a block lies above the next.
    static func nondecreasingFit(_ values: [Double]) -> [Double] {
        var means: [Double] = [], counts: [Int] = []
        for v in values {
            means.append(v)
            counts.append(1)
            while means.count > 1, means[means.count - 2] > means[means.count - 1] {
                let c1 = counts.removeLast(), m1 = means.removeLast()
                let c0 = counts[counts.count - 1], m0 = means[means.count - 1]
                means[means.count - 1] = (m0 * Double(c0) + m1 * Double(c1)) / Double(c0 + c1)
                counts[counts.count - 1] = c0 + c1
            }
        }
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for (mean, count) in zip(means, counts) { out += repeatElement(mean, count: count) }
        return out
    }
}
