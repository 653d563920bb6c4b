/// Readable, unique, deterministic names for the values of a graph in one language:
/// inputs keep their names, named nodes keep the program's names (`a`, `e`) and the
/// derivative names (`c_bar`, `x_dot`), and other temporaries are `t1`, `t2`, … in order.
/// A name that is reserved in the language or already taken gets a `_` suffix (`int` → `int_`).
///
/// A temporary is kept as its number: the names `t1` … `tN` up to the last temporary given are
/// all taken (each is a temporary or was skipped for being taken), so which `t<digits>` names are
/// taken is that count plus the few numbers claimed otherwise (`NumberSet`), and no string is
/// built or hashed for a temporary until it is written.
public struct Naming {
    public private(set) var inputNames: [String]
    /// The name given to each node so far, by id (grown on demand): 0 for none yet, n > 0 for
    /// the temporary `tn`, -1 - k for `chosen[k]`.
    private var nodeNames: [Int32] = []
    /// The names given to nodes that are not temporaries.
    private var chosen: [String] = []
    /// For the graph the naming was made for, the program's name for each node, by id: read
    /// once from the graph's dictionary instead of looked up per node.
    private var programNames: [String?] = []
    /// Names taken that are not of the form `t<digits>` (those are in `takenNumbers`).
    private var taken: Set<String>
    /// Numbers n whose `tn` is reserved or taken by a claim; `t1` … `t<counter>` are taken too.
    private var takenNumbers = NumberSet()
    private let reserved: Set<String>
    /// The number of the last temporary given.
    private var counter = 0

    /// Names for the nodes of `graph`, and no other graph.
    public init(graph: Graph, reserved: Set<String>) {
        self.init(inputs: graph.inputs, reserved: reserved)
        taken.reserveCapacity(graph.inputs.count + 2 * graph.names.count)
        nodeNames = [Int32](repeating: 0, count: graph.count)
        programNames = [String?](repeating: nil, count: graph.count)
        for (id, name) in graph.names { programNames[Int(id)] = name }
    }

    /// Names for a graph with these inputs (or, with none, for labels outside any graph).
    public init(inputs: [String], reserved: Set<String>) {
        self.reserved = reserved
        taken = []
        inputNames = []
        for name in reserved { if let n = Naming.temporaryNumber(name) { takenNumbers.insert(n) } }
        for name in inputs { inputNames.append(claim(name)) }
    }

    /// Claims a name for something outside the graph (a function name, an output) so that no
    /// value takes it.
    @discardableResult
    public mutating func claim(_ wanted: String) -> String {
        var name = Naming.identifier(wanted)
        while !take(name) { name += "_" }
        return name
    }

    /// Takes `name` if it is free (the test of `isTaken`, and the insertion, in one lookup).
    private mutating func take(_ name: String) -> Bool {
        if let n = Naming.temporaryNumber(name) {
            guard n > counter, !takenNumbers.contains(n) else { return false }
            takenNumbers.insert(n)
            return true
        }
        return !reserved.contains(name) && taken.insert(name).inserted
    }

    /// The name `name(of:in:)` would give node `id` now, without claiming it.
    public func prospectiveName(of id: NodeID, in graph: Graph) -> String {
        if let name = given(id, in: graph) { return name }
        if let wanted = wantedName(of: id, in: graph) { return available(wanted) }
        return "t" + String(nextTemporary())
    }

    private func available(_ wanted: String) -> String {
        var name = Naming.identifier(wanted)
        while isTaken(name) { name += "_" }
        return name
    }

    private func isTaken(_ name: String) -> Bool {
        if let n = Naming.temporaryNumber(name) { return n <= counter || takenNumbers.contains(n) }
        return reserved.contains(name) || taken.contains(name)
    }

    /// The number of the next free temporary.
    private func nextTemporary() -> Int {
        var n = counter + 1
        while takenNumbers.contains(n) { n += 1 }
        return n
    }

