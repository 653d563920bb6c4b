@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivKit
import Foundation

/// `deriv ops` of a vector or matrix program (docs/MATRICES.md, "ops"): the counts of
/// `MatrixCostAnalysis` as polynomials in the dimension names, and as numbers for the sizes
/// `--dims` and `--at` give.
extension MatrixRun {
    func ops() throws -> ExitStatus {
        // Each dimension name gets a size of its own that no literal size is (it stands for the
        // name in the counts); the sizes given are only used to evaluate the counts.
        var stand: [String: Int] = [:]
        var names: [Int: String] = [:]
        var known = options.dims ?? [:]
        let values = try givenValues()
        for (k, d) in program.ast.declarations.enumerated() {
            let dims: [(AST.Declaration.Dimension, Int?)]
            let given = values[program.inputs[k]]?.shape
            switch d.shape {
            case .scalar: dims = []
            case .vector(let n): dims = [(n, given?.rows)]
            case .matrix(let m, let n): dims = [(m, given?.rows), (n, given?.columns)]
            }
            for case (.name(let symbol), let size) in dims {
                let name = program.ast.spelling(symbol)
                if let size { known[name] = known[name] ?? size }
                if stand[name] == nil {
                    stand[name] = 1_000_003 + 2 * stand.count
                    names[stand[name]!] = name
                }
            }
        }
        let graph = try program.graph(shapes: try program.shapes(given: [:], dimensions: stand), output: options.of?[0])
        let wrt = try differentiationInputs()
        let cost = MatrixCostAnalysis(graph, wrt: wrt) { names[$0].map(Polynomial.init(name:)) ?? Polynomial($0) }
        let sizes = stand.keys.allSatisfy { known[$0] != nil } ? known.filter { stand[$0.key] != nil } : nil
        let chain = MatrixChain(graph, wrt: wrt, outputName: outputName) { names[$0].map(Polynomial.init(name:)) ?? Polynomial($0) }
        console.out(options.json ? opsJSON(cost, chain, sizes).rendered + "\n" : opsText(cost, sizes, graph, wrt) + chainText(chain, sizes))
        return .success
    }

    /// The cheaper mode and by what factor at `sizes`, or for every size when the difference's
    /// coefficients share a sign; nil when both cost the same or it depends on the sizes.
    private func cheaper(_ c: MatrixCostAnalysis, _ sizes: [String: Int]?) -> (Mode, Double?)? {
        if let sizes, let f = c.forwardTotal.value(sizes), let r = c.reverseTotal.value(sizes), f != r {
            return f < r ? (.forward, Double(r) / Double(f)) : (.reverse, Double(f) / Double(r))
        }
        switch (c.forwardTotal - c.reverseTotal).sign {
        case 1?: return (.reverse, nil)
        case (-1)?: return (.forward, nil)
        default: return nil
        }
    }

    private func opsText(_ c: MatrixCostAnalysis, _ sizes: [String: Int]?, _ graph: MatrixGraph, _ wrt: [Int]) -> String {
        let color = console.io.colorOutput
        let inputs = wrt.map { k in graph.inputShapes[k].isScalar ? program.inputs[k] : "\(program.inputs[k]) \(declaredShape(k))" }
        func entries(_ p: Polynomial) -> String { p == Polynomial(1) ? "1 entry" : "\(p) entries" }
        var out = "\(outputName)(\(inputs.joined(separator: ", "))): inputs of \(entries(c.inputEntries)), an output of \(entries(c.outputEntries))"
        if let sizes, !sizes.isEmpty { out += "; at " + sizes.keys.sorted().map { "\($0)=\(sizes[$0]!)" }.joined(separator: ", ") }
        out += "\n\n"
        let shown = sizes?.isEmpty == false ? sizes : nil
        func at(_ p: Polynomial) -> [TextTable.Cell] { shown.map { [.init(p.value($0).map(String.init) ?? "")] } ?? [] }
        let atColumn: [TextTable.Column] = shown == nil ? [] : [.init("at these sizes", .right)]
        var table = TextTable([.init("operations"), .init("count")] + atColumn)
        for (title, count) in [("function", c.function), ("one forward sweep (J·ẋ)", c.forwardSweep), ("one reverse sweep (ȳ·J)", c.reverseSweep)] {
            table.append([.init(title), .init(count.total.description, .formula)] + at(count.total))
        }
        out += table.text(color: color) + "\n"
        out += "full Jacobian (\(c.outputEntries) × \(c.inputEntries)): evaluate the function once, then one sweep per input entry (forward) or per output entry (reverse)\n"
        let best = cheaper(c, sizes)
        var modes = TextTable([.init("mode"), .init("sweeps"), .init("total")] + atColumn)
        for (mode, sweeps, total) in [(Mode.forward, c.inputEntries, c.forwardTotal), (.reverse, c.outputEntries, c.reverseTotal)] {
            modes.append([.init(mode.rawValue, .name), .init(sweeps.description, .formula),
                          .init(total.description, best?.0 == mode && shown == nil ? .result : .formula)]
                         + (shown.map { [.init(total.value($0).map(String.init) ?? "", best?.0 == mode ? .result : .plain)] } ?? []))
        }
        out += modes.text(color: color)
        switch best {
        case let (mode, factor?)?:
            out += "  \(mode.rawValue) mode is cheaper\(shown == nil ? "" : " at these sizes"), by a factor of \(String(format: "%.3g", factor))\n"
        case let (mode, nil)?: out += "  \(mode.rawValue) mode is cheaper for every size\n"
        case nil where sizes != nil: out += "  both modes cost the same\n"
        case nil: out += "  which mode is cheaper depends on the sizes: give them with --dims\n"
        }
        return out
    }

