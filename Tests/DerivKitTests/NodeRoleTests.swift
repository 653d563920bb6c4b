@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import XCTest
@testable import DerivKit
@testable import DerivFormulas

/// Derived names carry their role as data (`NodeRole`): the sweeps spell the name once and set
/// the role beside it, and passes read the role instead of parsing the name.
final class NodeRoleTests: XCTestCase {
    /// The rule the role replaces: a name is an input's adjoint (or a tangent of one) when it has
    /// `_bar` at its end or before `_`, after an input's name.
    private func spelledAsInputAdjoint(_ name: String, inputs: Set<String>) -> Bool {
        var rest = name[...]
        while let r = rest.range(of: "_bar") {
            if r.upperBound == name.endIndex || name[r.upperBound] == "_",
               inputs.contains(String(name[..<r.lowerBound])) { return true }
            rest = name[r.upperBound...]
        }
        return false
    }

    func testRolesAgreeWithTheSpellingOnRandomPrograms() throws {
        let seed: UInt64 = 16_180
        var gen = RandomPrograms(seed: seed)
        var named = 0, inputAdjoints = 0, negatives = 0
        for _ in 0..<200 {
            let f = gen.expression(depth: 5), c = gen.expression(depth: 3)
            let p = try Program(parsing: "c = \(c); f = c * (\(f))", wrt: gen.inputs, outputs: ["f"])
            let wrt = Array(p.inputs.indices)
            let inputs = Set(p.inputs)
            for g in [Derivatives.hessian(p.graph, wrt: wrt), Derivatives.jacobian(p.graph, wrt: wrt, mode: .reverse),
                      Derivatives.jacobian(p.graph, wrt: wrt, mode: .forward)] {
                for (id, name) in g.names {
                    let role = g.names.role(id)
                    named += 1
                    XCTAssertEqual(role.ofInputAdjoint, spelledAsInputAdjoint(name, inputs: inputs), "\(name) \(role) \(inputs)")
                    if role.negative { XCTAssert(name.hasPrefix("minus_"), name) }
                    XCTAssertEqual(role.kind == .adjoint, name.hasSuffix("_bar"), name)
                    XCTAssertEqual(role.kind == .value, !name.contains("_"), name)
                    inputAdjoints += role.ofInputAdjoint ? 1 : 0
                    negatives += role.negative ? 1 : 0
                }
            }
        }
        XCTAssert(named > 1000 && inputAdjoints > 100 && negatives > 10, "\(named) \(inputAdjoints) \(negatives)")
    }

    func testDerivedNamesAndRoles() throws {
        let p = try Program(parsing: "c = sin(x) * y; f = c * c + x", wrt: ["x", "y"], outputs: ["f"])
        let h = Derivatives.hessian(p.graph, wrt: [0, 1])
        var roles: [String: NodeRole] = [:]
        for (id, name) in h.names { roles[name] = h.names.role(id) }
        XCTAssertEqual(roles["c"], .value)
        XCTAssertEqual(roles["c_bar"]?.kind, .adjoint)
        XCTAssertEqual(roles["c_bar"]?.ofInputAdjoint, false)
        XCTAssertEqual(roles["c_bar_dx"]?.kind, .tangent)
        XCTAssertEqual(roles["y_bar"]?.ofInputAdjoint, true)
        XCTAssertEqual(roles["y_bar_dx"]?.ofInputAdjoint, true)
        // Dropped from formulas by role: input adjoints and their tangents; c's stay.
        let kept = Set(h.withoutInputAdjointNames().names.map(\.name))
        XCTAssert(kept.isSuperset(of: ["c", "c_bar", "c_bar_dx"]), "\(kept)")
        XCTAssert(kept.isDisjoint(with: ["y_bar", "y_bar_dx"]), "\(kept)")
    }

