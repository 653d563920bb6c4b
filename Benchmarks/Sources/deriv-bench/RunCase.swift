@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation

/// Everything measured for one case. Times are medians; `nil` means not measured (see `notes`).
struct CaseResult: Codable {
    var family: Family
    var size: String
    var inputs = 0
    var outputs = 0
    var textBytes = 0
    /// FNV-1a of the program text, and the first output's value at the benchmark point: peers.py
    /// checks both, so every peer differentiates the same function.
    var textHash = ""
    var value = 0.0
    /// Operations (non-leaf nodes) of the function graph and of the derivative graph (which
    /// contains the function's own operations it needs, as a peer's gradient function does).
    var functionOps = 0
    var gradientOps = 0
    var parseMs = 0.0
    var lowerMs = 0.0
    var reverseMs = 0.0
    /// The same three stages timed cold (`medianTime(cold:)`), for the scaling ratios.
    var coldParseMs = 0.0
    var coldLowerMs = 0.0
    var coldReverseMs = 0.0
    var forwardMs: Double?
    /// The derivative graph at one point with `Evaluator`, and per point with `BatchEvaluator`.
    var evalUs = 0.0
    var batchUs = 0.0
    var batchPoints = 0
    /// `deriv emit --lang c` in-process (parse to C text), and one call of the emitted gradient.
    var emitMs: Double?
    var emittedCUs: Double?
    var peakMB = 0.0
    var notes: [String] = []

    var ratio: Double { Double(gradientOps) / Double(max(1, functionOps)) }
}

/// Runs every stage of one case, several times each, in this process (the parent runs each case
/// in a process of its own so that peak memory belongs to one case).
func runCase(_ c: Case, quick: Bool) throws -> CaseResult {
    var r = CaseResult(family: c.family, size: c.size)
    let (text, outputs) = c.program()
    r.textBytes = text.utf8.count
    r.textHash = textHash(text)

    // Parse and lower once to learn the sizes; huge cases get fewer samples.
    let program = try Program(parsing: text, outputs: outputs)
    let graph = program.graph
    r.inputs = graph.inputs.count
    r.outputs = graph.outputs.count
    r.functionOps = graph.operationCount
    let big = r.functionOps > 200_000
    let samples = quick || big ? 3 : 5

    let ast = try Parser.parse(SourceFile(text))
    let source = SourceFile(text)
    let wrt = c.differentiationInputs(graph.inputs)
    func differentiate(_ mode: Mode) -> Graph { deriv_bench.differentiate(c, graph, wrt, mode) }
    for cold in [false, true] {
        let parse = 1e3 * medianTime(samples: samples, cold: cold) { try! Parser.parse(SourceFile(text)) }
        let lower = 1e3 * medianTime(samples: samples, cold: cold) { try! Program(lowering: ast, of: source, outputs: outputs) }
        let reverse = 1e3 * medianTime(samples: samples, cold: cold) { differentiate(.reverse) }
        if cold { (r.coldParseMs, r.coldLowerMs, r.coldReverseMs) = (parse, lower, reverse) }
        else { (r.parseMs, r.lowerMs, r.reverseMs) = (parse, lower, reverse) }
    }
    // Forward mode costs one sweep per input: measured where that stays affordable.
    if wrt.count * r.functionOps <= 30_000_000 {
        r.forwardMs = 1e3 * medianTime(samples: samples) { differentiate(.forward) }
    } else {
        r.notes.append("forward mode skipped: \(wrt.count) sweeps over \(r.functionOps) operations")
    }
    let derivative = differentiate(.reverse)
    r.gradientOps = derivative.operationCount

    let point = (0..<r.inputs).map(c.inputValue)
    r.value = Evaluator.evaluate(derivative, inputs: point).outputs[0]
    r.evalUs = 1e6 * medianTime(samples: samples) { Evaluator.evaluate(derivative, inputs: point) }

    // A batch of points near the benchmark point, enough to amortize the tape's set-up.
    let batch = BatchEvaluator(derivative)
    r.batchPoints = max(1, min(4096, 20_000_000 / max(1, r.gradientOps), 4_000_000 / derivative.outputs.count))
    let columns = point.map { v in (0..<r.batchPoints).map { v + 1e-6 * Double($0) } }
    r.batchUs = 1e6 * medianTime(samples: samples) { batch.evaluate(columns: columns) } / Double(r.batchPoints)

    if c.family != .jacobian {
        // The gradient with respect to the inputs the family differentiates (the MLP's weights,
        // not its data), as the peers' gradients are.
        let wrtNames = wrt.count == graph.inputs.count ? nil : wrt.map { graph.inputs[$0] }
        let emitted = EmittedC.measure(text: text, inputs: graph.inputs, wrt: wrtNames, point: point,
                                       gradientOps: r.gradientOps, samples: samples)
        r.emitMs = emitted.emitMs
        r.emittedCUs = emitted.callUs
        r.notes += emitted.notes
    }
    r.peakMB = peakMemoryMB()
    return r
}

/// The derivative graph a case measures: the sparse Jacobian for that family (as CasADi's
/// `jacobian` is sparse), else the gradient.
func differentiate(_ c: Case, _ graph: Graph, _ wrt: [Int], _ mode: Mode) -> Graph {
    c.family == .jacobian ? Derivatives.sparseJacobian(graph, wrt: wrt, mode: mode).graph
                          : Derivatives.gradient(graph, wrt: wrt, mode: mode)
}

/// A stage of the pipeline, for `--profile`.
enum Stage: String {
    case parse, lower, reverse, forward, simplify, print, emit, eval, batch
}

/// Runs one stage of one case `iterations` times (default: for about ten seconds), for a profiler
/// to watch or for `perf stat` to count instructions (steadier than time on a shared machine);
/// prints the median time of one iteration on standard error.
func profileStage(_ stage: Stage, of c: Case, iterations: Int?) throws {
    let (text, outputs) = c.program()
    let source = SourceFile(text)
    let ast = try Parser.parse(source)
    let graph = try Program(lowering: ast, of: source, outputs: outputs).graph
    let wrt = c.differentiationInputs(graph.inputs)
    let derivative = differentiate(c, graph, wrt, .reverse)
    let simplified = derivative.simplified()
    let point = (0..<graph.inputs.count).map(c.inputValue)
    let batch = BatchEvaluator(derivative)
    let columns = point.map { v in (0..<256).map { v + 1e-6 * Double($0) } }
    let end = now() + 10
    var done = 0
    var times: [Double] = []
    while iterations.map({ done < $0 }) ?? (now() < end) {
        done += 1
        let start = now()
        defer { times.append(now() - start) }
        switch stage {
        case .parse: keep(try Parser.parse(SourceFile(text)))
        case .lower: keep(try Program(lowering: ast, of: source, outputs: outputs))
        case .reverse: keep(differentiate(c, graph, wrt, .reverse))
        case .forward: keep(differentiate(c, graph, wrt, .forward))
        case .simplify: keep(derivative.simplified())
        // What `emit` prints the gradient with (C, statements and temporaries), without the layout.
        case .print: keep(ExpressionPrinter(graph: simplified, syntax: .c, policy: .readable(maxInlineDepth: 6)))
        case .emit: keep(EmittedC.emit(text))
        case .eval: keep(Evaluator.evaluate(derivative, inputs: point))
        case .batch: keep(batch.evaluate(columns: columns))
        }
    }
    if !times.isEmpty {
        let line = String(format: "%@ %@: median %.1f ms over %d iterations\n", stage.rawValue, c.spec, 1e3 * median(times), times.count)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
