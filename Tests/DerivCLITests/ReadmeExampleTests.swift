import Foundation
import XCTest
@testable import DerivCLI

/// Every `$ deriv …` example in README.md prints what the README shows, so the documentation
/// cannot drift from the tool. An example whose command carries the comment `excerpt`, or whose
/// output has `...` lines, shows parts of the output: each part must appear, in order. Examples
/// with `…` in the command (an abbreviated program) or reading files the README creates are
/// skipped; paths under `grammar/` are read from the repository.
final class ReadmeExampleTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testConsoleExamples() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let examples = Self.examples(in: readme)
        XCTAssertGreaterThan(examples.count, 10)
        for example in examples {
            guard !example.command.contains("…"), !example.command.contains("points.csv") else { continue }
            let args = Self.words(example.command).dropFirst().map {
                $0.hasPrefix("grammar/") ? Self.root.appendingPathComponent($0).path : $0
            }
            let run = deriv(Array(args))
            XCTAssertEqual(run.status, 0, "$ \(example.command)\n\(run)")
            if example.excerpt {
                var rest = Substring(run.out)
                for part in example.output.components(separatedBy: "...\n") where !part.isEmpty {
                    guard let range = rest.range(of: part) else {
                        XCTFail("$ \(example.command)\nnot in the output:\n\(part)\n--- output\n\(run.out)")
                        break
                    }
                    rest = rest[range.upperBound...]
                }
            } else {
                XCTAssertEqual(run.out, example.output, "$ \(example.command)")
            }
        }
    }

    struct Example {
        var command: String
        var output = ""
        var excerpt = false
    }

    /// The `$ deriv` commands of the README's console blocks and the lines after each, up to the
    /// next command or the end of the block (blank lines before the next command dropped).
    static func examples(in readme: String) -> [Example] {
        var examples: [Example] = []
        var inConsole = false
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                inConsole = line == "```console"
                continue
            }
            guard inConsole else { continue }
            if line.hasPrefix("$ ") {
                var command = String(line.dropFirst(2))
                var excerpt = false
                if let comment = command.range(of: "  #") {
                    excerpt = command[comment.upperBound...].contains("excerpt")
                    command = String(command[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces)
                }
                examples.append(Example(command: command, excerpt: excerpt))
            } else if !examples.isEmpty {
                examples[examples.count - 1].output += line + "\n"
                if line == "..." { examples[examples.count - 1].excerpt = true }
            }
        }
        return examples.filter { $0.command.hasPrefix("deriv") }.map { e in
            var e = e
            while e.output.hasSuffix("\n\n") { e.output.removeLast() }
            return e
        }
    }

    /// A command line split into words as a POSIX shell would, for single- and double-quoted words.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word: String?
        var quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word!.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                word = word ?? ""
            } else if c == " " {
                if let w = word { words.append(w) }
                word = nil
            } else {
                word = (word ?? "") + String(c)
            }
        }
        if let w = word { words.append(w) }
        return words
    }
}
