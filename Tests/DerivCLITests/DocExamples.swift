import DerivTestSupport
import Foundation

/// One `$ deriv …` example of a ```console block in the documentation: where it is, the command,
/// and the lines shown under it. The conventions are in CONTRIBUTING.md ("Examples in the docs").
struct DocExample {
    /// The file, relative to the repository root (`docs/COMMANDS.md`).
    var file: String
    /// The 1-based line of the `$ ` prompt.
    var line: Int
    /// The command as written, continuation lines included, without the `$ ` prompt.
    var command: String
    /// The lines shown under the command (up to the next prompt or the end of the block, trailing
    /// blank lines left out), and where they are in the file: lines `outputLines` (0-based).
    var shown: [String]
    var outputLines: Range<Int>
}

/// A command of an example, split as a POSIX shell would: the words of `deriv`, whether stderr
/// joins stdout (`2>&1`), and the `| head -n N` or `| tail -n N` that keeps part of the output.
struct ShellCommand: Equatable {
    enum Cut: Equatable { case head(Int), tail(Int) }

    var words: [String]
    var mergeStandardError = false
    var cut: Cut?
}

enum DocExamples {
    /// The examples of one Markdown file. A command ends at the end of its line unless the line
    /// ends in a backslash or inside an open quote, as in a shell.
    static func examples(in text: String, file: String) -> [DocExample] {
        let lines = text.components(separatedBy: "\n")
        var examples: [DocExample] = []
        var inConsole = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("```") {
                inConsole = line == "```console"
                i += 1
                continue
            }
            guard inConsole, line.hasPrefix("$ ") else {
                i += 1
                continue
            }
            let start = i
            var command = String(line.dropFirst(2))
            while i + 1 < lines.count, !lines[i + 1].hasPrefix("```"), continues(command) {
                i += 1
                command += "\n" + lines[i]
            }
            i += 1
            let outputStart = i
            while i < lines.count, !lines[i].hasPrefix("$ "), !lines[i].hasPrefix("```") { i += 1 }
            var outputEnd = i
            while outputEnd > outputStart, lines[outputEnd - 1].trimmingCharacters(in: .whitespaces).isEmpty {
                outputEnd -= 1
            }
            examples.append(DocExample(file: file, line: start + 1, command: command,
                                       shown: Array(lines[outputStart..<outputEnd]),
                                       outputLines: outputStart..<outputEnd))
        }
        return examples
    }

    /// True when a shell would read another line: a trailing backslash, or an unclosed quote.
    static func continues(_ command: String) -> Bool {
        if case .failure(.unclosedQuote) = words(command) { return true }
        var backslashes = 0
        for c in command.reversed() {
            guard c == "\\" else { break }
            backslashes += 1
        }
        return backslashes % 2 == 1
    }

    enum ShellError: Error, Equatable, CustomStringConvertible {
        case unclosedQuote
        case unsupported(String)

        var description: String {
            switch self {
            case .unclosedQuote: return "a quote is not closed"
            case .unsupported(let what): return "the examples support only 'deriv …', '2>&1' and '| head/tail -n N', not \(what)"
            }
        }
    }

    /// Splits a command line into words as a POSIX shell does: single quotes keep everything,
    /// double quotes keep everything but `\"`, `\\`, `\$` and backslash-newline; outside quotes a
    /// backslash quotes the next character and backslash-newline disappears; an unquoted `#` at
    /// the start of a word begins a comment. `|` and `2>&1` come back as words of their own.
    static func words(_ line: String) -> Result<[String], ShellError> {
        var words: [String] = []
        var word: String?
        var chars = Array(line)[...]
        func finish() {
            if let w = word { words.append(w) }
            word = nil
        }
        while let c = chars.popFirst() {
            switch c {
            case "'":
                guard let end = chars.firstIndex(of: "'") else { return .failure(.unclosedQuote) }
                word = (word ?? "") + String(chars[..<end])
                chars = chars[(end + 1)...]
            case "\"":
                var text = ""
                var closed = false
                while let d = chars.popFirst() {
                    if d == "\"" { closed = true; break }
                    if d == "\\", let next = chars.first, "\"\\$`\n".contains(next) {
                        chars.removeFirst()
                        if next != "\n" { text.append(next) }
                    } else {
                        text.append(d)
                    }
                }
                guard closed else { return .failure(.unclosedQuote) }
                word = (word ?? "") + text
            case "\\":
                guard let next = chars.popFirst() else { continue }
                if next != "\n" { word = (word ?? "") + String(next) }
            case " ", "\t", "\n":
                finish()
            case "#" where word == nil:
                chars = chars[chars.endIndex...]
            case "|":
                finish()
                words.append("|")
            default:
                word = (word ?? "") + String(c)
            }
        }
        finish()
        return .success(words)
    }

    /// The command an example runs, or why it cannot be run.
    static func parse(_ command: String) -> Result<ShellCommand, ShellError> {
        let all: [String]
        switch words(command) {
        case .success(let w): all = w
        case .failure(let e): return .failure(e)
        }
        var parts = all.split(separator: "|", omittingEmptySubsequences: false).map(Array.init)
        var result = ShellCommand(words: parts.removeFirst())
        guard result.words.first == "deriv" else { return .failure(.unsupported(quoted(result.words.first ?? ""))) }
        result.words.removeFirst()
        if result.words.last == "2>&1" {
            result.words.removeLast()
            result.mergeStandardError = true
        }
        if let redirect = result.words.first(where: { $0.hasPrefix(">") || $0.hasPrefix("<") || $0.hasPrefix("2>") }) {
            return .failure(.unsupported(quoted(redirect)))
        }
        guard parts.count <= 1 else { return .failure(.unsupported("two pipes")) }
        if let pipe = parts.first {
            guard pipe.count == 3, pipe[1] == "-n", let n = Int(pipe[2]), n >= 0, pipe[0] == "head" || pipe[0] == "tail" else {
                return .failure(.unsupported(quoted("| " + pipe.joined(separator: " "))))
            }
            result.cut = pipe[0] == "head" ? .head(n) : .tail(n)
        }
        return .success(result)
    }

    private static func quoted(_ s: String) -> String { "'\(s)'" }

    /// What an example's lines should be, from a run: its output (cut as the command says), then
    /// `[exit N]` when the status is not 0.
    static func shownLines(output: String, status: Int32, cut: ShellCommand.Cut?) -> [String] {
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        switch cut {
        case .head(let n): lines = Array(lines.prefix(n))
        case .tail(let n): lines = Array(lines.suffix(n))
        case nil: break
        }
        if status != 0 { lines.append("[exit \(status)]") }
        return lines
    }

    /// A line diff of `expected` against `actual` (`-` shown, `+` printed, ` ` both), every line
    /// listed (`LineDiff.edits`).
    static func diff(_ expected: [String], _ actual: [String]) -> String {
        LineDiff.edits(expected, actual).map { edit in
            switch edit {
            case .same(let s): return "  " + s
            case .removed(let s): return "- " + s
            case .added(let s): return "+ " + s
            }
        }.joined(separator: "\n")
    }
}
