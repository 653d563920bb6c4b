/// The candidate nearest to a misspelt name, if it is near enough to be what was meant: edit
/// distance at most a third of the name's length (at least 1), and less than the length of
/// either name, so that one letter is never "corrected" to another (`h` → `f`). A candidate that
/// differs only in case wins (`Sin` → `sin`); ties go to the longer common prefix (`sinn` → `sin`,
/// not `sign`). Candidates whose length alone rules them out are skipped, so a megabyte-long name
/// costs nothing.
package func closestName(to name: String, among candidates: [String]) -> String? {
    let lower = name.lowercased()
    if let sameLetters = candidates.first(where: { $0 != name && $0.lowercased() == lower }) { return sameLetters }
    let length = name.count
    let bound = max(1, length / 3)
    func prefix(_ c: String) -> Int { zip(c, name).prefix { $0 == $1 }.count }
    let best = candidates.lazy.filter { $0 != name && abs($0.count - length) <= bound }
        .map { ($0, editDistance($0, name)) }
        .filter { $0.1 < min(length, $0.0.count) }
        .min { $0.1 != $1.1 ? $0.1 < $1.1 : prefix($0.0) > prefix($1.0) }
    guard let (candidate, distance) = best, distance <= bound else { return nil }
    return candidate
}

/// Edit distance over characters, counting an insertion, a deletion, a substitution or a swap of
/// two neighbours as one edit (optimal string alignment), so `alpah` is one edit from `alpha`.
package func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var before = [Int](repeating: 0, count: y.count + 1)     // row i − 2
    var previous = Array(0...y.count)                         // row i − 1
    var row = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        row[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { row[j] = min(row[j], before[j - 2] + 1) }
        }
        (before, previous, row) = (previous, row, before)
    }
    return previous[y.count]
}
