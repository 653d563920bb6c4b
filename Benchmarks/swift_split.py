#!/usr/bin/env python3
"""The experiment of docs/PERFORMANCE.md, "Compile time": an emitted Swift file (`deriv emit
--lang swift --array`) rewritten with each public function's leading run of `let NAME: Double =`
statements split into private functions of at most K statements each. A part takes the values of
earlier parts it reads as parameters (and `inputs` when it loads one) and returns, as a tuple,
the values it defines that later parts or the rest of the function read:

    let (x58, t142) = fPart1(inputs)
    let (t282, x115, t283, t284, x116) = fPart2(inputs, x58, t142)
    ...

The statements themselves are unchanged, so the numbers are too. This is a measuring tool, not
the emitter: it reads the emitted text line by line.

    python3 Benchmarks/swift_split.py IN.swift K OUT.swift
    python3 Benchmarks/swift_split.py --harness N FILE.swift    # ns per fGradient call (swiftc -O)
"""

import os
import re
import subprocess
import sys
import tempfile

DECL = re.compile(r"^    let ([A-Za-z_][A-Za-z_0-9]*): Double = (.*)$")
IDENT = re.compile(r"\b[A-Za-z_][A-Za-z_0-9]*\b")
FUNC = re.compile(r"^public func (\w+)\((.*)\) throws -> (.*) \{$")


def split(lines, size):
    out, parts, i = [], [], 0
    while i < len(lines):
        m = FUNC.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        name = m.group(1)
        out += lines[i:i + 2]  # the signature and the size check
        i += 2
        body = []
        while lines[i] != "}":
            body.append(lines[i])
            i += 1
        i += 1
        n = 0
        while n < len(body) and DECL.match(body[n]):
            n += 1
        lets, rest = body[:n], body[n:]
        defs = [DECL.match(b).group(1) for b in lets]
        uses = [set(IDENT.findall(DECL.match(b).group(2))) for b in lets]
        chunks = [range(a, min(a + size, n)) for a in range(0, n, size)]
        earlier = set(defs) | {"inputs"}
        for k, chunk in enumerate(chunks):
            mine = {defs[j] for j in chunk}
            params = []
            for j in chunk:
                params += [u for u in sorted(uses[j]) if u in earlier and u not in mine and u not in params]
            later = set(IDENT.findall("\n".join(rest))).union(*(uses[j] for c in chunks[k + 1:] for j in c))
            results = [defs[j] for j in chunk if defs[j] in later]
            part = f"{name}Part{k + 1}"
            types = ", ".join(f"_ {p}: {'[Double]' if p == 'inputs' else 'Double'}" for p in params)
            one = len(results) == 1
            parts.append(f"private func {part}({types}) -> " + ("Double" if one else "(" + ", ".join(["Double"] * len(results)) + ")") + " {")
            parts += [lets[j] for j in chunk]
            parts += ["    return " + (results[0] if one else "(" + ", ".join(results) + ")"), "}", ""]
            call = f"{part}({', '.join(params)})"
            if one:
                out.append(f"    let {results[0]}: Double = {call}")
            elif results:
                out.append(f"    let ({', '.join(results)}) = {call}")
        out += rest + ["}"]
    return out + [""] + parts


HARNESS = """import Foundation
@main struct Main {
    static func main() throws {
        let n = Int(CommandLine.arguments[1])!
        var x = (0..<n).map { Double($0 % 7) * 0.1 + 0.3 }
        var best = Double.infinity, sink = 0.0
        let reps = max(1, 200_000 / n)
        for _ in 0..<15 {
            var ts = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
            let t0 = Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
            for r in 0..<reps { x[0] = Double(r & 1) * 1e-9 + 0.3; let g = try fGradient(x); sink += g.value + g.gradient[n - 1] }
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
            best = min(best, (Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec) - t0) / Double(reps))
        }
        let g = try fGradient(x)
        var h: UInt64 = 0
        for v in [g.value] + g.gradient { h = h &* 31 &+ v.bitPattern }
        print(String(format: "%.1f ns/call, hash of the value and gradient %016llx (sink %g)", best, h, sink))
    }
}
"""


def harness(n, path):
    """Compiles `path` with a main calling fGradient (CPU time, fastest of 15 samples) and runs it."""
    with tempfile.TemporaryDirectory() as work:
        main, exe = os.path.join(work, "main.swift"), os.path.join(work, "h")
        with open(main, "w") as fh:
            fh.write(HARNESS)
        subprocess.run(["swiftc", "-O", "-parse-as-library", "-module-name", "H", main, path, "-o", exe], check=True)
        print(subprocess.run([exe, str(n)], check=True, capture_output=True, text=True).stdout, end="")


if __name__ == "__main__":
    if sys.argv[1] == "--harness":
        harness(int(sys.argv[2]), sys.argv[3])
    else:
        with open(sys.argv[1]) as fh:
            text = fh.read().split("\n")
        with open(sys.argv[3], "w") as fh:
            fh.write("\n".join(split(text, int(sys.argv[2]))))
