import Foundation

/// Text written as UTF-8 bytes into one growing buffer: what the printers write expressions into
/// and what `deriv emit` lays its output out in. A program of a million operations prints to
/// hundreds of megabytes; a `String` per expression (or per line) costs an allocation, reference
/// counting and a copy each time it is combined, where this costs a copy of the bytes.
///
/// An expression already in the buffer is referred to by a `Span`, and a larger expression is
/// written by copying its operands' bytes from earlier in the same buffer (`append(_:at:)`).
/// A buffer is a value: copies share their bytes until one of them is written to.
@_spi(DerivCore) public struct TextBuffer {
    /// The bytes, in memory of the C library's (so that a large buffer grows by `realloc`, which
    /// moves pages instead of copying them, and pages never written are never touched).
    @usableFromInline final class Storage {
        // Unchecked: the buffer is a value whose storage one writer owns (`room` copies it when
        // shared), and code inlined into other modules would otherwise check each access at run time.
        @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) @usableFromInline var count = 0
        @exclusivity(unchecked) @usableFromInline var capacity: Int

        @inlinable @inline(__always) init(capacity: Int) {
            self.capacity = Swift.max(capacity, 64)
            guard let memory = malloc(self.capacity) else { fatalError("out of memory") }
            base = memory.assumingMemoryBound(to: UInt8.self)
        }

        deinit { free(base) }

        /// Makes room for at least `n` more bytes, doubling.
        @inlinable @inline(__always) func reserve(_ n: Int) {
            let needed = count + n
            guard needed > capacity else { return }
            let grown = Swift.max(needed, 2 * capacity)
            guard let memory = realloc(base, grown) else { fatalError("out of memory") }
            base = memory.assumingMemoryBound(to: UInt8.self)
            capacity = grown
        }

        // Writing, into room made by `reserve` (checked: a short reservation stops, it never
        // writes past the memory).

        @inlinable @inline(__always) func put(_ from: UnsafePointer<UInt8>, _ n: Int) {
            precondition(n <= capacity - count)
            (base + count).update(from: from, count: n)
            count += n
        }

        @inlinable @inline(__always) func put(byte: UInt8) {
            precondition(count < capacity)
            base[count] = byte
            count += 1
        }

        @inlinable @inline(__always) func put(_ text: StaticString) {
            text.withUTF8Buffer { if let from = $0.baseAddress { put(from, $0.count) } }
        }

        /// A copy of bytes already written.
        @inlinable @inline(__always) func put(copyOf range: Range<Int>) {
            precondition(range.lowerBound >= 0 && range.upperBound <= count)
            put(base + range.lowerBound, range.count)
        }

        /// A copy of `p`, in parentheses when it binds more loosely than `required`.
        @inlinable @inline(__always) func put(_ p: Span, at required: Precedence) {
            if p.precedence < required {
                put(byte: UInt8(ascii: "("))
                put(copyOf: p.range)
                put(byte: UInt8(ascii: ")"))
            } else {
                put(copyOf: p.range)
            }
        }

