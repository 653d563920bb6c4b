@_spi(DerivCore) import DerivCLI
import Foundation

/// The "emitted C" columns: `deriv emit --lang c` run in-process, and the emitted `f_grad`
/// compiled with `gcc -O2` and timed per call. When `deriv emit` does not exist (yet) or gcc is
/// missing, the columns stay empty with a note.
enum EmittedC {
    struct Measurement {
        var emitMs: Double?
        var callUs: Double?
        var notes: [String] = []
    }

    /// Compile and time the emitted code only up to this many inputs (the C function takes one
    /// parameter per input) and derivative operations (gcc -O2 takes minutes and gigabytes on one
    /// straight-line function of 90,000 operations).
    static let maxInputs = 2_000
    static let maxOperations = 30_000

    /// `deriv emit --lang c` of `text`, the gradient taken with respect to `wrt` (nil: every input,
    /// and no `--wrt`, as the differentiation inputs of most families are all the inputs).
    static func emit(_ text: String, wrt: [String]? = nil) -> String? {
        var out = ""
        let io = IO(out: { out += $0 }, err: { _ in }, readStandardInput: { text })
        let status = DerivCLI.run(["emit", "-", "--lang", "c", "--name", "f"] + (wrt.map { ["--wrt", $0.joined(separator: ",")] } ?? []),
                                  io: io)
        return status == 0 && out.contains("f_grad") ? out : nil
    }

    static func measure(text: String, inputs: [String], wrt: [String]?, point: [Double], gradientOps: Int,
                        samples: Int) -> Measurement {
        var m = Measurement()
        guard let code = emit(text, wrt: wrt) else {
            m.notes.append("emitted C skipped: 'deriv emit --lang c' is not available")
            return m
        }
        // Cold, as the command runs: a `deriv emit` process maps all its memory anew.
        m.emitMs = 1e3 * medianTime(samples: samples, cold: true) { emit(text, wrt: wrt) }
        guard inputs.count <= maxInputs, gradientOps <= maxOperations else {
            m.notes.append("emitted C not compiled: \(inputs.count) inputs, \(gradientOps) operations")
            return m
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deriv-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // `--wrt` puts those inputs first: the parameters in that order, each given its own value.
        let first = Set(wrt ?? [])
        let order = (wrt ?? []).compactMap { inputs.firstIndex(of: $0) } + inputs.indices.filter { !first.contains(inputs[$0]) }
        let args = order.map { "x[\($0)]" }.joined(separator: ", ")
        let driver = """
        #include <stdio.h>
        #include <time.h>
        #include "f.c"
        static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
        int main(void) {
            static double x[\(max(1, inputs.count))] = {\(point.map { "\($0)" }.joined(separator: ", "))};
            static double g[\(max(1, inputs.count))];
            double sink = 0;
            for (int s = 0; s < \(samples); s++) {
                long calls = 0;
                double t0 = now(), t;
                do {
                    for (int k = 0; k < 100; k++) {
                        __asm__ volatile("" : : "r"(x), "r"(g) : "memory");
                        sink += f_grad(\(args.isEmpty ? "" : args + ", ")g);
                    }
                    calls += 100;
                } while ((t = now() - t0) < 0.05);
                printf("%.9g\\n", t / calls * 1e6);
            }
            fprintf(stderr, "%g\\n", sink);
            return 0;
        }
        """
        do {
            try code.write(to: dir.appendingPathComponent("f.c"), atomically: true, encoding: .utf8)
            try driver.write(to: dir.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        } catch {
            m.notes.append("emitted C not compiled: \(error)")
            return m
        }
        let binary = dir.appendingPathComponent("bench").path
        guard runProcess("/usr/bin/env", ["gcc", "-O2", "-o", binary, dir.appendingPathComponent("main.c").path, "-lm"]) != nil,
              let out = runProcess(binary, []) else {
            m.notes.append("emitted C not compiled: gcc failed")
            return m
        }
        m.callUs = median(out.split(separator: "\n").compactMap { Double($0) })
        return m
    }
}
