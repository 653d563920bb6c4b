/// The names of a graph's nodes, by id: program variables (`a`, `e`), tangents (`a_dot`),
/// adjoints (`a_bar`); nil for every other node. Each name has its role beside it (`NodeRole`):
/// what the node holds is data, read without parsing the name.
///
/// An array beside the nodes rather than a dictionary: a derivative of a million-operation
/// program names two million nodes, and every pass that carries names along (extending a graph,
/// naming each adjoint, pruning, printing) then reads and writes them in node order, with no
/// hashing and no rehashing, and renumbering them (pruning) is one pass in node order.
@_spi(DerivCore) public struct NodeNames: Sendable, Sequence {
    /// Per node id, its name; ids past the end have none.
    private var byNode: [String?] = []
    /// Per node id, the role of its name (`.value` where unnamed); as long as `byNode`.
    private var roles: [NodeRole] = []
    /// How many nodes have a name.
    @_spi(DerivCore) public private(set) var count = 0

    @_spi(DerivCore) public init() {}

    @_spi(DerivCore) public subscript(id: NodeID) -> String? {
        get { Int(id) < byNode.count ? byNode[Int(id)] : nil }
        set {
            let i = Int(id)
            if i >= byNode.count {
                guard newValue != nil else { return }
                let grown = Swift.max(i + 1 - byNode.count, byNode.count)
                byNode += repeatElement(nil, count: grown)
                roles += repeatElement(.value, count: grown)
            }
            count += (newValue != nil ? 1 : 0) - (byNode[i] != nil ? 1 : 0)
            byNode[i] = newValue
            roles[i] = .value
        }
    }

    /// The role of `id`'s name (`.value` for a program variable, and where there is no name).
    @_spi(DerivCore) public func role(_ id: NodeID) -> NodeRole {
        Int(id) < byNode.count && byNode[Int(id)] != nil ? roles[Int(id)] : .value
    }

    /// Names `id` unless it has a name already (the first to claim a node names it).
    @_spi(DerivCore) public mutating func nameIfUnnamed(_ id: NodeID, _ name: String, role: NodeRole = .value) {
        if self[id] == nil {
            self[id] = name
            roles[Int(id)] = role
        }
    }

    /// Names `id`, unless it has a name already, as the adjoint or tangent of a node named `name`
    /// with role `of` (`.input` for an input), held as its magnitude when `negative`: the one
    /// place a derived name is spelled (`c_bar`, `minus_c_dot`, `y_bar_dx`).
    @_spi(DerivCore) public mutating func nameDerived(_ id: NodeID, _ derivation: Derivation, negative: Bool,
                                     of name: String, role of: NodeRole) {
        guard self[id] == nil else { return }
        nameIfUnnamed(id, (negative ? "minus_" : "") + name + derivation.suffix,
                      role: NodeRole(derivation, negative: negative, of: of))
    }

    /// Makes room for names of nodes up to id `nodes - 1` without growing again.
    @_spi(DerivCore) public mutating func reserveCapacity(nodes: Int) {
        byNode.reserveCapacity(nodes)
        roles.reserveCapacity(nodes)
    }

    /// The names of nodes `0..<end` only.
    @_spi(DerivCore) public func prefix(_ end: Int) -> NodeNames {
        var kept = self
        if end < byNode.count {
            kept.byNode.removeLast(byNode.count - end)
            kept.roles.removeLast(roles.count - end)
            kept.count = kept.byNode.reduce(0) { $0 + ($1 != nil ? 1 : 0) }
        }
        return kept
    }

    /// Only the names whose role `keep` accepts, on the same nodes.
    @_spi(DerivCore) public func keeping(_ keep: (NodeRole) -> Bool) -> NodeNames {
        var kept = NodeNames()
        for (id, name) in self where keep(role(id)) { kept.nameIfUnnamed(id, name, role: role(id)) }
        return kept
    }

    /// The names under new ids: node `id` becomes `newID(id)`, or loses its name when that is nil.
    /// `newID` is called in increasing order of `id`.
    @_spi(DerivCore) public func renumbered(_ newID: (NodeID) -> NodeID?) -> NodeNames {
        var moved = NodeNames()
        moved.byNode.reserveCapacity(byNode.count)
        moved.roles.reserveCapacity(roles.count)
        for (id, name) in self { if let to = newID(id) { moved.nameIfUnnamed(to, name, role: role(id)) } }
        return moved
    }

    /// Pruning's renumbering, in place: node `id` becomes `newID(id)`, which is at most `id` and
    /// increases with it, or loses its name when that is nil. Each name moves down by a swap, so
    /// a million names are moved without a new array or reference counting.
    mutating func compact(_ newID: (NodeID) -> NodeID?) {
        var kept = 0
        byNode.withUnsafeMutableBufferPointer { names in
            for i in names.indices where names[i] != nil {
                guard let to = newID(NodeID(i)).map(Int.init) else { continue }
                precondition(to <= i && to >= kept, "compact moves names down, in order")
                // The nodes in between keep no name: what is there is a name of a node that is gone.
                for unnamed in kept..<to { names[unnamed] = nil }
                names.swapAt(to, i)
                roles.swapAt(to, i)
                kept = to + 1
            }
        }
        // Past the last name kept are only names of nodes that are gone, and nils.
        byNode.removeSubrange(kept...)
        roles.removeSubrange(kept...)
        count = byNode.reduce(0) { $0 + ($1 != nil ? 1 : 0) }
    }

    @_spi(DerivCore) public func makeIterator() -> Iterator { Iterator(byNode: byNode) }

    /// Each named node and its name, in increasing order of id.
    @_spi(DerivCore) public struct Iterator: IteratorProtocol {
        fileprivate let byNode: [String?]
        private var position = 0

        fileprivate init(byNode: [String?]) { self.byNode = byNode }

        @_spi(DerivCore) public mutating func next() -> (id: NodeID, name: String)? {
            while position < byNode.count {
                defer { position += 1 }
                if let name = byNode[position] { return (NodeID(position), name) }
            }
            return nil
        }
    }
}