        @inlinable @inline(__always) func copy() -> Storage {
            let other = Storage(capacity: capacity)
            other.base.update(from: base, count: count)
            other.count = count
            return other
        }
    }

    @usableFromInline var storage: Storage

    /// An empty buffer with room for about `capacity` bytes.
    @inlinable @_spi(DerivCore) public init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    /// How many bytes of text there are.
    @inlinable @_spi(DerivCore) public var count: Int { storage.count }

    /// Has the pages of the room reserved mapped on another thread (`populateAhead`).
    @_spi(DerivCore) public mutating func populateAhead() {
        let storage = room(0)
        DerivCore.populateAhead(storage.base, bytes: storage.capacity)
    }

    /// The storage, for writing `n` more bytes: this buffer's own (a copy if it is shared), with room.
    @inlinable @inline(__always) mutating func room(_ n: Int) -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.reserve(n)
        return storage
    }

    /// Makes room for `n` more bytes once and calls `write` to append them in pieces (a line of
    /// code from several): what fits in the room is written, more stops the program.
    @inlinable @_spi(DerivCore) public mutating func withRoom<R>(_ n: Int, _ write: (Writer) -> R) -> R {
        write(Writer(storage: room(n)))
    }

    /// Appends into room made by `withRoom`.
    @_spi(DerivCore) public struct Writer {
        @usableFromInline let storage: Storage

        @usableFromInline init(storage: Storage) { self.storage = storage }

        @inlinable @_spi(DerivCore) public func append(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { if let from = $0.baseAddress { storage.put(from, $0.count) } }
        }

        @inlinable @_spi(DerivCore) public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            if let from = bytes.baseAddress { storage.put(from, bytes.count) }
        }

        /// The bytes in `range` of another buffer.
        @inlinable @_spi(DerivCore) public func append(_ other: TextBuffer, _ range: Range<Int>) {
            other.withBytes(range) { append($0) }
        }

        @inlinable @_spi(DerivCore) public func append(_ text: StaticString) { storage.put(text) }

        /// A non-negative integer in decimal, at most 20 bytes.
        @inlinable @_spi(DerivCore) public func append(decimal n: Int) {
            precondition(n >= 0)
            var digits = 1, rest = n / 10
            while rest > 0 { digits += 1; rest /= 10 }
            precondition(digits <= storage.capacity - storage.count)
            var value = n
            for k in stride(from: storage.count + digits - 1, through: storage.count, by: -1) {
                storage.base[k] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            storage.count += digits
        }
    }

    /// Appends bytes (not from this buffer).
    @inlinable @_spi(DerivCore) public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, bytes.count > 0 else { return }
        room(bytes.count).put(from, bytes.count)
    }

    /// Appends a copy of bytes already in the buffer.
    @inlinable @_spi(DerivCore) public mutating func append(copyOf range: Range<Int>) {
        room(range.count).put(copyOf: range)
    }

    /// Appends a string's UTF-8. (A literal is appended as a `StaticString`, without a string.)
    @inlinable @_spi(DerivCore) public mutating func append(string text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends a literal's UTF-8.
    @inlinable @_spi(DerivCore) public mutating func append(_ text: StaticString) {
        room(text.utf8CodeUnitCount).put(text)
    }

    /// Appends one byte.
    @inlinable @_spi(DerivCore) public mutating func append(byte: UInt8) {
        room(1).put(byte: byte)
    }

    /// Appends a non-negative integer in decimal.
    @inlinable @_spi(DerivCore) public mutating func append(decimal n: Int) {
        withRoom(20) { $0.append(decimal: n) }
    }

    /// Takes the text out up to and including its last line break (none if it has none),
    /// leaving the line begun after it.
    @_spi(DerivCore) public mutating func takeLines() -> TextBuffer {
        var end = count
        while end > 0, storage.base[end - 1] != UInt8(ascii: "\n") { end -= 1 }
        var rest = TextBuffer(capacity: storage.capacity)
        withBytes(end..<count) { rest.append($0) }
        swap(&self, &rest)
        rest.room(0).count = end  // its own storage, a copy if shared
        return rest
    }

    /// The byte at `offset`.
    @inlinable @_spi(DerivCore) public subscript(offset: Int) -> UInt8 {
        precondition(offset >= 0 && offset < count)
        return storage.base[offset]
    }

    /// Calls `body` with the bytes in `range`.
    @inlinable @_spi(DerivCore) public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.base + range.lowerBound, count: range.count))
        }
    }

    /// The text in `range` as a string.
    @inlinable @_spi(DerivCore) public func string(_ range: Range<Int>) -> String {
        withBytes(range) { String(decoding: $0, as: UTF8.self) }
    }

    /// The whole text as a string.
    @inlinable @_spi(DerivCore) public var string: String { string(0..<count) }
}

/// Text streamed in by `print(_:to:)` and `writeNumber`; `Double` writes its digits through
/// `_writeASCII`, the stream method the standard library calls with ASCII bytes, so no string is made.
extension TextBuffer: TextOutputStream {
    @_spi(DerivCore) public mutating func write(_ string: String) { append(string: string) }
    @_spi(DerivCore) public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { append(buffer) }
}

/// An expression printed into a `TextBuffer`: where its bytes are, how tightly it binds, and,
/// for a comparison spelled as a number (`x < y ? 1.0 : 0.0` in C), where its bare test (`x < y`)
/// is, so that a conditional using it can test it directly instead of comparing with 0.
@_spi(DerivCore) public struct Span {
    /// Where the text starts in its buffer.
    @_spi(DerivCore) public let start: Int
    @usableFromInline let length: Int32
    /// The test's offset from `start` (it may lie outside the text), or -1.
    @usableFromInline let conditionOffset: Int32
    @usableFromInline let conditionLength: Int32
    @_spi(DerivCore) public let precedence: Precedence

    @inlinable @_spi(DerivCore) public init(_ range: Range<Int>, _ precedence: Precedence, condition: Range<Int>? = nil) {
        start = range.lowerBound
        length = Int32(range.count)
        conditionOffset = condition.map { Int32($0.lowerBound - range.lowerBound) } ?? -1
        conditionLength = Int32(condition?.count ?? 0)
        self.precedence = precedence
    }

