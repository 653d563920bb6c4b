@_spi(DerivCore) import DerivCore
/// Readable, unique, deterministic names for the values of a graph in one language:
/// inputs keep their names, named nodes keep the program's names (`a`, `e`) and the
/// derivative names (`c_bar`, `x_dot`), and other temporaries are `t1`, `t2`, … in order.
/// A name that is reserved in the language or already taken gets a `_` suffix (`int` → `int_`).
/// For C (`avoidsReservedForms`), no name has the forms C and C++ reserve: a leading `__` or `_`
/// and a capital (`__x` → `x`, `_X1` → `X1`), or `__` anywhere (`a__b` → `a_b`, `sin_`'s adjoint
/// `sin_bar`, and `int_` taken gives `int_1`, not `int__`).
///
/// A temporary is kept as its number: the names `t1` … `tN` up to the last temporary given are
/// all taken (each is a temporary or was skipped for being taken), so which `t<digits>` names are
/// taken is that count plus the few numbers claimed otherwise (`NumberSet`), and no string is
/// built or hashed for a temporary until it is written. Other names holding a number are kept
/// the same way, a bit per number under their pattern (`t5_bar` is 5 under `t#_bar`, `h12` is 12
/// under `h#`): the two million names of a large program's gradient (`t5`, `t5_bar`, …) then fall
/// into a few bit sets that stay in cache, instead of a hash table of millions of strings. A
/// derived name's pattern is that of the name it derives from with its role's accents after it
/// (`t#` then `_bar`, `NodeRole.accents`), found without reading the suffixes back.
package struct Naming {
    package private(set) var inputNames: [String]
    /// The name given to each node so far, by id (grown on demand): 0 for none yet, n > 0 for
    /// the temporary `tn`, -1 - k for `chosen[k]`.
    private var nodeNames: [Int32] = []
    /// The names given to nodes that are not temporaries.
    private var chosen: [String] = []
    /// Names taken that hold no number (those are in `takenNumbers`).
    private var taken: NameSet
    /// Per pattern (`Naming.numbered`), the numbers whose names are reserved or taken by a claim;
    /// the first is the temporaries' (`t#`), for which `t1` … `t<counter>` are taken too.
    private var takenNumbers = [NumberSet()]
    /// The index in `takenNumbers` of each pattern, and the last one looked up (names come in
    /// runs of one pattern: `t1`, `t2`, …, then `t2_bar`, `t1_bar`).
    private var patternIndex = [Naming.temporaryPattern: 0]
    private var lastPattern = (pattern: Naming.temporaryPattern, index: 0)
    /// Each pattern, by its index in `takenNumbers`.
    private var patterns = [Naming.temporaryPattern]
    /// The index of the pattern of a derived name, by its stem's pattern index and its accents,
    /// and the last one looked up (`t#_bar` is `t#` with a bar).
    private var derivedPatternIndex: [DerivedPattern: Int] = [:]
    private var lastDerivedPattern = (key: DerivedPattern(stem: -1, accents: NodeRole.Accents()), index: 0)
    /// The language's reserved words that hold no number (the others are in `takenNumbers`).
    private var reserved = NameSet()
    /// The number of the last temporary given.
    private var counter = 0
    /// Whether names avoid the forms C and C++ reserve (`cUnreserved`).
    private let avoidsReservedForms: Bool

    /// Names for the nodes of `graph`, and no other graph.
    package init(graph: Graph, reserved: Set<String>, avoidsReservedForms: Bool = false) {
        self.init(inputs: graph.inputs, reserved: reserved, avoidsReservedForms: avoidsReservedForms)
        nodeNames = [Int32](repeating: 0, count: graph.count)
    }

    /// Names for a graph with these inputs (or, with none, for labels outside any graph).
    package init(inputs: [String], reserved: Set<String>, avoidsReservedForms: Bool = false) {
        self.avoidsReservedForms = avoidsReservedForms
        taken = NameSet()
        inputNames = []
        for name in reserved {
            if let (pattern, n) = Naming.numbered(name) { takenNumbers[numbers(pattern)].insert(n) } else { _ = self.reserved.insert(name) }
        }
        // Inputs whose names are kept claim them before those renamed (C's `__x` is `x`), so that a
        // program's own `x` stays `x` and the renamed one takes the suffix (`x_`).
        var claimed = [String?](repeating: nil, count: inputs.count)
        for renamed in [false, true] {
            for (k, name) in inputs.enumerated() where (candidate(name) != name) == renamed { claimed[k] = claim(name) }
        }
        inputNames = claimed.map { $0! }
    }

    /// Claims a name for something outside the graph (a function name, an output) so that no
    /// value takes it.
    @discardableResult
    package mutating func claim(_ wanted: String) -> String {
        claim(wanted, accents: NodeRole.Accents())
    }

    /// Claims `wanted`, a name whose text ends with the suffixes of `accents` (a derived name,
    /// `NodeRole.accents`), else with a `_` added until it is free.
    private mutating func claim(_ wanted: String, accents: NodeRole.Accents) -> String {
        var name = candidate(wanted)
        if !accents.isEmpty, name == wanted {
            if take(derived: name, accents) { return name }
            name = next(name)
        }
        while !take(name) { name = next(name) }
        return name
    }

    /// The first name tried for `wanted`: an identifier, without C's reserved forms where asked.
    private func candidate(_ wanted: String) -> String {
        let name = Naming.identifier(wanted)
        return avoidsReservedForms ? Naming.cUnreserved(name) : name
    }

    /// The name tried after `name` was taken: a `_` more, or, where `__` is reserved and the name
    /// ends with `_`, a `1` (`int_1`).
    private func next(_ name: String) -> String {
        name + (avoidsReservedForms && name.hasSuffix("_") ? "1" : "_")
    }

    /// `name` without the forms C and C++ reserve: a leading `__` or `_` and a capital lose their
    /// leading underscores, every run of underscores becomes one, and a name left empty or
    /// starting with a digit gets a `v` in front. Other names (`_x` is a block-scope name C allows)
    /// are returned as they are.
    package static func cUnreserved(_ name: String) -> String {
        // Names are checked on their bytes, without a copy: millions are claimed in a large program.
        var name = name
        let underscore = UInt8(ascii: "_")
        let (leading, doubled) = name.withUTF8 { b -> (Bool, Bool) in
            let leading = b.count > 1 && b[0] == underscore
                && (b[1] == underscore || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[1]))
            return (leading, b.indices.dropFirst().contains { b[$0] == underscore && b[$0 - 1] == underscore })
        }
        guard leading || doubled else { return name }
        let bytes = Array(name.utf8)
        var out: [UInt8] = []
        for b in leading ? bytes.drop(while: { $0 == UInt8(ascii: "_") }) : bytes[...]
        where !(b == underscore && out.last == underscore) {
            out.append(b)
        }
        if out.isEmpty || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(out[0]) { out.insert(UInt8(ascii: "v"), at: 0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `take(name)` for a name that ends with the suffixes of `accents` (not empty): its pattern
    /// is its stem's (the name without those suffixes) with the accents after it.
    private mutating func take(derived name: String, _ accents: NodeRole.Accents) -> Bool {
        var name = name
        let stem = name.withUTF8 { Naming.numbered(UnsafeBufferPointer(rebasing: $0.dropLast(accents.suffixLength))) }
        guard let (stemPattern, n) = stem else { return !reserved.contains(name) && taken.insert(name) }
        let key = DerivedPattern(stem: numbers(stemPattern), accents: accents)
        let k: Int
        if key == lastDerivedPattern.key {
            k = lastDerivedPattern.index
        } else {
            k = derivedPatternIndex[key] ?? numbers(patterns[key.stem] + accents.reversed().map(\.suffix).joined())
            derivedPatternIndex[key] = k
            lastDerivedPattern = (key, k)
        }
        return takenNumbers[k].insert(n)
    }

    /// A derived name's pattern: its stem's pattern (an index into `takenNumbers`) and its accents.
    private struct DerivedPattern: Hashable {
        var stem: Int
        var accents: NodeRole.Accents
    }

    /// Takes `name` if it is free (the test of `isTaken`, and the insertion, in one lookup).
    private mutating func take(_ name: String) -> Bool {
        if let (pattern, n) = Naming.numbered(name) {
            let k = numbers(pattern)
            if k == 0, n >= 1, n <= counter { return false }
            return takenNumbers[k].insert(n)
        }
        return !reserved.contains(name) && taken.insert(name)
    }

    /// The index in `takenNumbers` of `pattern`'s numbers, added if new.
    private mutating func numbers(_ pattern: String) -> Int {
        if pattern == lastPattern.pattern { return lastPattern.index }
        let k = patternIndex[pattern] ?? takenNumbers.count
        if k == takenNumbers.count {
            patternIndex[pattern] = k
            patterns.append(pattern)
            takenNumbers.append(NumberSet())
        }
        lastPattern = (pattern, k)
        return k
    }

    /// The name `name(of:in:)` would give node `id` now, without claiming it.
    package func prospectiveName(of id: NodeID, in graph: Graph) -> String {
        if let name = given(id, in: graph) { return name }
        if let wanted = wantedName(of: id, in: graph) { return available(wanted) }
        return "t" + String(nextTemporary())
    }

    private func available(_ wanted: String) -> String {
        var name = candidate(wanted)
        while isTaken(name) { name = next(name) }
        return name
    }

    private func isTaken(_ name: String) -> Bool {
        if let (pattern, n) = Naming.numbered(name) {
            guard let k = patternIndex[pattern] else { return false }
            return (k == 0 && n >= 1 && n <= counter) || takenNumbers[k].contains(n)
        }
        return reserved.contains(name) || taken.contains(name)
    }

    /// The number of the next free temporary.
    private func nextTemporary() -> Int {
        var n = counter + 1
        while takenNumbers[0].contains(n) { n += 1 }
        return n
    }

    /// The pattern of temporaries' names, `t1`, `t2`, …
    static let temporaryPattern = "t#"

    /// A name holding a number written as numbers are (`h12`, `t5_bar`, `log10`; not `h012`) as
    /// its pattern, the name with its first run of digits replaced by `#` (`h#`, `t#_bar`, `log#`),
    /// and that number; nil for any other name. Different names give different pairs.
    static func numbered(_ name: String) -> (pattern: String, number: Int)? {
        var name = name
        return name.withUTF8 { numbered($0) }
    }

    /// `numbered` of the name spelled by `bytes`.
    private static func numbered(_ bytes: UnsafeBufferPointer<UInt8>) -> (pattern: String, number: Int)? {
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard let first = bytes.firstIndex(where: isDigit) else { return nil }
        var end = first, n = 0
        while end < bytes.count, isDigit(bytes[end]) {
            n = 10 &* n &+ Int(bytes[end] - UInt8(ascii: "0"))
            end += 1
        }
        guard end - first <= 18, end - first == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
        // A temporary's name (and a program's `t12`) without making a string.
        if first == 1, end == bytes.count, bytes[0] == UInt8(ascii: "t") { return (temporaryPattern, n) }
        let pattern = String(unsafeUninitializedCapacity: bytes.count - (end - first) + 1) { out in
            var k = 0
            for b in bytes[..<first] { out[k] = b; k += 1 }
            out[k] = UInt8(ascii: "#"); k += 1
            for b in bytes[end...] { out[k] = b; k += 1 }
            return k
        }
        return (pattern, n)
    }

    /// The name of node `id`, chosen on first request: the graph's name for it, or the next `tN`.
    package mutating func name(of id: NodeID, in graph: Graph) -> String {
        assign(id, in: graph)
        return given(id, in: graph)!
    }

    /// Writes the name of node `id` (chosen as `name(of:in:)` chooses it) at the end of `buffer`.
    package mutating func write(_ id: NodeID, in graph: Graph, to buffer: inout TextBuffer) {
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
            chosen.append(claim(wanted, accents: graph.names.role(id).accents))
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
        graph.names[id]
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
    package static func identifier(_ s: String) -> String {
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
    package static func isIdentifierByte(_ b: UInt8) -> Bool {
        let lower = b | 0x20  // `A`…`Z` to `a`…`z`; no other byte lands there
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
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

    /// Inserts `n`; false if it was there already.
    @discardableResult
    mutating func insert(_ n: Int) -> Bool {
        guard n < NumberSet.bitLimit else { return large.insert(n).inserted }
        if n >= 64 * bits.count {
            bits += [UInt64](repeating: 0, count: Swift.max(n / 64 + 1 - bits.count, bits.count))
        }
        let bit: UInt64 = 1 << UInt64(n & 63)
        defer { bits[n >> 6] |= bit }
        return bits[n >> 6] & bit == 0
    }
}

/// A set of names (those holding no number; a large program can have millions): open addressing
/// over a cheap hash of the bytes (FNV-1a, mixed), each slot holding part of its name's hash so
/// that names are compared only when their hashes agree. (`Set<String>` hashes with SipHash and
/// compares strings along its probes.)
struct NameSet {
    /// Per slot: 0 when empty, else the high half of the name's hash and its index in `names` + 1.
    private var slots: [UInt64] = []
    private var names: [String] = []

    func contains(_ name: String) -> Bool {
        find(name, NameSet.hash(name)).found
    }

    /// Inserts `name`; false if it was there already.
    mutating func insert(_ name: String) -> Bool {
        if 4 * (names.count + 1) > 3 * slots.count { rebuild(slotCount: NameSet.slotCount(for: names.count + 1)) }
        let hash = NameSet.hash(name)
        let (slot, found) = find(name, hash)
        if found { return false }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(names.count + 1)
        names.append(name)
        return true
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func find(_ name: String, _ hash: UInt64) -> (slot: Int, found: Bool) {
        guard !slots.isEmpty else { return (0, false) }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 {
            if slots[i] >> 32 == hash >> 32, names[Int(slots[i] & 0xFFFF_FFFF) - 1] == name { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    /// A power of two with room for `n` names at most three quarters full.
    private static func slotCount(for n: Int) -> Int {
        var count = 64
        while 3 * count < 4 * n { count *= 2 }
        return count
    }

    private mutating func rebuild(slotCount: Int) {
        slots = [UInt64](repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for (k, name) in names.enumerated() {
            let hash = NameSet.hash(name)
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(k + 1)
        }
    }

    private static func hash(_ name: String) -> UInt64 {
        var name = name
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        name.withUTF8 { for b in $0 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
