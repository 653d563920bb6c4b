#!/usr/bin/env python3
"""Compile time of the code `deriv emit` writes, beside its run time, against CasADi's generated C
(docs/PERFORMANCE.md, "Compile time").

    swift build -c release
    python3 Benchmarks/compile_times.py [--sizes 10,100,1000] [--repeat 3] [--no-swift] [--keep DIR]

For each family (Rosenbrock, product, a one-hidden-layer tanh MLP) at about 10, 100 and 1,000
inputs it emits `f` and `f_grad` with deriv in C (`--array`, as Benchmarks/emit_c_bench.py) and in
Swift (`--array`), and, when `import casadi` works, CasADi's C for the same function and gradient
(SX, common subexpressions eliminated). It compiles each file to an object file:

    gcc -std=c99 -O2 -c f.c
    swiftc -O -parse-as-library -module-name F -c f.swift

taking turns (deriv C, CasADi C, deriv Swift, then again), and reports the median wall time and
peak memory (maximum resident set size of the compiler and its children, from `/usr/bin/time -v`
when present, else `getrusage(RUSAGE_CHILDREN)`). Run time: nanoseconds per call of the C `f_grad`
and of CasADi's gradient, in emit_c_bench's harness (CPU time, the fastest of 15 samples).
Ratios compare figures of the same run: the machine may be shared. Standard library only.
"""

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emit_c_bench  # noqa: E402  (the problems and the run-time harness)


def mlp_inputs(target):
    """An MLP with about `target` weights: features*hidden + 2*hidden + 1 of them, 4 samples."""
    features = 2 if target < 50 else 8
    hidden = max(1, round((target - 1) / (features + 2)))
    return emit_c_bench.mlp(features=features, hidden=hidden)


FAMILIES = [("Rosenbrock", emit_c_bench.rosenbrock), ("product", emit_c_bench.product), ("MLP", mlp_inputs)]

TIME_V = os.path.exists("/usr/bin/time")


