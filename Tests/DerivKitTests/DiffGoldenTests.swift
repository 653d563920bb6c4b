@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit

/// Golden files for printed derivatives: every program of Fixtures/diff/corpus.txt (every
/// operation, the seeds' examples, programs with shared parts) as `deriv diff` prints it, in
/// text and LaTeX; second derivatives of the one-variable programs; Hessians of the others.
/// `DERIV_UPDATE_GOLDEN=1 swift test --filter DiffGoldenTests` rewrites them: read the diff.
final class DiffGoldenTests: XCTestCase {
    /// The corpus: one program per line, `#` lines are comments.
    static func corpus() throws -> [String] {
        let url = testsDirectory.appendingPathComponent("Fixtures/diff/corpus.txt")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Each program, then what `listing` prints for it.
    private func listing(_ programs: [String], comment: String,
                         _ listing: (Program) throws -> String) throws -> String {
        try programs.map { text in
            "\(comment) \(text)\n" + (try listing(try Program(parsing: text)))
        }.joined()
    }

    func testCorpusHasEveryOperationAndAHundredPrograms() throws {
        let programs = try Self.corpus()
        XCTAssertGreaterThanOrEqual(programs.count, 100)
        var seen = Set<Op>()
        for text in programs { for n in try Program(parsing: text).graph.nodes { seen.insert(n.op) } }
        XCTAssertEqual(Set(Op.allCases).subtracting(seen), [],
                       "operations the corpus never uses")
    }

    func testCorpusText() throws {
        let text = try listing(try Self.corpus(), comment: "#") { p in
            try DerivativeListings.diff(p, wrt: Array(p.inputs.indices))
        }
        assertGolden(text, "diff/corpus.txt")
    }

    func testCorpusLaTeX() throws {
        let text = try listing(try Self.corpus(), comment: "%") { p in
            try DerivativeListings.diff(p, wrt: Array(p.inputs.indices), format: .latex)
        }
        assertGolden(text, "diff/corpus.tex")
    }

    func testSecondDerivativesOfOneVariable() throws {
        let programs = try Self.corpus().filter { try Program(parsing: $0).inputs.count == 1 }
        let text = try listing(programs, comment: "#") { p in
            try DerivativeListings.diff(p, wrt: [0], order: 2)
        }
        assertGolden(text, "diff/order2.txt")
    }

    func testHessiansOfSeveralVariables() throws {
        let programs = try Self.corpus().filter { try Program(parsing: $0).inputs.count > 1 }
        let text = try listing(programs, comment: "#") { p in
            try DerivativeListings.hessian(p, wrt: Array(p.inputs.indices))
        }
        assertGolden(text, "diff/hessian.txt")
    }
}
