import Foundation

/// A line diff for test failures: the shortest edit script between two lists of lines (Myers'
/// O(ND) algorithm, iterative), and the unified diff that golden-file and doc-example failures
/// show.
public enum LineDiff {
    /// One line of an edit script: in both sides, only in the expected side, only in the actual.
    public enum Edit: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The edits that turn `expected` into `actual`: as few removals and additions as possible
    /// while at most `maxEdits` are needed; past that (two files that have little in common), the
    /// differing middle is listed as all removed, then all added, so the time and memory stay
    /// O(maxEdits²) whatever the length.
    public static func edits(_ expected: [String], _ actual: [String], maxEdits: Int = 1_000) -> [Edit] {
        // The common head and tail need no search.
        var head = 0
        while head < expected.count, head < actual.count, expected[head] == actual[head] { head += 1 }
        var tail = 0
        while tail < expected.count - head, tail < actual.count - head,
              expected[expected.count - 1 - tail] == actual[actual.count - 1 - tail] { tail += 1 }
        let a = expected[head..<(expected.count - tail)], b = actual[head..<(actual.count - tail)]
        let middle = shortestEdits(Array(a), Array(b), maxEdits: maxEdits)
            ?? a.map { Edit.removed($0) } + b.map { Edit.added($0) }
        return expected.prefix(head).map { .same($0) } + middle + expected.suffix(tail).map { .same($0) }
    }

    /// Myers' greedy search for the furthest-reaching path on each diagonal k = x − y, keeping
    /// the frontier of every round d to walk the path back; nil past `maxEdits` edits.
    static func shortestEdits(_ a: [String], _ b: [String], maxEdits: Int) -> [Edit]? {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return a.map { .removed($0) } + b.map { .added($0) } }
        let limit = min(n + m, maxEdits)
        // frontiers[d][k + d] is the furthest x reached on diagonal k with d edits.
        var frontiers: [[Int]] = []
        var previous: [Int] = []
        for d in 0...limit {
            var current = [Int](repeating: 0, count: 2 * d + 1)
            for k in stride(from: -d, through: d, by: 2) {
                // Reach diagonal k from k + 1 (one line added) or from k − 1 (one line removed).
                var x: Int
                if d == 0 {
                    x = 0
                } else if k == -d || (k != d && previous[k + 1 + (d - 1)] > previous[k - 1 + (d - 1)]) {
                    x = previous[k + 1 + (d - 1)]
                } else {
                    x = previous[k - 1 + (d - 1)] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                current[k + d] = x
                if x >= n, y >= m {
                    frontiers.append(current)
                    return walkBack(a, b, frontiers)
                }
            }
            frontiers.append(current)
            previous = current
        }
        return nil
    }

    /// The edit script from the frontiers, walked back from (n, m) to (0, 0).
    private static func walkBack(_ a: [String], _ b: [String], _ frontiers: [[Int]]) -> [Edit] {
        var x = a.count, y = b.count
        var reversed: [Edit] = []
        for d in stride(from: frontiers.count - 1, to: 0, by: -1) {
            let previous = frontiers[d - 1]
            let k = x - y
            let fromAbove = k == -d || (k != d && previous[k + 1 + (d - 1)] > previous[k - 1 + (d - 1)])
            let startX = fromAbove ? previous[k + 1 + (d - 1)] : previous[k - 1 + (d - 1)] + 1
            let startY = startX - k
            while x > startX, y > startY { x -= 1; y -= 1; reversed.append(.same(a[x])) }
            if fromAbove { y -= 1; reversed.append(.added(b[y])) } else { x -= 1; reversed.append(.removed(a[x])) }
        }
        while x > 0, y > 0 { x -= 1; y -= 1; reversed.append(.same(a[x])) }
        return reversed.reversed()
    }

    /// The lines of a text, without the empty one after a final newline.
    public static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A unified diff (`diff -u`) of two texts: `---`/`+++` headers naming them, then hunks
    /// `@@ -l,n +l,n @@` with `context` unchanged lines around each change. Empty when the texts
    /// are equal; a note when they differ only in the final newline.
    public static func unified(_ expected: String, _ actual: String, expectedName: String = "expected",
                               actualName: String = "actual", context: Int = 3) -> String {
        if expected == actual { return "" }
        let script = edits(lines(expected), lines(actual))
        var out = "--- \(expectedName)\n+++ \(actualName)\n"
        guard script.contains(where: { if case .same = $0 { return false } else { return true } }) else {
            return out + "(the texts differ only in the newline at the end)\n"
        }
        // Line numbers (1-based) before each edit, on both sides.
        var oldLine = [Int](), newLine = [Int]()
        var o = 1, n = 1
        for edit in script {
            oldLine.append(o); newLine.append(n)
            switch edit {
            case .same: o += 1; n += 1
            case .removed: o += 1
            case .added: n += 1
            }
        }
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        var i = 0
        while i < changed.count {
            // A hunk: changes closer than 2·context lines join.
            var j = i
            while j + 1 < changed.count, changed[j + 1] - changed[j] <= 2 * context { j += 1 }
            let start = max(0, changed[i] - context), end = min(script.count, changed[j] + context + 1)
            var removed = 0, added = 0
            var body = ""
            for edit in script[start..<end] {
                switch edit {
                case .same(let s): body += " \(s)\n"; removed += 1; added += 1
                case .removed(let s): body += "-\(s)\n"; removed += 1
                case .added(let s): body += "+\(s)\n"; added += 1
                }
            }
            // An empty side starts at the line before the hunk, as diff -u writes it.
            let from = removed == 0 ? oldLine[start] - 1 : oldLine[start]
            let to = added == 0 ? newLine[start] - 1 : newLine[start]
            out += "@@ -\(from),\(removed) +\(to),\(added) @@\n" + body
            i = j + 1
        }
        return out
    }
}
