/// The candidate nearest to a misspelt name, if it is near enough to be what was meant
/// (edit distance at most a third of the name's length, and at least 1). A candidate that differs
/// only in case wins (`Sin` → `sin`); ties go to the longer common prefix: `sinn` → `sin`, not `sign`. Candidates whose length alone rules them out are
/// skipped, so a megabyte-long name costs nothing.
public func closestName(to name: String, among candidates: [String]) -> String? {
    let lower = name.lowercased()
    if let sameLetters = candidates.first(where: { $0 != name && $0.lowercased() == lower }) { return sameLetters }
    let length = name.count
    let bound = max(1, length / 3)
    func prefix(_ c: String) -> Int { zip(c, name).prefix { $0 == $1 }.count }
    let best = candidates.lazy.filter { abs($0.count - length) <= bound }
        .map { ($0, editDistance($0, name)) }
        .min { $0.1 != $1.1 ? $0.1 < $1.1 : prefix($0.0) > prefix($1.0) }
    guard let (candidate, distance) = best, distance <= bound else { return nil }
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
