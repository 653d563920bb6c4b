import DerivTestSupport
import XCTest

/// The line diff that golden-file and doc-example failures show: minimal, a valid edit script
/// (applying it to one side gives the other), unified hunks as `diff -u` writes them, and no
/// blow-up on long or wholly different inputs.
final class LineDiffTests: XCTestCase {
    /// The expected side and the actual side an edit script describes.
    private func sides(_ script: [LineDiff.Edit]) -> (expected: [String], actual: [String]) {
        var expected: [String] = [], actual: [String] = []
        for edit in script {
            switch edit {
            case .same(let s): expected.append(s); actual.append(s)
            case .removed(let s): expected.append(s)
            case .added(let s): actual.append(s)
            }
        }
        return (expected, actual)
    }

    private func changes(_ script: [LineDiff.Edit]) -> Int {
        script.filter { if case .same = $0 { return false } else { return true } }.count
    }

    func testSmallCases() {
        XCTAssertEqual(LineDiff.edits([], []), [])
        XCTAssertEqual(LineDiff.edits(["a"], []), [.removed("a")])
        XCTAssertEqual(LineDiff.edits([], ["a"]), [.added("a")])
        XCTAssertEqual(LineDiff.edits(["a", "b", "c"], ["a", "x", "c"]), [.same("a"), .removed("b"), .added("x"), .same("c")])
        XCTAssertEqual(LineDiff.edits(["a", "b", "c"], ["a", "c"]), [.same("a"), .removed("b"), .same("c")])
        XCTAssertEqual(LineDiff.edits(["a", "c"], ["a", "b", "c"]), [.same("a"), .added("b"), .same("c")])
        // Myers' classic example: ABCABBA → CBABAC in five edits.
        let a = "ABCABBA".map(String.init), b = "CBABAC".map(String.init)
        let script = LineDiff.edits(a, b)
        XCTAssertEqual(changes(script), 5)
        XCTAssertEqual(sides(script).expected, a)
        XCTAssertEqual(sides(script).actual, b)
    }

    /// Random line lists over a small alphabet: the script reproduces both sides and is as short
    /// as the longest common subsequence allows.
    func testRandomScriptsAreValidAndMinimal() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in String(Int.random(in: 0...3, using: &rng)) }
            let b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in String(Int.random(in: 0...3, using: &rng)) }
            let script = LineDiff.edits(a, b)
            XCTAssertEqual(sides(script).expected, a)
            XCTAssertEqual(sides(script).actual, b)
            XCTAssertEqual(changes(script), a.count + b.count - 2 * longestCommonSubsequence(a, b), "\(a) → \(b)")
        }
    }

    private func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in b.indices {
                let above = row[j + 1]
                row[j + 1] = x == b[j] ? diagonal + 1 : max(row[j + 1], row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// 30,000 lines with a few changes: quick; two wholly different long files: past the edit
    /// budget, listed as removed then added, still quick and still valid.
    func testLongInputs() {
        let a = (0..<30_000).map { "line \($0)" }
        var b = a
        b[10] = "changed"; b.remove(at: 15_000); b.insert("new", at: 25_000)
        let script = LineDiff.edits(a, b)
        XCTAssertEqual(changes(script), 4)
        XCTAssertEqual(sides(script).actual, b)

        let c = (0..<10_000).map { "other \($0)" }
        let different = LineDiff.edits(a, c)
        XCTAssertEqual(sides(different).expected, a)
        XCTAssertEqual(sides(different).actual, c)
    }

    func testUnifiedHunks() {
        let expected = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...20).map { "line \($0)" }
        lines[1] = "LINE 2"
        lines.remove(at: 17)
        let actual = lines.joined(separator: "\n") + "\n"
        XCTAssertEqual(LineDiff.unified(expected, actual, expectedName: "Golden/x.txt", actualName: "output"), """
            --- Golden/x.txt
            +++ output
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +LINE 2
             line 3
             line 4
             line 5
            @@ -15,6 +15,5 @@
             line 15
             line 16
             line 17
            -line 18
             line 19
             line 20

            """)
        XCTAssertEqual(LineDiff.unified("a\n", "a\n"), "")
        XCTAssertEqual(LineDiff.unified("", "a\n"), "--- expected\n+++ actual\n@@ -0,0 +1,1 @@\n+a\n")
        XCTAssertEqual(LineDiff.unified("a\n", "a"), "--- expected\n+++ actual\n(the texts differ only in the newline at the end)\n")
    }

    /// A golden file that differs shows every differing line, not just the first.
    func testGoldenFailureShowsTheWholeDiff() throws {
        if GoldenFiles.updating { throw XCTSkip("DERIV_UPDATE_GOLDEN=1 rewrites golden files rather than compares") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deriv-golden-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "a\nb\nc\nd\n".write(to: dir.appendingPathComponent("case.txt"), atomically: true, encoding: .utf8)
        let golden = GoldenFiles(directory: dir)
        XCTAssertNil(golden.check("a\nb\nc\nd\n", "case.txt"))
        let message = try XCTUnwrap(golden.check("a\nB\nc\nD\n", "case.txt"))
        XCTAssertTrue(message.hasSuffix("--- Golden/case.txt\n+++ output\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n-d\n+D\n"), message)
        XCTAssertEqual(golden.check("", "missing.txt"),
                       "missing golden file Golden/missing.txt; run with DERIV_UPDATE_GOLDEN=1 to create it")
    }
}
