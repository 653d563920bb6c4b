#!/usr/bin/env python3
"""Cost of a gradient in the C that `deriv emit` writes, against the function alone and
against CasADi's generated C, measured in the same run (docs/PERFORMANCE.md, "Emitted C against CasADi").

    swift build -c release
    pip install casadi            # the peer; used for this benchmark only
    python3 Benchmarks/emit_c_bench.py [--deriv .build/release/deriv] [--cc gcc]

For each problem it emits `f` and `f_grad` with deriv, builds the same function and its
gradient with CasADi (SX, common subexpressions eliminated) and generates C, compiles both with
`cc -O2`, and times each call in one harness: nanoseconds per call (the fastest of 15 samples of
about 20 ms, the four functions taking turns), and the ratio gradient / function, which
cheap-gradient theory bounds by a small constant (about 3 to 5). It prints a Markdown table.
"""

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

# --------------------------------------------------------------------------- problems


def rosenbrock(n):
    """Rosenbrock's function in n inputs, as a deriv program and as CasADi SX (summed in the
    same order: each term's two parts first, then the running sum)."""
    text = " + ".join(f"(100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2)" for i in range(1, n))

    def casadi(ca):
        x = ca.SX.sym("x", n)
        f = ca.sum1(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
        return x, f

    return text, [f"x{i}" for i in range(1, n + 1)], casadi


def mlp(features=8, hidden=24, samples=4):
    """Mean squared error of a one-hidden-layer tanh network over a few fixed samples; the
    weights (features*hidden + 2*hidden + 1 of them) are the inputs."""
    data = [[((s * 7 + i * 3) % 11) / 10 - 0.5 for i in range(features)] for s in range(samples)]
    targets = [((s * 5) % 7) / 7 for s in range(samples)]
    lines = []
    for s, x in enumerate(data):
        for j in range(hidden):
            terms = " + ".join(f"W{j}_{i}*{x[i]!r}" for i in range(features))
            lines.append(f"h{s}_{j} = tanh({terms} + b{j})")
        lines.append(f"y{s} = " + " + ".join(f"v{j}*h{s}_{j}" for j in range(hidden)) + " + c")
    lines.append("loss = (" + " + ".join(f"(y{s} - {targets[s]!r})^2" for s in range(samples)) + f") / {2 * samples}")
    # The inputs in CasADi's order: vec(W) is column-major, then b, v, c.
    names = [f"W{j}_{i}" for i in range(features) for j in range(hidden)]
    names += [f"b{j}" for j in range(hidden)] + [f"v{j}" for j in range(hidden)] + ["c"]

    def casadi(ca):
        W = ca.SX.sym("W", hidden, features)
        b = ca.SX.sym("b", hidden)
        v = ca.SX.sym("v", hidden)
        c = ca.SX.sym("c")
        loss = 0
        for s, x in enumerate(data):
            y = ca.dot(v, ca.tanh(ca.mtimes(W, ca.DM(x)) + b)) + c
            loss += (y - targets[s]) ** 2
        return ca.vertcat(ca.vec(W), b, v, c), loss / (2 * samples)

    return "\n".join(lines), names, casadi


def seed001():
    text = "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))"

    def casadi(ca):
        x = ca.SX.sym("x")
        return x, ca.sqrt(x ** 2 + ca.exp(x ** 2)) + ca.cos(x ** 2 + ca.exp(x ** 2))

    return text, ["x"], casadi


def product(n):
    """x1*x2*...*xn: a gradient of n products of n - 1 factors, shared as prefix and suffix products."""
    text = "*".join(f"x{i}" for i in range(1, n + 1))

    def casadi(ca):
        x = ca.SX.sym("x", n)
        f = x[0]
        for i in range(1, n):
            f = f * x[i]
        return x, f

    return text, [f"x{i}" for i in range(1, n + 1)], casadi


def chain(depth):
    """x_{k+1} = sin(x_k)*x_k + cos(x_k), one input, as deep as asked."""
    text = "\n".join(f"x{k + 1} = sin(x{k})*x{k} + cos(x{k})" for k in range(depth))

    def casadi(ca):
        x = ca.SX.sym("x0")
        y = x
        for _ in range(depth):
            y = ca.sin(y) * y + ca.cos(y)
        return x, y

    return text, ["x0"], casadi


PROBLEMS = [
    ("Rosenbrock, 1,000 inputs", "rosenbrock", rosenbrock(1000)),
    ("MLP loss, 241 weights (8-24-1 tanh, 4 samples)", "mlp", mlp()),
    ("seed 001, sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))", "seed001", seed001()),
    ("product of 1,000 inputs", "product", product(1000)),
    ("chain sin(x)*x + cos(x), depth 1,000", "chain", chain(1000)),
]

# --------------------------------------------------------------------------- harness

HARNESS = r"""
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include "casadi_%(key)s.h"

double f(%(fparams)s);
double f_grad(%(gparams)s);

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);  /* CPU time: time spent descheduled on a busy machine does not count */
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double x[%(n)d], grad[%(n)d], out[%(n)d];
static const casadi_real *args[8];
static casadi_real *results[8];
static casadi_int iw[%(iw)d];
static casadi_real w[%(w)d];
static volatile double sink;

/* Calls per sample: enough for 20 ms. */
#define CALIBRATE(REPS, BODY)                                                    \
    for (REPS = 1;; REPS *= 2) {                                                 \
        double t0 = now();                                                       \
        for (long r = 0; r < REPS; r++) { BODY; }                                \
        if (now() - t0 > 0.02) break;                                            \
    }
/* One sample: nanoseconds per call; the fastest sample is kept (the machine is shared). */
#define SAMPLE(BEST, REPS, BODY)                                                 \
    {                                                                            \
        double t0 = now();                                                       \
        for (long r = 0; r < REPS; r++) { BODY; }                                \
        double t = (now() - t0) / REPS * 1e9;                                    \
        if (t < BEST) BEST = t;                                                  \
    }

int main(void)
{
    for (int i = 0; i < %(n)d; i++) x[i] = %(point)s;
    args[0] = x;
    /* Same values from both tools before timing anything. */
    double a = f(%(fargs)s), b = f_grad(%(gargs)s);
    results[0] = out;
    F(args, results, iw, w, 0);
    printf("check %%.17g %%.17g %%.17g %%.17g\n", a, b, out[0], grad[0]);
    /* The four functions take turns, 15 rounds, so that load on the machine hits them alike. */
    long n0, n1, n2, n3;
    double b0 = 1e300, b1 = 1e300, b2 = 1e300, b3 = 1e300;
    results[0] = out; results[1] = grad;
    CALIBRATE(n0, sink = f(%(fargs)s));
    CALIBRATE(n1, sink = f_grad(%(gargs)s));
    CALIBRATE(n2, F(args, results, iw, w, 0); sink = out[0]);
    CALIBRATE(n3, G(args, results, iw, w, 0); sink = out[0]);
    for (int round = 0; round < 15; round++) {
        SAMPLE(b0, n0, sink = f(%(fargs)s));
        SAMPLE(b1, n1, sink = f_grad(%(gargs)s));
        SAMPLE(b2, n2, F(args, results, iw, w, 0); sink = out[0]);
        SAMPLE(b3, n3, G(args, results, iw, w, 0); sink = out[0]);
    }
    printf("deriv_f %%.6g\nderiv_grad %%.6g\ncasadi_f %%.6g\ncasadi_grad %%.6g\n", b0, b1, b2, b3);
    return 0;
}
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def bench(key, text, names, build_casadi, deriv, cc, work):
    import casadi as ca

    n = len(names)
    scalar = n == 1  # seed 001 uses the contract's scalar signature; the others --array
    emitted = run([deriv, "emit", "-", "--lang", "c", "--name", "f", "--wrt", ",".join(names)]
                  + ([] if scalar else ["--array"]), input=text).stdout
    ops = re.search(r"f (\d+), f_grad (\d+)", emitted)
    with open(os.path.join(work, f"deriv_{key}.c"), "w") as fh:
        fh.write(emitted)

    x, f = build_casadi(ca)
    opts = {"cse": True}
    F = ca.Function("F", [x], [f], opts)
    G = ca.Function("G", [x], [f, ca.gradient(f, x)], opts)
    cg = ca.CodeGenerator(f"casadi_{key}.c", {"with_header": True})
    cg.add(F)
    cg.add(G)
    cg.generate(work + os.sep)
    sizes = [max(F.sz_iw(), G.sz_iw(), 1), max(F.sz_w(), G.sz_w(), 1)]

    if scalar:
        fparams, gparams, fargs, gargs = "double", "double, double *", "x[0]", "x[0], grad"
    else:
        fparams, gparams, fargs, gargs = "const double *", "const double *, double *", "x", "x, grad"
    harness = HARNESS % dict(key=key, n=n, iw=sizes[0], w=sizes[1], fparams=fparams, gparams=gparams,
                             fargs=fargs, gargs=gargs, point="0.5 + 0.001 * i")
    with open(os.path.join(work, f"bench_{key}.c"), "w") as fh:
        fh.write(harness)

    compile_seconds = {}
    for name in (f"deriv_{key}", f"casadi_{key}", f"bench_{key}"):
        t0 = time.time()
        run([cc, "-std=c99", "-O2", "-c", f"{name}.c", "-o", f"{name}.o"], cwd=work)
        compile_seconds[name] = time.time() - t0
    run([cc, "-o", f"bench_{key}", f"deriv_{key}.o", f"casadi_{key}.o", f"bench_{key}.o", "-lm"], cwd=work)
    out = run([os.path.join(work, f"bench_{key}")], cwd=work).stdout
    times = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[0] == "check":
            a, b, c, d = map(float, parts[1:])
            if abs(a - c) > 1e-9 * max(1, abs(a)) or abs(a - b) > 0:
                sys.exit(f"{key}: deriv and CasADi disagree: {line}")
        else:
            times[parts[0]] = float(parts[1])
    return dict(ops=(int(ops.group(1)), int(ops.group(2))),
                casadi_ops=(F.n_instructions(), G.n_instructions()),
                compile=(compile_seconds[f"deriv_{key}"], compile_seconds[f"casadi_{key}"]), **times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deriv", default=".build/release/deriv")
    parser.add_argument("--cc", default="gcc")
    parser.add_argument("--keep", help="keep the generated files in this directory")
    args = parser.parse_args()
    deriv = os.path.abspath(args.deriv)
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="deriv-emit-bench-")
    os.makedirs(work, exist_ok=True)

    import casadi

    rows = []
    for title, key, (text, names, build) in PROBLEMS:
        r = bench(key, text, names, build, deriv, args.cc, work)
        rows.append((title, len(names), r))
        print(f"{key}: {r}", file=sys.stderr)

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cc_version = run([args.cc, "--version"]).stdout.splitlines()[0]
    print(f"Machine: {cpu}, {os.cpu_count()} cores; {cc_version}, -O2; CasADi {casadi.__version__}.")
    print()
    print("| problem | inputs | deriv f | deriv f_grad | ratio | CasADi f | CasADi gradient | ratio | f_grad vs CasADi |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for title, n, r in rows:
        print(f"| {title} | {n:,} | {r['deriv_f']:.4g} ns | {r['deriv_grad']:.4g} ns | "
              f"{r['deriv_grad'] / r['deriv_f']:.2f}x | {r['casadi_f']:.4g} ns | {r['casadi_grad']:.4g} ns | "
              f"{r['casadi_grad'] / r['casadi_f']:.2f}x | {r['deriv_grad'] / r['casadi_grad']:.2f}x |")
    print()
    print("| problem | deriv ops f / f_grad | CasADi instructions F / G | gcc -O2 seconds, deriv / CasADi |")
    print("|---|---:|---:|---:|")
    for title, n, r in rows:
        print(f"| {title} | {r['ops'][0]:,} / {r['ops'][1]:,} | {r['casadi_ops'][0]:,} / {r['casadi_ops'][1]:,} | "
              f"{r['compile'][0]:.1f} / {r['compile'][1]:.1f} |")


if __name__ == "__main__":
    main()
