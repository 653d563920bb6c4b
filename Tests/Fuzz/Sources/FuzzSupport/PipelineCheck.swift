import DerivCLI
import DerivKit
import Foundation

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
    /// Everything goes through DerivKit's public API, as a client of the library would use it.
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
        let n = program.inputs.count
        let reverse: GradientFunction, forward: GradientFunction, hessian: HessianFunction?
        do {
            reverse = try program.gradientFunction(mode: .reverse)
            forward = try program.gradientFunction(mode: .forward)
            let small = try program.costs().function.total <= 400 && n <= 4
            hessian = small ? try program.hessianFunction() : nil
        } catch {
            return Finding("differentiating a valid program threw: \(error)")
        }
        for _ in 0..<3 {
            let point = (0..<n).map { _ in palette[Int(next(&rng) % UInt64(palette.count))] }
            let r: (value: Double, gradient: [Double]), f: (value: Double, gradient: [Double])
            do { (r, f) = (try reverse(point), try forward(point)) } catch { return Finding("a gradient threw: \(error)") }
            if r.value.bitPattern != f.value.bitPattern, !(r.value.isNaN && f.value.isNaN) {
                return Finding("value differs between modes at \(point): reverse \(r.value), forward \(f.value)")
            }
            if let scale = tameScale(text, inputs: program.inputs, point: point) {
                // Every value and local partial is moderate, so the modes differ by rounding only:
                // the same class (NaN, ±∞, finite) and finite values within 1e-9 of the largest term.
                let scale = (r.gradient + f.gradient).reduce(scale) { $1.isFinite ? Swift.max($0, Swift.abs($1)) : $0 }
                for i in 0..<n where !agree(r.gradient[i], f.gradient[i], scale: scale) {
                    return Finding("d/d\(program.inputs[i]) differs at \(point): reverse \(r.gradient[i]), forward \(f.gradient[i])")
                }
            }
            if let hessian { _ = try? hessian(point) }
            if let finding = checkCommandLine(text, inputs: program.inputs, point: point, rng: &rng) { return finding }
        }
        return nil
    }

    /// NaN where NaN, the same infinity, or finite and within 1e-9 of `scale`.
    static func agree(_ a: Double, _ b: Double, scale: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if !a.isFinite || !b.isFinite { return a == b }
        return Swift.abs(a - b) <= 1e-9 * scale
    }

    /// When every value of the program at `point`, every local partial and every adjoint of the
    /// reverse sweep is finite and at most 1e30 in size, the largest of them (at least 1); nil
    /// otherwise, or when there is no trace. Elsewhere forward and reverse mode may legitimately
    /// differ: they multiply the same partials in a different order, so one can overflow (or meet
    /// 0·∞) where the other does not. The numbers are `deriv trace --json`'s (docs/COMMANDS.md).
    static func tameScale(_ text: String, inputs: [String], point: [Double]) -> Double? {
        guard !inputs.isEmpty else { return nil }
        var out = ""
        let io = IO(out: { out += $0 }, err: { _ in }, readStandardInput: { nil })
        guard DerivCLI.run(["trace", text, "--at", atOption(inputs, point), "--json"], io: io) == 0,
              let json = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
              let steps = json["forwardPass"] as? [[String: Any]], let sweeps = json["sweeps"] as? [[String: Any]]
        else { return nil }
        var numbers: [Any?] = steps.map { $0["value"] }
        for sweep in sweeps {
            for row in sweep["rows"] as? [[String: Any]] ?? [] {
                numbers.append(row["value"])
                for term in row["terms"] as? [[String: Any]] ?? [] {
                    numbers += [term["upstream"], term["localValue"], term["product"]]
                }
            }
        }
        var scale = 1.0
        for number in numbers {
            // Non-finite numbers are strings in deriv's JSON.
            guard let x = (number as? NSNumber)?.doubleValue, x.isFinite, Swift.abs(x) <= 1e30 else { return nil }
            scale = Swift.max(scale, Swift.abs(x))
        }
        return scale
    }

    /// `--at` for `point`: `x=1,y=-0.0`, in Swift's shortest round-trip spelling (`nan`, `inf`).
    static func atOption(_ inputs: [String], _ point: [Double]) -> String {
        zip(inputs, point).map { "\($0)=\($1)" }.joined(separator: ",")
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
        let rendered = String(describing: d)
        guard rendered.utf8.count < 2000 else { return Finding("rendering is \(rendered.utf8.count) bytes long") }
        return nil
    }

    /// Names `--wrt` and `--of` are tried with besides the program's inputs: assigned names the
    /// generator uses, constants, a function, empty entries, junk.
    static let otherNames = ["v0", "v1", "f", "pi", "e", "sin", "", " ", "zz", "x"]

    static let languages = ["c", "swift", "python", "numpy", "javascript"]

    static func checkCommandLine(_ text: String, inputs: [String], point: [Double], rng: inout UInt64) -> Finding? {
        let at = atOption(inputs, point)
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