    @inlinable @_spi(DerivCore) public var range: Range<Int> { start..<start + Int(length) }

    @inlinable @_spi(DerivCore) public var count: Int { Int(length) }
    @inlinable @_spi(DerivCore) public var condition: Range<Int>? {
        conditionOffset < 0 ? nil : start + Int(conditionOffset)..<start + Int(conditionOffset) + Int(conditionLength)
    }
}

// MARK: Spelling expressions

extension TextBuffer {
    /// The span from `start` to the end of the text.
    @inlinable @_spi(DerivCore) public func span(from start: Int, _ precedence: Precedence, condition: Range<Int>? = nil) -> Span {
        Span(start..<count, precedence, condition: condition)
    }

    /// Writes a printed expression (its text, then its condition if it has one) and returns where.
    @inlinable @_spi(DerivCore) public mutating func append(_ p: Printed) -> Span {
        let start = count
        append(string: p.text)
        let end = count
        guard let condition = p.condition else { return Span(start..<end, p.precedence) }
        append(string: condition)
        return Span(start..<end, p.precedence, condition: end..<count)
    }

    /// The expression at `span` as a `Printed`.
    @inlinable @_spi(DerivCore) public func printed(_ span: Span) -> Printed {
        Printed(string(span.range), span.precedence, condition: span.condition.map(string))
    }

    /// Appends a copy of `p`, in parentheses when it binds more loosely than `required`.
    @inlinable @_spi(DerivCore) public mutating func append(_ p: Span, at required: Precedence) {
        room(p.count + 2).put(p, at: required)
    }

    /// A left-associative binary operator: `a - b`, `a / b`; the right operand binds tighter.
    /// `spaced: false` writes `a*b`.
    @inlinable @_spi(DerivCore) public mutating func infix(_ symbol: StaticString, _ level: Precedence, _ a: Span, _ b: Span,
                               spaced: Bool = true) -> Span {
        let start = count
        let s = room(a.count + b.count + symbol.utf8CodeUnitCount + 6)
        s.put(a, at: level)
        if spaced { s.put(byte: UInt8(ascii: " ")) }
        s.put(symbol)
        if spaced { s.put(byte: UInt8(ascii: " ")) }
        s.put(b, at: Precedence(rawValue: level.rawValue + 1)!)
        return span(from: start, level)
    }

    /// A non-associative binary operator (comparisons): both operands bind tighter.
    @inlinable @_spi(DerivCore) public mutating func nonAssociative(_ symbol: String, _ level: Precedence, _ a: Span, _ b: Span) -> Span {
        let start = count
        let tighter = Precedence(rawValue: level.rawValue + 1)!
        append(a, at: tighter)
        append(byte: UInt8(ascii: " "))
        append(string: symbol)
        append(byte: UInt8(ascii: " "))
        append(b, at: tighter)
        return span(from: start, level)
    }

    /// A prefix operator whose operand must bind at least at `operandLevel`.
    @inlinable @_spi(DerivCore) public mutating func prefix(_ symbol: StaticString, _ a: Span, operandLevel: Precedence = .power) -> Span {
        let start = count
        let s = room(symbol.utf8CodeUnitCount + a.count + 2)
        s.put(symbol)
        s.put(a, at: operandLevel)
        return span(from: start, .unary)
    }

    /// A function call `name(a, b)`.
    @inlinable @_spi(DerivCore) public mutating func call(_ name: String, _ args: [Span]) -> Span {
        let start = count
        append(string: name)
        let s = room(args.reduce(2 * args.count + 2) { $0 + $1.count })
        s.put(byte: UInt8(ascii: "("))
        for (k, a) in args.enumerated() {
            if k > 0 { s.put(", ") }
            s.put(copyOf: a.range)
        }
        s.put(byte: UInt8(ascii: ")"))
        return span(from: start, .atom)
    }

    /// The value of a printed finite number literal (`2.0`, `-0.5`, `1e-05`), nil for anything else.
    @inlinable @_spi(DerivCore) public func literal(_ p: Span) -> Double? {
        // Only a digit, a sign or a point can start a number: most expressions are rejected here.
        // (A printed finite number is at most a few dozen bytes.)
        guard p.count > 0, p.count <= 64 else { return nil }
        let first = self[p.start]
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") else { return nil }
        return LanguageSyntax.literal(Printed(string(p.range), p.precedence))
    }
}