    /// Simplifying carries each name's role along with it.
    func testRolesSurviveSimplification() throws {
        let p = try Program(parsing: "c = sin(x) * y; f = c * c + x", wrt: ["x", "y"], outputs: ["f"])
        let j = Derivatives.jacobian(p.graph, wrt: [0, 1], mode: .reverse)
        let simplified = j.rewritable().simplifiedOneByOne()
        var roles: [String: NodeRole] = [:]
        for (id, name) in simplified.names { roles[name] = simplified.names.role(id) }
        XCTAssertEqual(roles["x_bar"]?.kind, .adjoint, "\(roles)")
        XCTAssertEqual(roles["y_bar"]?.ofInputAdjoint, true, "\(roles)")
        XCTAssertEqual(roles["f"], .value, "\(roles)")
    }

    /// A program variable spelled like an adjoint is a value: its name stays in formulas.
    func testAProgramVariableSpelledLikeAnAdjointIsAValue() throws {
        let p = try Program(parsing: "y_bar = sin(x) * y; f = y_bar * y_bar + x", wrt: ["x", "y"], outputs: ["f"])
        let j = Derivatives.jacobian(p.graph, wrt: [0, 1], mode: .reverse).withoutInputAdjointNames()
        XCTAssert(j.names.contains { $0.name == "y_bar" })
        XCTAssert(j.names.contains { $0.name == "y_bar_bar" })
    }

    /// Random programs through Hessians and Jacobians of both modes: each derived name ends
    /// with its role's accents, its LaTeX (from the role) is what reading its text gives, and
    /// names chosen by the role are those chosen by the text (`Naming`).
    func testAccentsAreTheNamesSuffixesOnRandomPrograms() throws {
        var gen = RandomPrograms(seed: 27_182)
        var accented = 0, along = 0
        for _ in 0..<150 {
            let f = gen.expression(depth: 5), c = gen.expression(depth: 3)
            let p = try Program(parsing: "c = \(c); t3 = c * c; c_bar = t3 + 1; f = c_bar * (\(f))",
                                wrt: gen.inputs, outputs: ["f"])
            let wrt = Array(p.inputs.indices)
            for g in [Derivatives.hessian(p.graph, wrt: wrt), Derivatives.jacobian(p.graph, wrt: wrt, mode: .reverse),
                      Derivatives.jacobian(p.graph, wrt: wrt, mode: .forward)] {
                var textOnly = NodeNames()
                for (id, name) in g.names {
                    let role = g.names.role(id)
                    let suffixes = role.accents.reversed().map(\.suffix).joined()
                    XCTAssert(name.hasSuffix(suffixes), "\(name) \(role)")
                    // As a plain name, every `_bar` and `_dot` at its end is read as an accent:
                    // what LaTeX printed before roles.
                    XCTAssertEqual(LanguageSyntax.latexName(name, role: role), LanguageSyntax.latexName(name, role: .value), name)
                    accented += role.accents.isEmpty ? 0 : 1
                    along += role.kind == .tangent && role.accents.isEmpty ? 1 : 0
                    textOnly[id] = name
                }
                var plain = g
                plain.names = textOnly
                var byRole = Naming(graph: g, reserved: LanguageSyntax.c.reserved)
                var byText = Naming(graph: plain, reserved: LanguageSyntax.c.reserved)
                for id in 0..<NodeID(g.count) {
                    XCTAssertEqual(byRole.name(of: id, in: g), byText.name(of: id, in: plain))
                }
            }
        }
        XCTAssert(accented > 300 && along > 300, "\(accented) \(along)")
    }

    func testLaTeXAccentsFromTheRole() throws {
        let p = try Program(parsing: "c = sin(x) * y; net_h1 = c * x; f = net_h1 * net_h1 + c", wrt: ["x", "y"],
                            outputs: ["f"])
        let h = Derivatives.hessian(p.graph, wrt: [0, 1])
        var latex: [String: String] = [:]
        for (id, name) in h.names { latex[name] = LanguageSyntax.latexName(name, role: h.names.role(id)) }
        XCTAssertEqual(latex["c_bar"], "\\bar{c}")
        XCTAssertEqual(latex["net_h1_bar"], "\\bar{\\mathit{net}}_{h1}")
        XCTAssertEqual(latex["c_bar_dx"], "c_{\\mathit{bar\\_dx}}")
        // A name spelled with the suffix is written with the accent too, as it reads.
        XCTAssertEqual(LanguageSyntax.latexName("x_bar", role: .value), "\\bar{x}")
    }
}