    /// The chain of layers' section: the products of the layer Jacobians in forward mode's
    /// order, reverse mode's, and (at sizes) the cheapest.
    private func chainText(_ chain: MatrixChain?, _ sizes: [String: Int]?) -> String {
        guard let chain else { return "" }
        let color = console.io.colorOutput
        let j = chain.layers.map { "J_" + $0 }
        // Forward mode multiplies from the right, J_y·(…·(J_2·J_1)); reverse from the left, ((J_y·…)·J_2)·J_1.
        var forward = j[0], reverse = j[j.count - 1]
        for k in 1..<j.count { forward = j[k] + "·" + (k > 1 ? "(\(forward))" : forward) }
        for k in stride(from: j.count - 2, through: 0, by: -1) { reverse = (reverse.contains("·") ? "(\(reverse))" : reverse) + "·" + j[k] }
        let shown = sizes?.isEmpty == false ? sizes : nil
        var out = "\nchain of layers " + chain.layers.joined(separator: " → ") + ", entries "
            + chain.widths.map(\.description).joined(separator: ", ")
            + ": the Jacobian is the product of the layers' Jacobians J_v = ∂v/∂(the layer before), multiplied densely (a×b by b×c: a·b·c multiplications)\n"
        let best = shown.flatMap { chain.cheapest($0) }
        var table = TextTable([.init("order"), .init(""), .init("multiplications")] + (shown == nil ? [] : [.init("at these sizes", .right)]))
        for (mode, order, cost) in [("forward", forward, chain.forwardCost), ("reverse", reverse, chain.reverseCost)] {
            table.append([.init(mode, .name), .init(order, .formula), .init(cost.description, .formula)]
                         + (shown.map { [.init(cost.value($0).map(String.init) ?? "")] } ?? []))
        }
        if let best { table.append([.init("cheapest", .name), .init(best.order, .formula), .init(""), .init(String(best.cost), .result)]) }
        out += table.text(color: color)
        if let best, let sizes = shown, let f = chain.forwardCost.value(sizes), let r = chain.reverseCost.value(sizes) {
            let both = min(f, r)
            out += best.cost < both
                ? "  the cheapest order beats both modes, by a factor of \(String(format: "%.3g", Double(both) / Double(best.cost)))\n"
                : "  \(f <= r ? "forward" : "reverse") mode's order is the cheapest\n"
        } else if shown == nil {
            out += "  give the sizes with --dims for the cheapest order\n"
        }
        return out
    }

    /// `vector(n)`, `matrix(m, n)` as declared.
    private func declaredShape(_ k: Int) -> String {
        func name(_ d: AST.Declaration.Dimension) -> String {
            switch d {
            case .size(let n): return String(n)
            case .name(let s): return program.ast.spelling(s)
            }
        }
        switch program.declaredShapes[k] {
        case .scalar: return "scalar"
        case .vector(let n): return "vector(\(name(n)))"
        case .matrix(let m, let n): return "matrix(\(name(m)), \(name(n)))"
        }
    }

    /// The scalar `ops` JSON's keys, each count a number at the sizes given (a formula string
    /// without them), and `dimensions` (the sizes) and `formulas` (every count as a polynomial).
    private func opsJSON(_ c: MatrixCostAnalysis, _ chain: MatrixChain?, _ sizes: [String: Int]?) -> JSON {
        func n(_ p: Polynomial) -> JSON { sizes.flatMap(p.value).map { .number(Double($0)) } ?? .string(p.description) }
        func kinds(_ count: PolynomialCount) -> JSON { .object(OpCount.kinds.map { ($0.rawValue, n(count[$0])) }) }
        func sweeps(_ s: Polynomial, _ per: PolynomialCount, _ total: Polynomial) -> JSON {
            .object([("sweeps", n(s)), ("opsPerSweep", n(per.total)), ("total", n(total)), ("byKind", kinds(per))])
        }
        let best = cheaper(c, sizes)
        let factor: JSON = best?.1.map { JSON.number($0) } ?? .number(1)
        let dimensions: [(String, JSON)] = (sizes ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, JSON.number(Double($0.value))) }
        let formulas: [(String, Polynomial)] = [
            ("inputs", c.inputEntries), ("outputs", c.outputEntries), ("function", c.function.total),
            ("forwardSweep", c.forwardSweep.total), ("reverseSweep", c.reverseSweep.total),
            ("forward", c.forwardTotal), ("reverse", c.reverseTotal),
        ]
        let counts: [(String, JSON)] = [
            ("inputs", n(c.inputEntries)),
            ("outputs", n(c.outputEntries)),
            ("function", .object([("ops", n(c.function.total)), ("byKind", kinds(c.function))])),
            ("forward", sweeps(c.inputEntries, c.forwardSweep, c.forwardTotal)),
            ("reverse", sweeps(c.outputEntries, c.reverseSweep, c.reverseTotal)),
        ]
        let verdict: [(String, JSON)] = [
            ("cheaper", .string(best?.0.rawValue ?? (sizes == nil ? "depends" : "either"))), ("factor", factor),
            ("dimensions", .object(dimensions)), ("formulas", .object(formulas.map { ($0.0, JSON.string($0.1.description)) })),
        ]
        guard let chain else { return .object(counts + verdict) }
        var layers: [(String, JSON)] = [
            ("layers", .strings(chain.layers)), ("widths", .array(chain.widths.map(n))),
            ("forward", n(chain.forwardCost)), ("reverse", n(chain.reverseCost)),
        ]
        if let best = chain.cheapest(sizes ?? [:]) {
            layers.append(("cheapest", .object([("order", .string(best.order)), ("multiplications", .number(Double(best.cost)))])))
        }
        return .object(counts + verdict + [("chain", .object(layers))])
    }
}
