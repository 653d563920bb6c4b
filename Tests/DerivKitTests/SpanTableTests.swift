@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivCore
@testable import DerivRender

/// The printer's table of where each node's text is: the fast `PackedSpans` against the plain
/// `PlainSpans`, on the graphs of random programs and their derivatives, in every syntax and
/// binding policy: the same statements and the same text.
final class SpanTableTests: XCTestCase {
    /// The statements (name and expression) and outputs a printer wrote.
    private func lines(_ p: ExpressionPrinter) -> [String] {
        p.statements.map { p.string($0.name) + " = " + p.string($0.expression) } + p.outputs.map(p.string)
    }

    func testPackedAndPlainSpansPrintTheSameOnRandomPrograms() throws {
        var gen = RandomPrograms(seed: 14_142)
        let syntaxes: [LanguageSyntax] = [.deriv, .latex, .c, .swift, .python, .numpy, .javascript, .ssa]
        let policies: [ExpressionPrinter.BindingPolicy] = [.readable(maxInlineDepth: 3), .everyOperation, .inline,
                                                          .compact(maxInlineDepth: 4)]
        var printed = 0
        for k in 0..<40 {
            let text = "c = \(gen.expression(depth: 3)); f = c * (\(gen.expression(depth: 5))) + c"
            guard let p = try? Program(parsing: text, wrt: gen.inputs, outputs: ["f"]) else { continue }
            let all = Array(p.inputs.indices)
            for g in [Derivatives.gradient(p.graph, wrt: all), Derivatives.hessian(p.graph, wrt: all).rewritable().simplified()] {
                let syntax = syntaxes[k % syntaxes.count]
                for policy in policies {
                    let packed = ExpressionPrinter(graph: g, syntax: syntax, policy: policy, naming: nil, spans: PackedSpans.self)
                    let plain = ExpressionPrinter(graph: g, syntax: syntax, policy: policy, naming: nil, spans: PlainSpans.self)
                    XCTAssertEqual(lines(packed), lines(plain), "\(text) \(syntax.name) \(policy)")
                    XCTAssertEqual(packed.text.string, plain.text.string)
                    printed += 1
                }
            }
        }
        XCTAssertGreaterThan(printed, 200)
    }
}
