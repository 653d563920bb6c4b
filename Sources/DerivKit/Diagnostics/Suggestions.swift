/// The candidate nearest to a misspelt name, if it is near enough to be what was meant
/// (edit distance at most a third of the name's length, and at least 1). Ties go to the longer
/// common prefix: `sinn` → `sin`, not `sign`.
public func closestName(to name: String, among candidates: [String]) -> String? {
    func prefix(_ c: String) -> Int { zip(c, name).prefix { $0 == $1 }.count }
    let best = candidates.map { ($0, editDistance($0, name)) }
        .min { $0.1 != $1.1 ? $0.1 < $1.1 : prefix($0.0) > prefix($1.0) }
    guard let (candidate, distance) = best, distance <= max(1, name.count / 3) else { return nil }
    return candidate
}

/// Levenshtein distance over characters.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var row = Array(0...y.count)
    for i in 1...x.count {
        var previous = row[0]
        row[0] = i
        for j in 1...y.count {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return row[y.count]
}
