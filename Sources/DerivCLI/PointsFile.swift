import DerivKit
import Foundation

/// The points of `deriv grad --points FILE.csv`: a header line naming inputs, then one line of
/// comma-separated numbers per point (numbers as `--at` takes them: `1.5`, `-2e-3`, `nan`, `inf`,
/// `pi`). Blank lines are skipped; there is no quoting. Mistakes are usage errors that name the
/// file and line.
struct PointsFile {
    /// The header's names, in file order.
    let names: [String]
    /// One array per header column: that column's value at every point.
    let columns: [[Double]]
    /// The file line of each point, for messages.
    let lines: [Int]

    init(parsing text: String, path: String) throws {
        var names: [String]?
        var columns: [[Double]] = []
        var lines: [Int] = []
        // "\r\n" is one Character in Swift, so both line ends are named.
        let split = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in split.enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let header = names else {
                if let empty = fields.firstIndex(of: "") {
                    throw UsageError("\(path):\(index + 1): column \(empty + 1) of the header has no name")
                }
                var seen = Set<String>()
                for name in fields where !seen.insert(name).inserted {
                    throw UsageError("\(path):\(index + 1): the header names '\(name)' twice")
                }
                names = fields
                columns = Array(repeating: [], count: fields.count)
                continue
            }
            guard fields.count == header.count else {
                throw UsageError("\(path):\(index + 1): expected \(header.count) values (\(header.joined(separator: ","))), got \(fields.count)")
            }
            for (k, field) in fields.enumerated() {
                guard let v = parseNumber(field) else {
                    throw UsageError("\(path):\(index + 1): '\(field)' in column '\(header[k])' is not a number")
                }
                if v.isInfinite, !field.lowercased().contains("inf") {  // as --at takes numbers
                    throw UsageError("\(path):\(index + 1): '\(field)' in column '\(header[k])' overflows; write inf for infinity")
                }
                columns[k].append(v)
            }
            lines.append(index + 1)
        }
        guard let names else {
            throw UsageError("\(path) has no header: its first line names the inputs, e.g. x,y")
        }
        self.names = names
        self.columns = columns
        self.lines = lines
    }
}
