@_spi(DerivCore) import DerivCLI
import Foundation
import XCTest
@testable import DerivCLI

/// Every `$ deriv …` example in README.md, CONTRIBUTING.md and docs/*.md prints what the docs
/// show, so the documentation cannot drift from the tool. The conventions (`2>&1`, `[exit N]`,
/// `| head -n N`, files read from the repository) are in CONTRIBUTING.md, "Examples in the docs".
/// `DERIV_UPDATE_DOCS=1 swift test --filter DocExampleTests` rewrites the shown outputs in place:
/// review the diff by eye, as for golden files.
final class DocExampleTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL

    /// The documentation files, relative to the root.
    static func documents() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md", "CONTRIBUTING.md"] + docs
    }

    func testConsoleExamples() throws {
        let update = ProcessInfo.processInfo.environment["DERIV_UPDATE_DOCS"] == "1"
        var count = 0
        for document in try Self.documents() {
            let url = Self.root.appendingPathComponent(document)
            let text = try String(contentsOf: url, encoding: .utf8)
            let examples = DocExamples.examples(in: text, file: document)
            count += examples.count
            var lines = text.components(separatedBy: "\n")
            var rewritten = false
            // From the last example up, so the line numbers of the ones before stay right.
            for example in examples.reversed() {
                guard let actual = run(example) else { continue }
                guard actual != example.shown else { continue }
                if update {
                    lines.replaceSubrange(example.outputLines, with: actual)
                    rewritten = true
                } else {
                    XCTFail("""
                        \(example.file):\(example.line): the output differs from what is shown
                        $ \(example.command)
                        --- diff (- shown, + printed)
                        \(DocExamples.diff(example.shown, actual))
                        (DERIV_UPDATE_DOCS=1 swift test --filter DocExampleTests rewrites the shown outputs)
                        """)
                }
            }
            if rewritten {
                try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
                print("rewrote the example outputs of \(document); review the diff")
            }
        }
        XCTAssertGreaterThan(count, 40, "the docs hold far fewer console examples than expected")
    }

    /// Runs an example in-process and returns the lines it should show, or fails the test and
    /// returns nil when it cannot be run.
    private func run(_ example: DocExample) -> [String]? {
        let command: ShellCommand
        switch DocExamples.parse(example.command) {
        case .success(let c): command = c
        case .failure(let e):
            XCTFail("\(example.file):\(example.line): cannot run '$ \(example.command)': \(e)")
            return nil
        }
        var output = ""
        var outsideFiles: [String] = []
        let io = IO(out: { output += $0 },
                    err: { if command.mergeStandardError { output += $0 } },
                    readFile: { path in
                        guard let inside = Self.repositoryPath(path) else {
                            outsideFiles.append(path)
                            throw FileError("no such file")
                        }
                        return try IO.readTextFile(inside)
                    })
        let status = DerivCLI.run(command.words, io: io)
        guard outsideFiles.isEmpty else {
            XCTFail("\(example.file):\(example.line): '$ \(example.command)' reads \(outsideFiles), which is not a file in the repository; paths are relative to its root")
            return nil
        }
        return DocExamples.shownLines(output: output, status: status, cut: command.cut)
    }

    /// The absolute path of `path` (relative to the repository root) when it names a file inside
    /// the repository.
    static func repositoryPath(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        let url = root.appendingPathComponent(path).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/"), FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url.path
    }

    func testShellWords() throws {
        XCTAssertEqual(try DocExamples.words(#"deriv 'a b' "c \"d\" $x" e\ f # note"#).get(),
                       ["deriv", "a b", "c \"d\" $x", "e f"])
        XCTAssertEqual(try DocExamples.words("deriv grad 'x*y' \\\n    --at x=1,y=2").get(),
                       ["deriv", "grad", "x*y", "--at", "x=1,y=2"])
        XCTAssertEqual(try DocExamples.words("deriv 'a = 1\nb = a'").get(), ["deriv", "a = 1\nb = a"])
        XCTAssertEqual(try DocExamples.words("deriv x#y '#'").get(), ["deriv", "x#y", "#"])
        XCTAssertEqual(DocExamples.words("deriv 'x"), .failure(.unclosedQuote))
        XCTAssertTrue(DocExamples.continues("deriv 'x +"))
        XCTAssertTrue(DocExamples.continues("deriv x \\"))
        XCTAssertFalse(DocExamples.continues("deriv x \\\\"))
    }

    func testCommands() throws {
        XCTAssertEqual(try DocExamples.parse("deriv emit x --lang c | tail -n 3").get(),
                       ShellCommand(words: ["emit", "x", "--lang", "c"], cut: .tail(3)))
        XCTAssertEqual(try DocExamples.parse("deriv eval 'log(x)' --at x=-1 2>&1").get(),
                       ShellCommand(words: ["eval", "log(x)", "--at", "x=-1"], mergeStandardError: true))
        XCTAssertNotNil(try? DocExamples.parse("deriv x | head -n 2").get())
        XCTAssertNil(try? DocExamples.parse("swift build").get())
        XCTAssertNil(try? DocExamples.parse("deriv x > out.txt").get())
        XCTAssertNil(try? DocExamples.parse("deriv x | sort").get())
    }

    func testExamplesAndOutputs() {
        let text = """
            intro
            ```console
            $ deriv 'x^2' \\
                --wrt x
            2*x

            $ deriv eval 'y' 2>&1
            error: give a point
            [exit 2]
            ```
            ```sh
            $ deriv not-run
            ```
            """
        let examples = DocExamples.examples(in: text, file: "T.md")
        XCTAssertEqual(examples.map(\.line), [3, 7])
        XCTAssertEqual(examples.map(\.command), ["deriv 'x^2' \\\n    --wrt x", "deriv eval 'y' 2>&1"])
        XCTAssertEqual(examples.map(\.shown), [["2*x"], ["error: give a point", "[exit 2]"]])
        XCTAssertEqual(examples.map(\.outputLines), [4..<5, 7..<9])
        XCTAssertEqual(DocExamples.shownLines(output: "a\nb\nc\n", status: 2, cut: .tail(2)), ["b", "c", "[exit 2]"])
        XCTAssertEqual(DocExamples.diff(["a", "b", "c"], ["a", "x", "c"]), "  a\n- b\n+ x\n  c")
    }
}
