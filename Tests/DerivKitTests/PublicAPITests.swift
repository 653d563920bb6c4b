import Foundation
import XCTest

/// The library's public API stays small and documented (docs/LIBRARY.md, "What is public"): every
/// `public` declaration in Sources/ has a `///` comment, and every public type is named in
/// docs/LIBRARY.md. What the layers share with each other, the command line, the benchmarks and
/// the tests is `package`, or in the core `@_spi(DerivCore) public` (docs/ARCHITECTURE.md), which a client does not see. A reading of the text, not a parse: a
/// declaration is a line that starts with `public` (after attributes such as `@inlinable`),
/// outside comments and multi-line string literals (emitted Swift code says `public` too).
final class PublicAPITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One `public` declaration: where it is, its line, whether a doc comment precedes it, and
    /// whether it is outside any type or extension (the line is not indented).
    struct Declaration {
        let file: String, line: Int, text: String, documented: Bool, topLevel: Bool
    }

    /// Every public declaration under Sources/.
    static func publicDeclarations() throws -> [Declaration] {
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
        var found: [Declaration] = []
        for url in files {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            var inString = false
            for (i, line) in lines.enumerated() {
                defer { if line.components(separatedBy: "\"\"\"").count % 2 == 0 { inString.toggle() } }
                guard !inString, isPublicDeclaration(line) else { continue }
                // The comment sits above the declaration's attributes, if any.
                var j = i - 1
                while j >= 0, isAttributeLine(lines[j]) { j -= 1 }
                let above = j >= 0 ? lines[j].trimmingCharacters(in: .whitespaces) : ""
                found.append(Declaration(file: String(url.path.dropFirst(root.path.count + 1)), line: i + 1,
                                         text: line.trimmingCharacters(in: .whitespaces),
                                         documented: above.hasPrefix("///") || above.hasSuffix("*/"),
                                         topLevel: line.first == "p" || line.first == "@"))
            }
        }
        return found
    }

    /// `public …` after any attributes (`@inlinable @inline(__always) public var`).
    static func isPublicDeclaration(_ line: Substring) -> Bool {
        var words = line.split(separator: " ")[...]
        while let w = words.first, w.hasPrefix("@") {
            // `@_spi(DerivCore) public`: the core's shared types, seen only by a file that imports the SPI.
            if w.hasPrefix("@_spi(") { return false }
            words = words.dropFirst()
        }
        return words.first == "public" || words.first?.hasPrefix("public(") == true
    }

    /// A line of attributes only (`@inlinable`, `@discardableResult`).
    static func isAttributeLine(_ line: Substring) -> Bool {
        let words = line.split(separator: " ")
        return !words.isEmpty && words.allSatisfy { $0.hasPrefix("@") }
    }

    func testEveryPublicDeclarationIsDocumented() throws {
        let declarations = try Self.publicDeclarations()
        XCTAssertGreaterThan(declarations.count, 20, "the scan found too few public declarations: is Sources/ there?")
        let undocumented = declarations.filter { !$0.documented }
        XCTAssert(undocumented.isEmpty, """
            \(undocumented.count) of \(declarations.count) public declarations have no /// comment. Document each, \
            or make it `package` if a client of the library does not need it (docs/LIBRARY.md):
            \(undocumented.map { "\($0.file):\($0.line): \($0.text)" }.joined(separator: "\n"))
            """)
    }

    /// A public type, or a public function or constant outside any type, is named in docs/LIBRARY.md.
    func testEveryPublicTypeIsInTheLibraryGuide() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/LIBRARY.md"), encoding: .utf8)
        let kinds: Set<Substring> = ["struct", "enum", "class", "protocol", "typealias", "func", "let", "var", "actor"]
        var missing: [String] = []
        for d in try Self.publicDeclarations() where d.topLevel {
            let words = d.text.split(whereSeparator: { " (:<={".contains($0) })
            guard let k = words.firstIndex(where: { kinds.contains($0) }), k + 1 < words.count else { continue }
            let name = String(words[k + 1])
            if !guide.contains("`\(name)") { missing.append("\(d.file):\(d.line): \(name)") }
        }
        XCTAssert(missing.isEmpty, "public, but not in docs/LIBRARY.md:\n" + missing.joined(separator: "\n"))
    }
}
