/// The hash-consing index of a `GraphBuilder`: finds the id of a node with given contents.
///
/// An open-addressing table with linear probing that stores only node ids (4 bytes a slot) and
/// compares candidates against the builder's node array, so it holds no second copy of the nodes.
/// It stays at most half full, so a lookup probes about 1.5 slots on average; the hash is a few
/// multiplications over the node's fields instead of a general-purpose hasher. Nodes are never
/// removed.
struct NodeTable {
    /// `id + 1` of the node in each slot; 0 marks an empty slot.
    private var slots: [Int32]
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// The id of the node equal to `node` among `nodes`, or nil; `hash` is `NodeTable.hash(node)`.
    @inline(__always)
    func find(_ node: Node, hash: Int, in nodes: UnsafeBufferPointer<Node>) -> NodeID? {
        slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = hash & mask
            while true {
                let entry = s[i]
                if entry == 0 { return nil }
                if nodes[Int(entry - 1)] == node { return entry - 1 }
                i = (i + 1) & mask
            }
        }
    }

    /// Records `id` for a node not yet in the table; `nodes` must contain every id inserted so far.
    mutating func insert(_ id: NodeID, hash: Int, nodes: UnsafeBufferPointer<Node>) {
        if 2 * (count + 1) > slots.count { grow(nodes) }
        place(id, hash: hash)
        count += 1
    }

    private mutating func place(_ id: NodeID, hash: Int) {
        slots.withUnsafeMutableBufferPointer { s in
            let mask = s.count - 1
            var i = hash & mask
            while s[i] != 0 { i = (i + 1) & mask }
            s[i] = id + 1
        }
    }

    private mutating func grow(_ nodes: UnsafeBufferPointer<Node>) {
        let old = slots
        slots = [Int32](repeating: 0, count: old.count * 2)
        for entry in old where entry != 0 { place(entry - 1, hash: NodeTable.hash(nodes[Int(entry - 1)])) }
    }

    /// Mixes every field of the node (multiply, xor-shift), so nearby ids spread over the table.
    @inline(__always)
    static func hash(_ n: Node) -> Int {
        var h = UInt64(n.op.rawValue) &+ n.payload &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(UInt32(bitPattern: n.a)) | UInt64(UInt32(bitPattern: n.b)) << 32
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        h ^= UInt64(UInt32(bitPattern: n.c))
        h = (h ^ (h >> 32)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