def measure(cmd, cwd):
    """(wall seconds, CPU seconds, peak resident megabytes) of compiling with `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run((["/usr/bin/time", "-v"] if TIME_V else []) + cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if TIME_V:
        kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    else:
        # The children's maximum so far: exact only when this compile is the largest yet.
        kb = after.ru_maxrss
    return wall, cpu, kb / 1024


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def case(key, text, names, build_casadi, args, work):
    """The compile and run figures of one program."""
    emit = [args.deriv, "emit", "-", "--name", "f", "--wrt", ",".join(names), "--array"]
    with open(os.path.join(work, f"deriv_{key}.c"), "w") as fh:
        fh.write(run(emit + ["--lang", "c"], input=text).stdout)
    if args.swift:
        with open(os.path.join(work, f"deriv_{key}.swift"), "w") as fh:
            fh.write(run(emit + ["--lang", "swift"], input=text).stdout)
    casadi = None
    if args.casadi:
        import casadi as ca
        x, f = build_casadi(ca)
        F = ca.Function("F", [x], [f], {"cse": True})
        G = ca.Function("G", [x], [f, ca.gradient(f, x)], {"cse": True})
        cg = ca.CodeGenerator(f"casadi_{key}.c", {"with_header": True})
        cg.add(F)
        cg.add(G)
        cg.generate(work + os.sep)
        casadi = (max(F.sz_iw(), G.sz_iw(), 1), max(F.sz_w(), G.sz_w(), 1))

    compilers = {"c": [args.cc, "-std=c99", "-O2", "-c", f"deriv_{key}.c", "-o", f"deriv_{key}.o"]}
    if casadi:
        compilers["casadi"] = [args.cc, "-std=c99", "-O2", "-c", f"casadi_{key}.c", "-o", f"casadi_{key}.o"]
    if args.swift:
        compilers["swift"] = [args.swiftc, "-O", "-parse-as-library", "-module-name", "F", "-c",
                              f"deriv_{key}.swift", "-o", f"deriv_{key}_swift.o"]
    samples = {k: [] for k in compilers}
    for _ in range(args.repeat):
        for k, cmd in compilers.items():
            samples[k].append(measure(cmd, work))
    result = {k: tuple(statistics.median(s[i] for s in v) for i in range(3)) for k, v in samples.items()}

    if casadi:
        n = len(names)
        harness = emit_c_bench.HARNESS % dict(
            key=key, n=n, iw=casadi[0], w=casadi[1], fparams="const double *", gparams="const double *, double *",
            fargs="x", gargs="x, grad", point="0.5 + 0.001 * i")
        with open(os.path.join(work, f"bench_{key}.c"), "w") as fh:
            fh.write(harness)
        run([args.cc, "-std=c99", "-O2", "-c", f"bench_{key}.c"], cwd=work)
        run([args.cc, "-o", f"bench_{key}", f"deriv_{key}.o", f"casadi_{key}.o", f"bench_{key}.o", "-lm"], cwd=work)
        out = run([os.path.join(work, f"bench_{key}")], cwd=work).stdout
        for line in out.splitlines():
            parts = line.split()
            if parts[0] == "check":
                a, b, c, _ = map(float, parts[1:])
                if a != b or abs(a - c) > 1e-9 * max(1, abs(a)):
                    sys.exit(f"{key}: deriv and CasADi disagree: {line}")
            else:
                result[parts[0]] = float(parts[1])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deriv", default=".build/release/deriv")
    parser.add_argument("--cc", default="gcc")
    parser.add_argument("--swiftc", default="swiftc")
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--families", default=",".join(f for f, _ in FAMILIES))
    parser.add_argument("--repeat", type=int, default=3, help="compiles per file (the median is reported)")
    parser.add_argument("--no-swift", dest="swift", action="store_false")
    parser.add_argument("--keep", help="keep the generated files in this directory")
    args = parser.parse_args()
    args.deriv = os.path.abspath(args.deriv)
    args.swift = args.swift and shutil.which(args.swiftc) is not None
    try:
        import casadi
        args.casadi = casadi.__version__
    except ImportError:
        args.casadi = None
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="deriv-compile-times-")
    os.makedirs(work, exist_ok=True)

    rows = []
    wanted = args.families.split(",")
    for family, make in FAMILIES:
        if family not in wanted:
            continue
        for size in map(int, args.sizes.split(",")):
            text, names, build = make(size)
            key = f"{family.lower()}{size}"
            r = case(key, text, names, build, args, work)
            print(f"{key}: {r}", file=sys.stderr)
            rows.append((family, len(names), r))

    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = [run([args.cc, "--version"]).stdout.splitlines()[0]]
    if args.swift:
        versions.append(run([args.swiftc, "--version"]).stdout.strip().splitlines()[0])
    if args.casadi:
        versions.append(f"CasADi {args.casadi}")
    print(f"Machine: {cpu}, {os.cpu_count()} cores; {'; '.join(versions)}; median of {args.repeat} compiles.")
    print()
    print("Compile: wall seconds (CPU seconds of the compiler and its children), peak resident MB. "
          "Ratios are of CPU seconds (the machine may be shared).")
    print()
    print("| family | inputs | language | compile s | peak MB | f_grad ns/call | CasADi compile s | CasADi peak MB "
          "| CasADi gradient ns/call | C vs CasADi | Swift vs gcc |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for family, n, r in rows:
        ca = r.get("casadi")
        for lang in ("c", "swift"):
            if lang not in r:
                continue
            wall, cpu, mb = r[lang]
            run_ns = f"{r['deriv_grad']:.4g}" if lang == "c" and "deriv_grad" in r else ""
            if ca and lang == "c":
                peer = f"{ca[0]:.2f} ({ca[1]:.2f}) | {ca[2]:.0f} | {r['casadi_grad']:.4g} | {cpu / ca[1]:.2f}x | "
            else:
                peer = " |  |  |  | " + (f"{cpu / r['c'][1]:.1f}x" if lang == "swift" else "")
            print(f"| {family} | {n:,} | {'C' if lang == 'c' else 'Swift'} | {wall:.2f} ({cpu:.2f}) | {mb:.0f} | "
                  f"{run_ns} | {peer} |")

if __name__ == "__main__":
    main()
