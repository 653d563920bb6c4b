@_spi(DerivCore) import DerivCore
/// An identifier of a program, interned by the lexer: within one `AST` each spelling is one
/// symbol, so name resolution compares and indexes small integers instead of hashing strings
/// (a million-statement program has millions of name uses). `AST.spelling(_:)` gives the text.
package struct Symbol: Hashable, Sendable {
    /// The index of the spelling in `AST.spellings`, counting from 0 in order of first appearance.
    package let index: Int32
}

/// The lexer's interner: turns the spelling of a name into its `Symbol`, numbering names in order
/// of first appearance. Two implementations: `SymbolTable`, the fast one every parse uses, and
/// `DictionarySymbols`, a `Dictionary` from spelling to symbol that is plainly right, which the
/// tests parse the same programs with and require the same ASTs of (`SymbolInternerTests`). The
/// lexer calls the one it was made with through generic functions specialised for each, so the
/// fast path has no dynamic dispatch.
protocol SymbolInterner {
    /// An interner sized for about `expected` names.
    init(expected: Int)

    /// The spelling of each symbol, in order of first appearance.
    var spellings: [String] { get }

    /// The symbol spelt by `text`, added if it is new.
    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Symbol

    /// The symbol here of each of `other`'s symbols `ks` (the one spelt the same), nil where
    /// there is none. The interner is only read, so two threads may ask at once.
    func symbols(_ ks: Range<Int>, of other: Self) -> [Symbol?]
}

/// Which interner a parse uses (`SymbolInterner`): the fast `table`, always in deriv, or the
/// plain `dictionary`, which tests choose (`Parser.parse(_:inTwoFrom:interning:)`) to compare
/// the two.
enum SymbolInterning: Sendable { case table, dictionary }

/// The plain interner: a dictionary from spelling to symbol.
struct DictionarySymbols: SymbolInterner {
    private(set) var spellings: [String] = []
    private var symbols: [String: Symbol] = [:]

    init(expected: Int) { symbols.reserveCapacity(expected) }

    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Symbol {
        let spelling = String(decoding: text, as: UTF8.self)
        if let symbol = symbols[spelling] { return symbol }
        let symbol = Symbol(index: Int32(spellings.count))
        symbols[spelling] = symbol
        spellings.append(spelling)
        return symbol
    }

    func symbols(_ ks: Range<Int>, of other: DictionarySymbols) -> [Symbol?] {
        ks.map { symbols[other.spellings[$0]] }
    }
}

/// The fast interner, reading identifiers straight from the program's bytes: an open-addressing
/// table (linear probing, at most half full), so the text of a name becomes a `String` once per distinct name,
/// not once per use. A slot holds the name's key and its symbol: the key of a name of up to 8
/// bytes is its bytes themselves, so finding it reads one slot and nothing else (the random
/// program's million uses of half a million names cost a cache miss each, not three); a longer
/// name's key is a hash of it, confirmed by comparing the bytes.
struct SymbolTable: SymbolInterner {
    /// The spelling of each symbol.
    private(set) var spellings: [String] = []
    /// The bytes of every spelling, one after another; symbol k's are `bytes[starts[k]..<starts[k + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// The table's memory, owned by this value alone (a lexer's table is never copied).
    private var slots: ZeroedTable<Slot>

    /// A table sized for about `expected` names, so that reading that many never grows it (each
    /// doubling places every name again, at random, in a table twice as big).
    init(expected: Int) {
        var size = 64
        while size < 2 * expected { size *= 2 }
        slots = ZeroedTable(count: size)
    }

    private struct Slot {
        var key: UInt64
        /// `length << 32 | (symbol + 1)`; 0 marks an empty slot.
        var entry: UInt64
    }

    /// The text is passed as a pointer: a slice of the program's array would retain and release
    /// the array for each name, and two lexers reading one program side by side would contend
    /// for its reference count.
    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Symbol {
        let (found, slot, key) = find(text)
        if let found { return found }
        let k = spellings.count
        slots.buffer[slot] = Slot(key: key, entry: UInt64(text.count) << 32 | UInt64(k + 1))
        spellings.append(String(decoding: text, as: UTF8.self))
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        if 2 * spellings.count > slots.count { grow() }
        return Symbol(index: Int32(k))
    }

