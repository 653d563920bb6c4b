@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
import Foundation

/// The points of `--points FILE.csv` (docs/COMMANDS.md): a header line naming the columns, then
/// one record of numbers per point (numbers as `--at` takes them: `1.5`, `-2e-3`, `nan`, `inf`,
/// `pi`), CSV as `CSVReader` reads it (quotes, CRLF, a byte-order mark). Blank lines are skipped.
/// Only the columns of the program's inputs are read as numbers; other columns are left alone.
///
/// A mistake in the header, or an input without a column, is a usage error naming the file and
/// line. A bad row (a value that is not a number, too few or too many values) does not stop the
/// reading: the rows are counted, the first `shownBadRows` kept with why, and the caller decides
/// whether they stop the command (the default) or are skipped (`--skip-bad`).
struct PointsFile {
    /// A row that is not a point: its line and why.
    struct BadRow: Equatable {
        var line: Int
        var why: String
    }

    /// How many bad rows are kept with their reasons: a screenful.
    static let shownBadRows = 20

    /// The header's names, in file order.
    let names: [String]
    /// One array per input asked for, in that order: the input's value at every good point.
    let columns: [[Double]]
    /// The file line of each good point, for messages.
    let lines: [Int]
    /// The first `shownBadRows` bad rows.
    let badRows: [BadRow]
    /// How many bad rows there are in all.
    let badRowCount: Int