    /// The n of a name `tn` as temporaries are spelled (`t12`, not `t012`), else nil.
    static func temporaryNumber(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { bytes -> Int? in
            guard bytes.count >= 2, bytes.count <= 19, bytes[0] == UInt8(ascii: "t"), bytes[1] != UInt8(ascii: "0") else { return nil }
            var n = 0
            for b in bytes.dropFirst() {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) else { return nil }
                n = 10 * n + Int(b - UInt8(ascii: "0"))
            }
            return n
        }
    }

    /// The name of node `id`, chosen on first request: the graph's name for it, or the next `tN`.
    public mutating func name(of id: NodeID, in graph: Graph) -> String {
        assign(id, in: graph)
        return given(id, in: graph)!
    }

    /// Writes the name of node `id` (chosen as `name(of:in:)` chooses it) at the end of `buffer`.
    public mutating func write(_ id: NodeID, in graph: Graph, to buffer: inout TextBuffer) {
        assign(id, in: graph)
        let node = graph[id]
        if node.op == .input { return buffer.append(string: inputNames[node.inputIndex]) }
        let code = Int(nodeNames[Int(id)])
        if code > 0 {
            buffer.append(byte: UInt8(ascii: "t"))
            buffer.append(decimal: code)
        } else {
            buffer.append(string: chosen[-1 - code])
        }
    }

    /// Gives node `id` its name if it has none yet.
    private mutating func assign(_ id: NodeID, in graph: Graph) {
        let node = graph[id]
        if node.op == .input || code(id) != 0 { return }
        let code: Int32
        if let wanted = wantedName(of: id, in: graph) {
            code = Int32(-1 - chosen.count)
            chosen.append(claim(wanted))
        } else {
            counter = nextTemporary()
            code = Int32(counter)
        }
        if nodeNames.count <= Int(id) {
            nodeNames += [Int32](repeating: 0, count: Swift.max(Int(id) + 1 - nodeNames.count, nodeNames.count))
        }
        nodeNames[Int(id)] = code
    }

    /// The program's name for node `id`, if it has one.
    private func wantedName(of id: NodeID, in graph: Graph) -> String? {
        Int(id) < programNames.count ? programNames[Int(id)] : graph.names[id]
    }

    private func code(_ id: NodeID) -> Int32 {
        Int(id) < nodeNames.count ? nodeNames[Int(id)] : 0
    }

    /// The name node `id` has been given, if any.
    private func given(_ id: NodeID, in graph: Graph) -> String? {
        let node = graph[id]
        if node.op == .input { return inputNames[node.inputIndex] }
        let code = Int(code(id))
        return code > 0 ? "t" + String(code) : code < 0 ? chosen[-1 - code] : nil
    }

    /// Makes any text a valid identifier: letters, digits and `_`, not starting with a digit.
    static func identifier(_ s: String) -> String {
        // Most names already are identifiers: checked on the bytes, without building a copy.
        var s = s
        let valid = s.withUTF8 { bytes in
            !bytes.isEmpty && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[0]) && bytes.allSatisfy(isIdentifierByte)
        }
        if valid { return s }
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

/// A set of positive integers: a bit per number below `bitLimit`, a hash set above.
struct NumberSet {
    private var bits: [UInt64] = []
    private var large: Set<Int> = []
    private static let bitLimit = 1 << 24

    func contains(_ n: Int) -> Bool {
        if n < 64 * bits.count { return bits[n >> 6] & (1 << UInt64(n & 63)) != 0 }
        return n >= NumberSet.bitLimit && large.contains(n)
    }

    mutating func insert(_ n: Int) {
        guard n < NumberSet.bitLimit else { large.insert(n); return }
        if n >= 64 * bits.count {
            bits += [UInt64](repeating: 0, count: Swift.max(n / 64 + 1 - bits.count, bits.count))
        }
        bits[n >> 6] |= 1 << UInt64(n & 63)
    }
}
