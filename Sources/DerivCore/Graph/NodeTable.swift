/// The hash-consing index of a `GraphBuilder`: finds the id of a node with given contents.
///
/// An open-addressing table. A slot holds a node id and the high 32 bits of that node's hash, so
/// a probe that meets another node is rejected without reading the node array; candidates whose
/// hash bits match are compared against the builder's node array, so the table holds no second
/// copy of the nodes. It stays at most three quarters full. The hash is a few multiplications
/// over the node's fields instead of a general-purpose hasher. Nodes are never removed.
///
/// A node is looked for first in a window of `window` slots chosen by its key (its largest
/// argument id), then along its hash's linear probe sequence. A builder makes nodes whose
/// arguments are recent, so consecutive lookups fall into neighbouring windows, a few cache lines
/// that stay in cache, instead of one random slot each: past the caches (a graph of 100,000
/// operations and more) that random slot was a cache miss per node. A key with more nodes than
/// its window holds (an input used everywhere) sends the rest to their hash's slots, as a table
/// without windows would. The search is exact either way: a node is placed in the first empty
/// slot of its window, else of its probe sequence, and since nothing is removed, an empty slot
/// met on the way means the node is not in the table.
///
/// Its memory is `Slots` (`ZeroedSlots`): a `ZeroedTable` in every builder, an array in tests.
struct NodeTable<Slots: ZeroedSlots> where Slots.Element == UInt64 {
    /// `(high 32 bits of the hash) | (id + 1)` of the node in each slot; 0 marks an empty slot.
    private var slots: Slots
    private var count = 0
    /// Slots in a node's window; the windows of four consecutive keys start in the same 8 slots.
    static var window: Int { 8 }

    init(capacity: Int) {
        var size = 16
        while 3 * size < 4 * capacity { size *= 2 }
        slots = Slots(count: size)
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
            var (i, left) = NodeTable.window(of: node, hash)
            i &= mask
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
                i = NodeTable.next(i, &left, hash, mask)
            }
        }
    }

    /// Records `id` for `node` without looking for an equal one; `nodes` holds every id so far.
    mutating func insert(_ id: NodeID, of node: Node, in nodes: UnsafeBufferPointer<Node>) {
        if 4 * (count + 1) > 3 * slots.count { grow(nodes) }
        place(id, of: node)
        count += 1
    }

    private mutating func place(_ id: NodeID, of node: Node) {
        let hash = NodeTable.hash(node)
        slots.withBuffer { s in
            let mask = s.count - 1
            var (i, left) = NodeTable.window(of: node, hash)
            i &= mask
            while s[i] != 0 { i = NodeTable.next(i, &left, hash, mask) }
            s[i] = NodeTable.tag(hash) | UInt64(id + 1)
        }
    }

    private mutating func grow(_ nodes: UnsafeBufferPointer<Node>) {
        let old = slots
        slots = Slots(count: old.count * 2)
        old.withBuffer { entries in
            for entry in entries where entry != 0 {
                let id = NodeID(truncatingIfNeeded: entry) - 1
                place(id, of: nodes[Int(id)])
            }
        }
    }

    /// The slot probed after `i`: the next in the window while `left` (slots of the window still
    /// to probe) lasts, then the start of the hash's probe sequence, then the next after that
    /// (with no window, `left` is already past 0: the probe goes on from the hash's slot).
    @inline(__always)
    private static func next(_ i: Int, _ left: inout Int, _ hash: Int, _ mask: Int) -> Int {
        left -= 1
        return left == 0 ? hash & mask : (i + 1) & mask
    }

    /// A node's key: its largest argument id; -1 for a leaf. A node can only equal one made after
    /// that argument.
    @inline(__always)
    static func key(_ n: Node) -> Int {
        n.op.isLeaf ? -1 : Int(Swift.max(n.a, NodeID(truncatingIfNeeded: n.bits), NodeID(truncatingIfNeeded: n.bits >> 32)))
    }

    /// The first slot of a node's window (before masking) and its size: four keys share an
    /// aligned group of 8 slots, and the hash picks where in it to start. A leaf has no key and
    /// no window: its probe sequence starts at its hash's slot.
    @inline(__always)
    private static func window(of n: Node, _ hash: Int) -> (start: Int, size: Int) {
        let key = NodeTable.key(n)
        return key < 0 ? (hash, 0) : ((key >> 2) << 3 | (hash & 7), window)
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
