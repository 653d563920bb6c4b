/// The hash-consing index of a `GraphBuilder`: finds the id of a node with given contents.
///
/// An open-addressing table with linear probing. A slot holds a node id and the high 32 bits of
/// that node's hash (the low bits choose the slot), so a probe that meets another node is rejected without reading the node array;
/// candidates whose hash bits match are compared against the builder's node array, so the table
/// holds no second copy of the nodes. It stays at most three quarters full: probes that stay
/// within a cache line or two cost little next to the cache miss of reaching the table at all,
/// and a smaller table misses less (lookups measured 1.1–1.3 probes on average on the
/// benchmark programs). The hash is a few multiplications over the node's fields instead of a
/// general-purpose hasher. Nodes are never removed.
struct NodeTable {
    /// `(high 32 bits of the hash) | (id + 1)` of the node in each slot; 0 marks an empty slot.
    private var slots: ZeroedTable<UInt64>
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while 3 * size < 4 * capacity { size *= 2 }
        slots = ZeroedTable(count: size)
    }

    /// The id of the node equal to `node` among `nodes`; if there is none, records `node` under
    /// `newID` (the caller then appends it to `nodes`) and returns `newID`.
    @inline(__always)
    mutating func findOrClaim(_ node: Node, newID: NodeID, in nodes: UnsafeBufferPointer<Node>) -> NodeID {
        if 4 * (count + 1) > 3 * slots.count { grow(nodes) }
        let hash = NodeTable.hash(node)
        let tag = NodeTable.tag(hash)
        return slots.withBuffer { s in
            let mask = s.count - 1
            var i = hash & mask
            while true {
                let entry = s[i]
                if entry == 0 {
                    s[i] = tag | UInt64(newID + 1)
                    count += 1
                    return newID
                }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let id = NodeID(truncatingIfNeeded: entry) - 1
                    if nodes[Int(id)] == node { return id }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Records `id` for `node` without looking for an equal one; `nodes` holds every id so far.
    mutating func insert(_ id: NodeID, of node: Node, in nodes: UnsafeBufferPointer<Node>) {
        if 4 * (count + 1) > 3 * slots.count { grow(nodes) }
        place(id, hash: NodeTable.hash(node))
        count += 1
    }

    private mutating func place(_ id: NodeID, hash: Int) {
        slots.withBuffer { s in
            let mask = s.count - 1
            var i = hash & mask
            while s[i] != 0 { i = (i + 1) & mask }
            s[i] = NodeTable.tag(hash) | UInt64(id + 1)
        }
    }

    private mutating func grow(_ nodes: UnsafeBufferPointer<Node>) {
        let old = slots
        slots = ZeroedTable(count: old.count * 2)
        for entry in old.buffer where entry != 0 {
            let id = NodeID(truncatingIfNeeded: entry) - 1
            place(id, hash: NodeTable.hash(nodes[Int(id)]))
        }
    }

    @inline(__always)
    private static func tag(_ hash: Int) -> UInt64 { UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000 }

    /// Mixes every field of the node (multiply, xor-shift), so nearby ids spread over the table.
    @inline(__always)
    static func hash(_ n: Node) -> Int {
        var h = UInt64(n.op.rawValue) &+ UInt64(UInt32(bitPattern: n.a)) &* 0x9E37_79B9_7F4A_7C15
        h ^= n.bits
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 32)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
