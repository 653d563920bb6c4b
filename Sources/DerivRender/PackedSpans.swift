@_spi(DerivCore) import DerivCore
/// Where each node's text is in an `ExpressionPrinter`'s buffer, by node id: the table the
/// printer reads every operation's arguments from. The printer is generic over it, specialised
/// for each: `PackedSpans`, the fast one it always uses, and `PlainSpans`, an array of spans,
/// which the tests print the same graphs with and require the same text of (`SpanTableTests`).
protocol SpanTable {
    /// A table for `count` nodes; a node's span must be set before it is read.
    init(count: Int)
    subscript(i: Int) -> Span { get set }
    /// Called before printing `nodes[from ..< from + PackedSpans.readAhead]`: may read what they
    /// will need, so that it is in the cache by then.
    func readAhead(_ nodes: [Node], from: Int, _ text: TextBuffer)
}

/// The plain table: a span per node.
struct PlainSpans: SpanTable {
    private var spans: [Span]

    init(count: Int) { spans = [Span](repeating: Span(0..<0, .atom), count: count) }

    subscript(i: Int) -> Span {
        get { spans[i] }
        set { spans[i] = newValue }
    }

    func readAhead(_ nodes: [Node], from: Int, _ text: TextBuffer) {}
}

/// The fast table.
///
/// In a graph of millions of nodes the arguments of an operation lie anywhere before it, so each
/// read of the table, and then of the argument's text, misses the processor's cache; these misses
/// were most of the printer's time. Two things make them cheaper:
/// - A span takes 8 bytes here instead of 24 (start, length and precedence packed into one
///   word), so the table of a million-node gradient (23 MB instead of 70) stays largely in the
///   last-level cache. The few spans that do not fit (a conditional's test, a start past the first
///   terabyte, a text of 64 KiB or more) are kept aside, the word holding their index.
/// - `readAhead` reads what the next `readAhead` operations will need before they need it, all
///   at once: misses that do not wait on one another overlap in the memory system, where the
///   printer alone meets them one at a time. `deriv-bench --case random:1000000 --profile print`:
///   740 ms → 560 ms, both changes together.
struct PackedSpans: SpanTable {
    private var packed: [UInt64]
    private var aside: [Span] = []
    private static let asideBit: UInt64 = 1 << 63
    private static let startBits: UInt64 = 1 << 40 - 1

    /// How many operations `readAhead` prepares at a time (32 measured best of 8 to 64).
    static let readAhead = 32

    /// A table for `count` nodes; a node's span must be set before it is read.
    init(count: Int) { packed = [UInt64](repeating: 0, count: count) }

    subscript(i: Int) -> Span {
        get {
            let word = packed[i]
            if word & PackedSpans.asideBit != 0 { return aside[Int(truncatingIfNeeded: word & ~PackedSpans.asideBit)] }
            let start = Int(truncatingIfNeeded: word & PackedSpans.startBits)
            return Span(start..<start + Int(truncatingIfNeeded: word >> 40 & 0xFFFF),
                        Precedence(rawValue: Int(truncatingIfNeeded: word >> 56))!)
        }
        set {
            if newValue.condition == nil, UInt64(newValue.start) <= PackedSpans.startBits, newValue.count <= 0xFFFF {
                packed[i] = UInt64(newValue.start) | UInt64(newValue.count) << 40 | UInt64(newValue.precedence.rawValue) << 56
            } else {
                packed[i] = PackedSpans.asideBit | UInt64(aside.count)
                aside.append(newValue)
            }
        }
    }

    /// Reads, all at once, the spans of the arguments of `nodes[from ..< from + readAhead]` that
    /// were printed before `from`, and the first byte of each one's text in `text`, so that
    /// printing those nodes finds them in the cache.
    func readAhead(_ nodes: [Node], from: Int, _ text: TextBuffer) {
        let limit = NodeID(from)
        var sum = 0
        packed.withUnsafeBufferPointer { table in
            text.withBytes(0..<text.count) { bytes in
                for j in from..<Swift.min(from + PackedSpans.readAhead, nodes.count) {
                    nodes[j].forEachArgument { _, a in
                        guard a < limit else { return }
                        let word = table[Int(a)]
                        let start = Int(truncatingIfNeeded: word & PackedSpans.startBits)
                        guard word & PackedSpans.asideBit == 0, start < bytes.count else { return }
                        sum &+= Int(bytes[start])
                    }
                }
            }
        }
        // Reads whose values are unused would be optimized away: their sum is checked against
        // a value it never reaches (each byte adds at most 255).
        precondition(sum != -1)
    }
}
