import DerivCLI
import DerivKit

/// Something a program made deriv do that it must never do.
public struct Finding: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The oracle both fuzzers share: one program text through the whole pipeline (parse → lower →
/// gradient graphs in both modes → Hessian graph → evaluation), and through the command line
/// in-process, checking what must hold for every input:
///
/// - a program is either accepted or rejected with a well-formed diagnostic: a range inside the
///   text, line and column that agree with the offset, a message in the catalog's style (lower
///   case, no final period), a rendering of bounded size; a program valid by construction (from
///   the generator) is accepted;
/// - forward and reverse mode agree at every point: bit for bit on the value, and on every partial
///   to 1e-9 relative, NaN where NaN and ±∞ where ±∞;
/// - the command line exits 0, 1 or 2, prints nothing on stdout when it fails, and writes only
///   `error:`, `warning:`, `note:`, quoted source lines, carets, fix-its and usage to stderr.
///
/// Crashes, traps and stack overflows are caught by the process itself (libFuzzer or the shell).
public enum PipelineCheck {
    /// Values the points are drawn from: ordinary numbers, signed zeros, the extremes, non-finite.
    public static let palette: [Double] = [
        0, -0.0, 1, -1, 0.5, 2, -3, 1.5, 1e-300, -1e-300, 1e300, -1e300, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, .infinity, -.infinity, .nan, .pi, 710, -745,
    ]

    /// Checks `text`; `seed` picks the evaluation points. `mustParse` says the text is a valid
    /// program by construction, so rejecting it is a finding too. Returns the first violation, if any.
    public static func check(_ text: String, seed: UInt64, mustParse: Bool = false) -> Finding? {
        var rng = seed
        let source = SourceFile(text)
        let program: Program
        do {
            program = try Program(parsing: text)
        } catch let d as Diagnostic {
            if mustParse { return Finding("a valid program was rejected: \(d.range.map { "\($0.start): " } ?? "")\(d.message)") }
            return check(d, in: source)
        } catch {
            return Finding("Program(parsing:) threw a non-diagnostic: \(error)")
        }
        let graph = program.graph
        let n = graph.inputs.count
        let all = Array(0..<n)
        let reverse = Derivatives.gradient(graph, wrt: all, mode: .reverse)
        let forward = Derivatives.gradient(graph, wrt: all, mode: .forward)
        let hessian = graph.count <= 400 && n <= 4 ? Derivatives.hessian(graph, wrt: all) : nil
        for _ in 0..<3 {
            let point = (0..<n).map { _ in palette[Int(next(&rng) % UInt64(palette.count))] }
            let r = Evaluator.evaluate(reverse, inputs: point)
            let f = Evaluator.evaluate(forward, inputs: point)
            if r.outputs[0].bitPattern != f.outputs[0].bitPattern, !(r.outputs[0].isNaN && f.outputs[0].isNaN) {
                return Finding("value differs between modes at \(point): reverse \(r.outputs[0]), forward \(f.outputs[0])")
            }
            if isTame(graph, at: point) {
                // Every value and local partial is moderate, so the modes differ by rounding only:
                // the same class (NaN, ±∞, finite) and finite values within 1e-9 of the largest term.
                let scale = (r.values + f.values).reduce(1) { $1.isFinite ? Swift.max($0, Swift.abs($1)) : $0 }
                for i in 1..<r.outputs.count where !agree(r.outputs[i], f.outputs[i], scale: scale) {
                    return Finding("d/d\(graph.inputs[i - 1]) differs at \(point): reverse \(r.outputs[i]), forward \(f.outputs[i])")
                }
            }
            if let hessian { _ = Evaluator.evaluate(hessian, inputs: point) }
            if let finding = checkCommandLine(text, inputs: graph.inputs, point: point, rng: &rng) { return finding }
        }
        return nil
    }

    /// NaN where NaN, the same infinity, or finite and within 1e-9 of `scale`.
    static func agree(_ a: Double, _ b: Double, scale: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if !a.isFinite || !b.isFinite { return a == b }
        return Swift.abs(a - b) <= 1e-9 * scale
    }

    /// True when every value of `graph` at `point` and every local partial is finite and at most
    /// 1e30 in size. Elsewhere forward and reverse mode may legitimately differ: they multiply the
    /// same partials in a different order, so one can overflow (or meet 0·∞) where the other does not.
    static func isTame(_ graph: Graph, at point: [Double]) -> Bool {
        let v = Evaluator.evaluate(graph, inputs: point).values
        func tame(_ x: Double) -> Bool { x.isFinite && Swift.abs(x) <= 1e30 }
        let algebra = NumericAlgebra()
        for (i, n) in graph.nodes.enumerated() {
            guard tame(v[i]) else { return false }
            if n.op.isLeaf { continue }
            let x = v[Int(n.a)], y = n.b >= 0 ? v[Int(n.b)] : 0, z = n.c >= 0 ? v[Int(n.c)] : 0
            for k in 0..<n.op.arity {
                if let p = n.op.partial(k, x, y, z, out: v[i], in: algebra), !tame(p) { return false }
            }
        }
        return true
    }

    static func check(_ d: Diagnostic, in source: SourceFile) -> Finding? {
        guard d.severity == .error else { return Finding("a thrown diagnostic is a \(d.severity)") }
        guard let r = d.range else { return Finding("error without a location: \(d.message)") }
        for l in [r.start, r.end] {
            guard l.offset >= 0, l.offset <= source.bytes.count, source.location(at: l.offset) == l else {
                return Finding("bad location \(l) (offset \(l.offset) of \(source.bytes.count)) for '\(d.message)'")
            }
        }
        guard r.start.offset <= r.end.offset else { return Finding("reversed range for '\(d.message)'") }
        guard let first = d.message.first, !first.isUppercase, !d.message.hasSuffix(".") else {
            return Finding("message not in the catalog's style: '\(d.message)'")
        }
        let rendered = DiagnosticRenderer(source: source).render(d)
        guard rendered.utf8.count < 2000 else { return Finding("rendering is \(rendered.utf8.count) bytes long") }
        return nil
    }

    /// Names `--wrt` and `--of` are tried with besides the program's inputs: assigned names the
    /// generator uses, constants, a function, empty entries, junk.
    static let otherNames = ["v0", "v1", "f", "pi", "e", "sin", "", " ", "zz", "x"]

    static let languages = ["c", "swift", "python", "numpy", "javascript"]

    static func checkCommandLine(_ text: String, inputs: [String], point: [Double], rng: inout UInt64) -> Finding? {
        let at = zip(inputs, point).map { "\($0)=\(formatNumber($1))" }.joined(separator: ",")
        func names() -> String {
            let pool = inputs + otherNames
            return (0..<Int(next(&rng) % 4)).map { _ in pool[Int(next(&rng) % UInt64(pool.count))] }.joined(separator: ",")
        }
        for args in [["eval", text, "--at", at], ["grad", text, "--at", at, "--json"],
                     ["grad", text, "--mode", "forward", "--at", at],
                     ["grad", text, "--wrt", names(), "--at", at], ["eval", text, "--of", names(), "--at", at],
                     ["grad", text, "--of", names(), "--wrt", names(), "--mode", next(&rng) % 2 == 0 ? "forward" : "reverse", "--at", at],
                     ["emit", text, "--lang", languages[Int(next(&rng) % 5)], "--wrt", names()],
                     ["diff", text, "--format", next(&rng) % 2 == 0 ? "text" : "latex"], ["ops", text],
                     ["graph", text, "--grad", "--at", at], ["trace", text, "--at", at],
                     ["graph", text, "--format", "svg", "--grad", "--at", at], ["trace", text, "--format", "html", "--at", at]] {
            var out = "", err = ""
            let io = IO(out: { out += $0 }, err: { err += $0 }, readStandardInput: { nil })
            let pointless = inputs.isEmpty && args.dropLast().last == "--at"
            let status = DerivCLI.run(pointless ? Array(args.dropLast(2)) : args, io: io)
            guard [0, 1, 2].contains(status) else { return Finding("\(args[0]) exited \(status)") }
            if status != 0, !out.isEmpty { return Finding("\(args[0]) failed (\(status)) but printed '\(out)'") }
            // Success prints a result, or says why there is none (`diff` of a program without inputs).
            if status == 0, out.isEmpty, !err.hasPrefix("warning: ") { return Finding("\(args[0]) succeeded but printed nothing") }
            let allowed = ["error: ", "warning: ", "note: ", "  fix-it: ", "usage: ", " "]
            for line in err.split(separator: "\n") where !allowed.contains(where: { line.hasPrefix($0) }) {
                return Finding("\(args[0]) wrote an unexpected line to stderr: '\(line)'")
            }
        }
        return nil
    }

    /// SplitMix64, so a seed reproduces a run.
    public static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a of the bytes: the point seed for a libFuzzer input.
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