    /// Reads `bytes` (which are overwritten: quoted fields are unescaped in place).
    init(bytes: inout [UInt8], path: String, inputs: [String]) throws {
        var names: [String] = []
        var rows = Rows(inputs: inputs.count)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = CSVReader(buffer)
            names = try PointsFile.readHeader(&reader, path: path)
            let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            // The input each column holds, or nil for a column the program does not use.
            var slots = [Int?](repeating: nil, count: names.count)
            for (slot, name) in inputs.enumerated() {
                guard let k = index[name] else {
                    throw UsageError("\(path) has no column for input '\(name)'; its header names the inputs: " + listed(inputs))
                }
                slots[k] = slot
            }
            // Parts of the rows read side by side, each from a line of its own, and joined in order.
            let firstLine = reader.line
            let parts = PointsFile.parts(of: reader.rest)
            let read = Parallel.map(parts.count) { i -> Rows in
                var part = CSVReader(parts[i], byteOrderMark: false)
                return Rows(reading: &part, names: names, slots: slots, inputs: inputs.count)
            }
            var line = firstLine - 1
            for part in read {
                rows.append(part, lineOffset: line)
                line += part.lineBreaks
            }
        }
        self.names = names
        self.columns = rows.columns
        self.lines = rows.lines
        self.badRows = rows.badRows
        self.badRowCount = rows.badRowCount
    }

    /// The rows' bytes cut into parts that can be read on their own, one for each core: at line
    /// breaks, when no quote (which could hold a line break) appears and there is enough to share.
    private static func parts(of rows: UnsafeMutableBufferPointer<UInt8>) -> [UnsafeMutableBufferPointer<UInt8>] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, rows.count >= 1 << 20, memchr(rows.baseAddress!, Int32(UInt8(ascii: "\"")), rows.count) == nil else {
            return [rows]
        }
        var parts: [UnsafeMutableBufferPointer<UInt8>] = []
        var start = 0
        for k in 1..<cores {
            var cut = Swift.max(start, rows.count * k / cores)
            while cut < rows.count, rows[cut] != UInt8(ascii: "\n") { cut += 1 }
            if cut == rows.count { break }
            parts.append(UnsafeMutableBufferPointer(rebasing: rows[start...cut]))
            start = cut + 1
        }
        parts.append(UnsafeMutableBufferPointer(rebasing: rows[start...]))
        return parts
    }

    /// The rows of one part of a file: lines counted from 1 at its start.
    private struct Rows {
        var columns: [[Double]]
        var lines: [Int] = []
        var badRows: [BadRow] = []
        var badRowCount = 0
        /// The line breaks read: the first line of the next part is this many lines on.
        var lineBreaks = 0

        init(inputs: Int) { columns = Array(repeating: [], count: inputs) }

        /// Reads records to the end: `slots` maps a column to the input it holds, or nil.
        init(reading reader: inout CSVReader, names: [String], slots: [Int?], inputs: Int) {
            self.init(inputs: inputs)
            func column(_ k: Int) -> String { k < names.count ? "column \(quote(names[k]))" : "column \(k + 1)" }
            while true {
                let line = reader.line
                guard var field = reader.nextField() else { break }
                if field.endsRecord, !field.quoted, field.text.isEmpty { continue }  // a blank line
                var why: String?
                var k = 0
                while true {
                    if why == nil {
                        if let problem = field.problem {
                            switch problem {
                            case .unclosedQuote: why = "the quote in \(column(k)) is not closed"
                            case .textAfterQuote: why = "text after the closing quote in \(column(k))"
                            }
                        } else if k < slots.count, let slot = slots[k] {
                            switch PointsFile.number(field.text) {
                            case .success(let v): columns[slot].append(v)
                            case .failure(let failure): why = failure.why(in: column(k))
                            }
                        }
                    }
                    k += 1
                    if field.endsRecord { break }
                    field = reader.nextField()!  // a comma was read: a field follows
                }
                if k != names.count { why = "expected \(names.count) values (\(listed(names))), got \(k)" }
                guard let why else {
                    lines.append(line)
                    continue
                }
                // The values of the bad row read before its problem was found are taken back.
                for slot in columns.indices where columns[slot].count > lines.count { columns[slot].removeLast() }
                if badRows.count < PointsFile.shownBadRows { badRows.append(BadRow(line: line, why: why)) }
                badRowCount += 1
            }
            lineBreaks = reader.line - 1
        }

        /// Appends the rows of the part that follows, its lines moved on by `lineOffset`.
        mutating func append(_ part: Rows, lineOffset: Int) {
            for slot in columns.indices { columns[slot] += part.columns[slot] }
            lines += part.lines.map { $0 + lineOffset }
            badRows += part.badRows.prefix(PointsFile.shownBadRows - badRows.count)
                .map { BadRow(line: $0.line + lineOffset, why: $0.why) }
            badRowCount += part.badRowCount
        }
    }

    /// The first record that is not blank: names, none empty, none twice.
    private static func readHeader(_ reader: inout CSVReader, path: String) throws -> [String] {
        var line = reader.line
        guard var field = reader.nextField() else {
            throw UsageError("\(path) has no header: its first line names the inputs, e.g. x,y")
        }
        while field.endsRecord, !field.quoted, field.text.isEmpty {
            line = reader.line
            guard let next = reader.nextField() else {
                throw UsageError("\(path) has no header: its first line names the inputs, e.g. x,y")
            }
            field = next
        }
        var names: [String] = []
        var seen = Set<String>()
        while true {
            let k = names.count + 1
            switch field.problem {
            case .unclosedQuote: throw UsageError("\(path):\(line): the quote in column \(k) of the header is not closed")
            case .textAfterQuote: throw UsageError("\(path):\(line): text after the closing quote in column \(k) of the header")
            case nil: break
            }
            let name = String(decoding: field.text, as: UTF8.self)
            if name.isEmpty { throw UsageError("\(path):\(line): column \(k) of the header has no name") }
            if !seen.insert(name).inserted { throw UsageError("\(path):\(line): the header names \(quote(name)) twice") }
            names.append(name)
            if field.endsRecord { return names }
            field = reader.nextField()!
        }
    }

    /// Why a field is not a value.
    private enum Failure: Error {
        case empty, notANumber(String), overflow(String)

        func why(in column: String) -> String {
            switch self {
            case .empty: return "no value in \(column)"
            case .notANumber(let text): return "\(quote(text)) in \(column) is not a number"
            case .overflow(let text): return "\(quote(text)) in \(column) overflows; write inf for infinity"
            }
        }
    }

    private static func number(_ text: UnsafeBufferPointer<UInt8>) -> Result<Double, Failure> {
        guard let v = parseNumber(text) else {
            return .failure(text.isEmpty ? .empty : .notANumber(String(decoding: text, as: UTF8.self)))
        }
        // As --at takes numbers: ±∞ is written as a word (inf, infinity), never as a decimal too large.
        if v.isInfinite, !text.contains(where: { $0 == UInt8(ascii: "i") || $0 == UInt8(ascii: "I") }) {
            return .failure(.overflow(String(decoding: text, as: UTF8.self)))
        }
        return .success(v)
    }
}

/// Names for a message: all of a few, or the first ones and how many.
func listed(_ names: [String]) -> String {
    names.count <= 10 ? names.joined(separator: ",") : names.prefix(8).joined(separator: ",") + ",… (\(names.count) in all)"
}
