/// Hash-consing's index: finds a builder's node by its contents. `GraphBuilder` asks it once per
/// new node; the builder keeps the nodes, the index only their ids.
///
/// Two implementations: `WindowedNodeIndex`, the fast one every builder uses, and
/// `DictionaryNodeIndex`, a `Dictionary` from node to id that is plainly right, which the tests
/// run the same programs through and require the same graphs of (`NodeIndexTests`). The builder
/// calls its index through a generic function specialised for each, so the fast path has no
/// dynamic dispatch.
protocol NodeIndex {
    /// An index for about `capacity` nodes.
    init(capacity: Int)

    /// The id of the node equal to `node` among `nodes` (every id below `newID`); if there is
    /// none, records `node` under `newID`, which the caller then appends to `nodes`, and returns
    /// `newID`.
    mutating func findOrClaim(_ node: Node, newID: NodeID, in nodes: UnsafeBufferPointer<Node>) -> NodeID

    /// Records node `id` of `nodes` (which holds every id up to it) without looking for an
    /// equal one, for a graph's nodes taken as they are: of equal nodes, the first recorded is
    /// the one found.
    mutating func record(_ id: NodeID, in nodes: UnsafeBufferPointer<Node>)
}

/// The index every builder uses: windows over zeroed memory.
typealias FastNodeIndex = WindowedNodeIndex<ZeroedTable<UInt64>>

/// The plain index: a dictionary from node to id.
struct DictionaryNodeIndex: NodeIndex {
    private var ids: [Node: NodeID] = [:]

    init(capacity: Int) { ids.reserveCapacity(capacity) }

    mutating func findOrClaim(_ node: Node, newID: NodeID, in nodes: UnsafeBufferPointer<Node>) -> NodeID {
        if let id = ids[node] { return id }
        ids[node] = newID
        return newID
    }

    mutating func record(_ id: NodeID, in nodes: UnsafeBufferPointer<Node>) {
        if ids[nodes[Int(id)]] == nil { ids[nodes[Int(id)]] = id }
    }
}

/// The fast index. A node can only equal one made after its last argument (its key: the
/// largest argument id), so the candidates for a new operation are the nodes already keyed on
/// the same argument. Most nodes key at most one other (in a derivative graph, nearly every node
/// is used once), so that one is kept beside its key (`soleKeyed`) and checked directly: only
/// nodes whose key has several go into the hash table (`NodeTable`), and most lookups touch no
/// table slot at all, which for a big graph is a cache miss each saved. Leaves (no arguments)
/// are always in the table.
///
/// Its table's memory is `Slots`: `ZeroedTable` in every builder (`FastNodeIndex`), an array in
/// tests.
struct WindowedNodeIndex<Slots: ZeroedSlots>: NodeIndex where Slots.Element == UInt64 {
    private var table: NodeTable<Slots>
    /// For each node, the one node keyed on it; `none` if there is none yet, `several` if
    /// there are several, all of which are then in `table`.
    private var soleKeyed: [NodeID] = []
    private static var none: NodeID { -1 }
    private static var several: NodeID { -2 }

    init(capacity: Int) {
        soleKeyed.reserveCapacity(capacity)
        adviseHugePages(&soleKeyed)
        table = NodeTable(capacity: capacity / 2)
    }

    @inline(__always)
    mutating func findOrClaim(_ node: Node, newID: NodeID, in nodes: UnsafeBufferPointer<Node>) -> NodeID {
        let key = NodeTable<Slots>.key(node)
        let sole = key >= 0 ? soleKeyed[key] : WindowedNodeIndex.several
        if sole == WindowedNodeIndex.several {
            let id = table.findOrClaim(node, newID: newID, in: nodes)
            if id != newID { return id }
        } else if sole == WindowedNodeIndex.none {
            soleKeyed[key] = newID
        } else {
            if nodes[Int(sole)] == node { return sole }
            soleKeyed[key] = WindowedNodeIndex.several
            table.insert(sole, of: nodes[Int(sole)], in: nodes)
            table.insert(newID, of: node, in: nodes)
        }
        soleKeyed.append(WindowedNodeIndex.none)
        return newID
    }

    mutating func record(_ id: NodeID, in nodes: UnsafeBufferPointer<Node>) {
        soleKeyed.append(WindowedNodeIndex.none)
        let node = nodes[Int(id)]
        let key = NodeTable<Slots>.key(node)
        let sole = key >= 0 ? soleKeyed[key] : WindowedNodeIndex.several
        if sole == WindowedNodeIndex.none {
            soleKeyed[key] = id
            return
        }
        if sole != WindowedNodeIndex.several {
            soleKeyed[key] = WindowedNodeIndex.several
            table.insert(sole, of: nodes[Int(sole)], in: nodes)
        }
        table.insert(id, of: node, in: nodes)
    }
}
