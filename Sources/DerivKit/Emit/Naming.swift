/// Readable, unique, deterministic names for the values of a graph in one language:
/// inputs keep their names, named nodes keep the program's names (`a`, `e`) and the
/// derivative names (`c_bar`, `x_dot`), and other temporaries are `t1`, `t2`, … in order.
/// A name that is reserved in the language or already taken gets a `_` suffix (`int` → `int_`).
public struct Naming {
    public private(set) var inputNames: [String]
    /// The name given to each node so far, by id (grown on demand).
    private var nodeNames: [String?] = []
    private var taken: Set<String>
    private let reserved: Set<String>
    private var counter = 0

    public init(graph: Graph, reserved: Set<String>) {
        self.init(inputs: graph.inputs, reserved: reserved)
        // Room for the program's names and about as many temporaries: no rehashing on the way.
        taken.reserveCapacity(graph.inputs.count + 2 * graph.names.count)
        nodeNames.reserveCapacity(graph.count)
    }

    /// Names for a graph with these inputs (or, with none, for labels outside any graph).
    public init(inputs: [String], reserved: Set<String>) {
        self.reserved = reserved
        taken = []
        inputNames = []
        for name in inputs { inputNames.append(claim(name)) }
    }

    /// Claims a name for something outside the graph (a function name, an output) so that no
    /// value takes it.
    @discardableResult
    public mutating func claim(_ wanted: String) -> String {
        let name = available(wanted)
        taken.insert(name)
        return name
    }

    /// The name `name(of:in:)` would give node `id` now, without claiming it.
    public func prospectiveName(of id: NodeID, in graph: Graph) -> String {
        if let n = given(id) { return n }
        let node = graph[id]
        if node.op == .input { return inputNames[node.inputIndex] }
        if let wanted = graph.names[id] { return available(wanted) }
        return nextTemporary().name
    }

    private func available(_ wanted: String) -> String {
        var name = Naming.identifier(wanted)
        while reserved.contains(name) || taken.contains(name) { name += "_" }
        return name
    }

    /// The next free `tN` and its N.
    private func nextTemporary() -> (name: String, number: Int) {
        var n = counter
        var candidate: String
        repeat {
            n += 1
            candidate = "t\(n)"
        } while reserved.contains(candidate) || taken.contains(candidate)
        return (candidate, n)
    }

    /// The name of node `id`, chosen on first request: the graph's name for it, or the next `tN`.
    public mutating func name(of id: NodeID, in graph: Graph) -> String {
        if let n = given(id) { return n }
        let node = graph[id]
        let name: String
        if node.op == .input {
            name = inputNames[node.inputIndex]
        } else if let wanted = graph.names[id] {
            name = claim(wanted)
        } else {
            (name, counter) = nextTemporary()
            taken.insert(name)
        }
        if nodeNames.count <= Int(id) {
            nodeNames += [String?](repeating: nil, count: Swift.max(Int(id) + 1 - nodeNames.count, nodeNames.count))
        }
        nodeNames[Int(id)] = name
        return name
    }

    private func given(_ id: NodeID) -> String? {
        Int(id) < nodeNames.count ? nodeNames[Int(id)] : nil
    }

    /// Makes any text a valid identifier: letters, digits and `_`, not starting with a digit.
    static func identifier(_ s: String) -> String {
        // Most names already are identifiers: checked on the bytes, without building a copy.
        if let first = s.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
           s.utf8.allSatisfy(isIdentifierByte) { return s }
        var out = String(s.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "_" ? Character(c) : "_"
        })
        if out.isEmpty || out.first!.isNumber { out = "_" + out }
        return out
    }

    /// An ASCII letter, digit or `_`: a byte an identifier may hold in every emitted language.
    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
    }
}
