import Foundation

/// A position in program text. Lines and columns are 1-based; columns count bytes of the
/// UTF-8 encoding. A program is ASCII outside comments, and a comment ends its line, so every
/// column a message reports (a token's, or the first character beyond ASCII, which is an
/// error) is also the number of characters before it plus one. `DiagnosticRenderer` places
/// carets by counting characters (Unicode scalars), so they line up under any text.
///
/// Stored in 32 bits each, so that the AST and graphs of a multi-megabyte program stay small;
/// `Parser.maximumProgramSize` keeps every value in range.
public struct SourceLocation: Hashable, Comparable, CustomStringConvertible, Sendable {
    private var storedLine: UInt32
    private var storedColumn: UInt32
    private var storedOffset: UInt32

    /// The line, from 1.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = narrow(newValue) }
    }
    /// The column, from 1, in bytes of UTF-8 (characters, outside comments).
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = narrow(newValue) }
    }
    /// Byte offset from the start of the text, 0-based.
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = narrow(newValue) }
    }

    @_spi(DerivCore) public init(line: Int, column: Int, offset: Int) {
        storedLine = narrow(line)
        storedColumn = narrow(column)
        storedOffset = narrow(offset)
    }

    /// Earlier in the text.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
    /// `line:column`, as messages print it.
    public var description: String { "\(line):\(column)" }
}

/// `v` clamped to 0…UInt32.max.
@inline(__always) private func narrow(_ v: Int) -> UInt32 {
    v <= 0 ? 0 : (v >= Int(UInt32.max) ? .max : UInt32(truncatingIfNeeded: v))
}

/// A half-open span `[start, end)` of program text.
public struct SourceRange: Hashable, Sendable {
    /// The first byte of the span.
    public var start: SourceLocation
    /// Just past the last byte.
    public var end: SourceLocation

    @_spi(DerivCore) public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    @_spi(DerivCore) public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// Program text with a line index, so that diagnostics can quote the line an error is on.
public struct SourceFile: Sendable {
    /// The text.
    public let text: String
    /// The text as UTF-8, which `SourceLocation.offset` counts.
    public let bytes: [UInt8]
    /// Offsets at which each line starts.
    private let lineStarts: [Int]
    /// The 0-based line at the start of each block of `1 << blockShift` bytes, so that finding the
    /// line of an offset is a table read and a short forward scan, not a search over every line
    /// (the lexer asks twice per token).
    private let blockLines: [Int32]
    private static let blockShift = 6

    /// Indexes the lines of `text`.
    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var p = UnsafeRawPointer(base)
            let end = p + b.count
            while p < end, let newline = memchr(p, 0x0A, end - p) {
                p = UnsafeRawPointer(newline) + 1
                starts.append(p - UnsafeRawPointer(base))
            }
        }
        self.lineStarts = starts
        self.blockLines = SourceFile.blockLines(lineStarts: starts, byteCount: bytes.count)
    }

    private static func blockLines(lineStarts: [Int], byteCount: Int) -> [Int32] {
        var blocks = [Int32](repeating: 0, count: byteCount >> blockShift + 1)
        var line = 0
        for block in blocks.indices {
            while line + 1 < lineStarts.count, lineStarts[line + 1] <= block << blockShift { line += 1 }
            blocks[block] = Int32(line)
        }
        return blocks
    }

    /// The location of a byte offset (offsets past the end count from the last line).
    public func location(at offset: Int) -> SourceLocation {
        var line = Int(blockLines[Swift.min(Swift.max(offset, 0) >> SourceFile.blockShift, blockLines.count - 1)])
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset { line += 1 }
        return SourceLocation(line: line + 1, column: offset - lineStarts[line] + 1, offset: offset)
    }

    /// The number of lines; a final line break does not start another.
    @_spi(DerivCore) public var lineCount: Int {
        lineStarts.count - (bytes.last == UInt8(ascii: "\n") ? 1 : 0)
    }

    /// The bytes of a 1-based line, without its line break.
    @_spi(DerivCore) public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        bytes[lineRange(line)]
    }

    /// Where the bytes of a 1-based line are, without its line break (empty for no such line).
    @_spi(DerivCore) public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return 0..<0 }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }
}