    func symbols(_ ks: Range<Int>, of other: SymbolTable) -> [Symbol?] {
        other.bytes.withUnsafeBufferPointer { text in
            ks.map { k in find(UnsafeBufferPointer(rebasing: text[other.starts[k]..<other.starts[k + 1]])).symbol }
        }
    }

    /// The symbol spelt by `text` if there is one, else the empty slot where it goes; and its key.
    @inline(__always)
    private func find(_ text: UnsafeBufferPointer<UInt8>) -> (symbol: Symbol?, slot: Int, key: UInt64) {
        let key = SymbolTable.key(text)
        let length = UInt64(text.count) << 32
        let slots = self.slots.buffer
        let mask = slots.count - 1
        var slot = SymbolTable.slot(key) & mask
        while slots[slot].entry != 0 {
            if slots[slot].key == key, slots[slot].entry & 0xFFFF_FFFF_0000_0000 == length {
                let k = Int(truncatingIfNeeded: slots[slot].entry & 0xFFFF_FFFF) - 1
                if text.count <= 8 || bytes.withUnsafeBufferPointer({ $0[starts[k]..<starts[k + 1]].elementsEqual(text) }) {
                    return (Symbol(index: Int32(k)), slot, key)
                }
            }
            slot = (slot + 1) & mask
        }
        return (nil, slot, key)
    }

    /// Doubles the table and places every symbol again.
    private mutating func grow() {
        let old = slots
        slots = ZeroedTable(count: old.count * 2)
        let slots = self.slots.buffer
        let mask = slots.count - 1
        for s in old.buffer where s.entry != 0 {
            var slot = SymbolTable.slot(s.key) & mask
            while slots[slot].entry != 0 { slot = (slot + 1) & mask }
            slots[slot] = s
        }
    }

    /// The bytes themselves, little-endian, for a name of up to 8 bytes; else FNV-1a over them.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        if bytes.count <= 8 {
            for i in 0..<bytes.count { key |= UInt64(bytes[i]) << (8 * i) }
            return key
        }
        key = 0xCBF2_9CE4_8422_2325
        for b in bytes { key = (key ^ UInt64(b)) &* 0x100_0000_01B3 }
        return key
    }

    /// The slot a key starts probing at, its bits mixed (a multiply and shift) so that names
    /// differing in their last byte spread over the table.
    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}

/// A lexer's identifiers, interned by the interner chosen when it was made: the one place that
/// picks `SymbolTable` or `DictionarySymbols`, and calls either through generic code.
struct LexerSymbols {
    private var table: SymbolTable
    /// The plain interner, used instead of `table` by a lexer made with `.dictionary`.
    private var plain: DictionarySymbols?

    init(expected: Int, interning: SymbolInterning) {
        if interning == .dictionary {
            table = SymbolTable(expected: 0)
            plain = DictionarySymbols(expected: expected)
        } else {
            table = SymbolTable(expected: expected)
        }
    }

    /// The spelling of each symbol, in order of first appearance.
    var spellings: [String] { plain?.spellings ?? table.spellings }

    /// The symbol spelt by `text`, added if it is new.
    @inline(__always)
    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Symbol {
        plain == nil ? table.intern(text) : plain!.intern(text)
    }

    /// For each of `second`'s symbols, its symbol once `second`'s names follow these (the one
    /// here spelt the same, else the next number after these, in order of first appearance);
    /// and the spellings of those new names, in that order. The lookups, a cache miss each, run
    /// on both cores. Both were made with the same interner.
    func renumber(_ second: LexerSymbols) -> (symbols: [Symbol], newSpellings: [String]) {
        if let plain, let other = second.plain { return LexerSymbols.renumber(other, after: plain) }
        return LexerSymbols.renumber(second.table, after: table)
    }

    private static func renumber<Interner: SymbolInterner>(_ second: Interner, after first: Interner)
        -> (symbols: [Symbol], newSpellings: [String]) {
        let count = second.spellings.count
        let found = Parallel.map(2) { half in first.symbols(half * count / 2..<(half + 1) * count / 2, of: second) }
        var symbols: [Symbol] = []
        symbols.reserveCapacity(count)
        var newSpellings: [String] = []
        for (k, symbol) in found.joined().enumerated() {
            if let symbol {
                symbols.append(symbol)
            } else {
                symbols.append(Symbol(index: Int32(first.spellings.count + newSpellings.count)))
                newSpellings.append(second.spellings[k])
            }
        }
        return (symbols, newSpellings)
    }
}
