import Foundation

// Memory for the big tables and arrays of a program of millions of operations: zeroed hash
// tables, transparent huge pages for arrays read at random, and pages mapped ahead of a thread
// that writes a buffer in order.

/// The memory of a hash table of plain values, all bits zero at first (a zero value marks an
/// empty slot). `NodeTable` is generic over it, specialised for each: `ZeroedTable`, the fast
/// one it always uses, and `ArraySlots`, an array, which the tests fill the same way and
/// require the same results of (`NodeIndexTests`).
protocol ZeroedSlots {
    associatedtype Element
    /// `count` slots, every bit zero.
    init(count: Int)
    var count: Int { get }
    func withBuffer<R>(_ body: (UnsafeMutableBufferPointer<Element>) -> R) -> R
}

/// The plain slots: an array (of plain values, so all bits zero is a valid value).
final class ArraySlots<Element>: ZeroedSlots {
    private var elements: [Element]

    init(count: Int) {
        elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = count
        }
    }

    var count: Int { elements.count }

    func withBuffer<R>(_ body: (UnsafeMutableBufferPointer<Element>) -> R) -> R {
        elements.withUnsafeMutableBufferPointer { body($0) }
    }
}

/// Zeroed memory for a hash table of plain values (a zero value marks an empty slot), used by
/// `NodeTable` and `SymbolTable`. A big table (a million nodes take 16 MB) is read at random,
/// one cache miss per lookup, and on 4 KiB pages nearly every lookup also misses the TLB; so
/// on Linux a table of 2 MiB or more asks for transparent huge pages, which makes each lookup
/// of a big table cheaper (the reverse sweep at a million operations by about a tenth).
@_spi(DerivCore) public final class ZeroedTable<Element>: ZeroedSlots {
    let base: UnsafeMutablePointer<Element>
    @_spi(DerivCore) public let count: Int

    @_spi(DerivCore) public init(count: Int) {
        self.count = count
        let bytes = count * MemoryLayout<Element>.stride
        let hugePage = 2 << 20
        var memory: UnsafeMutableRawPointer?
        #if os(Linux)
        if bytes >= hugePage, posix_memalign(&memory, hugePage, bytes) == 0, let memory {
            _ = madvise(memory, bytes, MADV_HUGEPAGE)
        }
        #endif
        if memory == nil { memory = malloc(Swift.max(bytes, 1)) }
        guard let memory else { fatalError("out of memory for a table of \(bytes) bytes") }
        memset(memory, 0, bytes)
        base = memory.bindMemory(to: Element.self, capacity: count)
    }

    deinit { free(base) }

    @_spi(DerivCore) public var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    func withBuffer<R>(_ body: (UnsafeMutableBufferPointer<Element>) -> R) -> R { body(buffer) }
}

/// Asks Linux for transparent huge pages for the capacity `array` has reserved (the system here
/// gives them only on request), as `ZeroedTable` does for its memory. A builder's node arrays
/// of millions of nodes are read at random (the arguments of each new node), and on 4 KiB pages
/// nearly each such read also misses the TLB; their first touch costs one page fault per 2 MiB
/// instead of one per 4 KiB. Only whole 2 MiB pages inside the reserved memory are advised.
func adviseHugePages<Element>(_ array: inout [Element]) {
    #if os(Linux)
    let hugePage = 2 << 20
    let bytes = array.capacity * MemoryLayout<Element>.stride
    guard bytes >= 2 * hugePage else { return }
    array.withUnsafeMutableBufferPointer { p in
        guard let base = p.baseAddress.map({ Int(bitPattern: $0) }) else { return }
        let start = (base + hugePage - 1) & ~(hugePage - 1), end = (base + bytes) & ~(hugePage - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
    }
    #endif
}

/// Has the kernel map the pages of `bytes` bytes at `base` on another thread, ahead of this one
/// writing them from the start: a first write to a fresh page costs a page fault and zeroing the
/// page, and a buffer of 100 MB has 25,000 pages. The printer of a million-operation gradient,
/// which writes its text and its statements in order while the other core is idle, uses it
/// (`deriv emit` of a million operations: 2.28 → 2.17 s, 8 runs each). Linux 5.14 or later
/// (`MADV_POPULATE_WRITE`, which maps without changing what the memory holds, so the two threads
/// never disagree about it); elsewhere, and for less than `populatedSize`, nothing.
@_spi(DerivCore) public func populateAhead(_ base: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    let page = 4096, piece = 2 << 20
    let start = (Int(bitPattern: base) + page - 1) & ~(page - 1), end = (Int(bitPattern: base) + bytes) & ~(page - 1)
    guard end - start >= populatedSize else { return }
    populating.async {
        // In pieces, so that the memory map is never held for long; the first failure (an old
        // kernel, or memory already freed) ends it.
        for at in stride(from: start, to: end, by: piece) {
            guard madvise(UnsafeMutableRawPointer(bitPattern: at), Swift.min(piece, end - at), populateWrite) == 0 else { return }
        }
    }
    #endif
}

/// `populateAhead` for the capacity `array` has reserved.
@_spi(DerivCore) public func populateAhead<Element>(_ array: inout [Element]) {
    let bytes = array.capacity * MemoryLayout<Element>.stride
    array.withUnsafeMutableBufferPointer { p in
        if let base = p.baseAddress { populateAhead(UnsafeMutableRawPointer(base), bytes: bytes) }
    }
}

/// Buffers smaller than this are left to fault in as they are written.
let populatedSize = 8 << 20
/// `MADV_POPULATE_WRITE` (Linux 5.14), which the C library headers here may not name yet.
private let populateWrite: Int32 = 23
private let populating = DispatchQueue(label: "deriv.populate-ahead", qos: .utility)
