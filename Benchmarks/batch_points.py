#!/usr/bin/env python3
"""Gradients at many points in C: the batch function `deriv emit --lang c --batch` writes
(`f_grad_batch`), a loop calling `f_grad` once per point, and CasADi's generated C for
`Function.map(N, "serial")`, timed in one harness (docs/PERFORMANCE.md, "Many points in C").

    swift build -c release
    python3 Benchmarks/batch_points.py [--deriv .build/release/deriv] [--cc gcc] [--points 4096] [--rounds 21]

For each program it emits the unit and its header with deriv (`--batch`; `--array` for the
100-input Rosenbrock), builds the same function and gradient in CasADi (SX, common
subexpressions eliminated) and generates C for it mapped over N points, and compiles all three
with each set of flags (`-std=c99` and `-O2`, `-O3 -mavx2`, `-O3 -march=native`). The harness, in a file of
its own (so the loop's calls to `f_grad` are calls, as from a client's file), checks that the
batch gives the loop's numbers bit for bit and measures how far CasADi's are from them, then
takes turns: a sample of each method (about 10 ms of calls, CPU time of the thread) per round;
it writes deriv's results to a file, and the script checks they are the `-O2` build's bit for bit.
It prints millions of points a second, medians over the rounds, as a Markdown table. Whether
GCC vectorized the batch loop is read from `-fopt-info-vec-optimized`.

CasADi's `map` with "openmp" or "thread" runs points on several threads; deriv's batch is one
thread, so only the serial map is compared. "unroll" writes one call per point into the code
(N copies), which is not a batch entry point; it is left out. CasADi is optional: without it
the table has deriv's two columns only.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

NETWORK = ("net_h1 = w1*0.05 + w2*0.10 + b1; net_h2 = w3*0.05 + w4*0.10 + b1; "
           "out_h1 = sigmoid(net_h1); out_h2 = sigmoid(net_h2); "
           "net_o1 = w5*out_h1 + w6*out_h2 + b2; net_o2 = w7*out_h1 + w8*out_h2 + b2; "
           "out_o1 = sigmoid(net_o1); out_o2 = sigmoid(net_o2); "
           "E_total = 0.5*(0.01 - out_o1)^2 + 0.5*(0.99 - out_o2)^2")


def rosenbrock(n):
    return " + ".join(f"(100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2)" for i in range(1, n))


# (label, key, program, --array)
PROGRAMS = [
    ("Rosenbrock, 2 inputs", "rosen2", "(1 - x)^2 + 100*(y - x^2)^2", False),
    ("the notes' 2-2-2 network, 10 inputs", "net", NETWORK, False),
    ("arithmetic of 8 inputs", "poly8", "p = a*b + c*d + f*g + h*k; q = a - b + c*k; p*q + (f - g)^2*h", False),
    ("sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))", "seed001", "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))", False),
    ("Rosenbrock, 100 inputs, --array", "rosen100", rosenbrock(100), True),
]

# Programs whose points would take more numbers than this are left out (8 bytes each, four copies).
MAX_NUMBERS = 20_000_000

# The first is the reference: x86-64's baseline has no FMA, so nothing can be fused there.
FLAGS = [("-O2", ["-std=c99", "-O2"]), ("-O3 -mavx2", ["-std=c99", "-O3", "-mavx2"]),
         ("-O3 -march=native", ["-std=c99", "-O3", "-march=native"])]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def casadi_function(ca, program, inputs, array, points):
    """The program as CasADi SX (its statements evaluated in order over SX symbols), its value and
    gradient as one function, mapped over `points` points, serially."""
    env = {"sin": ca.sin, "cos": ca.cos, "exp": ca.exp, "sqrt": ca.sqrt, "tanh": ca.tanh, "log": ca.log,
           "sigmoid": lambda u: 1 / (1 + ca.exp(-u))}
    if array:
        x = ca.SX.sym("x", len(inputs))
        env.update({name: x[k] for k, name in enumerate(inputs)})
        args = [x]
    else:
        args = [ca.SX.sym(name) for name in inputs]
        env.update(dict(zip(inputs, args)))
    value = None
    for statement in program.replace("^", "**").split(";"):
        name, _, expression = statement.rpartition("=")
        value = eval(expression, {"__builtins__": {}}, env)
        if name.strip():
            env[name.strip()] = value
    gradient = ca.gradient(value, ca.vertcat(*args))
    outputs = [value, gradient] if array else [value] + [gradient[k] for k in range(len(inputs))]
    f = ca.Function("casadi_f_grad", args, outputs, {"cse": True})
    return f.map(points, "serial")


HARNESS = r"""
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "f.h"
%(casadi_include)s
#define N %(n)d
#define K %(k)d

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double in[N * K], values[3][N], grads[3][N * K];

static void batch(void) { %(batch)s }
static void loop(void)
{
    for (int i = 0; i < N; i++) { %(loop)s }
}
%(casadi_code)s
typedef void (*method)(void);
static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    const char *names[3] = {"batch", "loop", "casadi"};
    method methods[3] = {batch, loop, %(casadi_method)s};
    int count = %(methods)d;
    unsigned s = 12345u;
    for (int k = 0; k < N * K; k++) {   /* uniform in [-2, 2], the same every run */
        s = s * 1103515245u + 12345u;
        in[k] = 4.0 * (double)((s >> 8) & 0xFFFFFF) / 16777216.0 - 2.0;
    }
    for (int m = 0; m < count; m++) methods[m]();
    long differ = 0;
    for (int k = 0; k < N; k++) differ += memcmp(&values[0][k], &values[1][k], sizeof(double)) != 0;
    for (int k = 0; k < N * K; k++) differ += memcmp(&grads[0][k], &grads[1][k], sizeof(double)) != 0;
    double worst = 0.0;
    for (int k = 0; count > 2 && k < N * K; k++) {
        double a = k < N ? values[0][k] : 0.0, b = k < N ? values[2][k] : 0.0;
        double d = fabs(a - b) / (fabs(a) > 1.0 ? fabs(a) : 1.0);
        double e = fabs(grads[0][k] - grads[2][k]) / (fabs(grads[0][k]) > 1.0 ? fabs(grads[0][k]) : 1.0);
        if (d > worst) worst = d;
        if (e > worst) worst = e;
    }
    printf("bits_differ %%ld\ncasadi_difference %%.3g\n", differ, worst);
    FILE *results = fopen("results.bin", "wb");
    if (results == NULL || fwrite(values[0], sizeof(double), N, results) != N
        || fwrite(grads[0], sizeof(double), (size_t)N * K, results) != (size_t)N * K || fclose(results) != 0) return 1;
    long reps[3];
    for (int m = 0; m < count; m++)
        for (reps[m] = 1;; reps[m] *= 2) {
            double t0 = now();
            for (long r = 0; r < reps[m]; r++) methods[m]();
            if (now() - t0 > 0.01) break;
        }
    static double samples[3][%(rounds)d];
    for (int round = 0; round < %(rounds)d; round++)
        for (int m = 0; m < count; m++) {
            double t0 = now();
            for (long r = 0; r < reps[m]; r++) methods[m]();
            samples[m][round] = (double)(reps[m] * N) / (now() - t0);
        }
    for (int m = 0; m < count; m++) {
        qsort(samples[m], %(rounds)d, sizeof(double), compare);
        printf("%%s %%.6g\n", names[m], samples[m][%(rounds)d / 2]);
    }
    return 0;
}
"""


def harness(inputs, array, points, rounds, casadi):
    k = len(inputs)
    if array:
        batch = "f_grad_batch(N, in, values[0], grads[0]);"
        loop = "values[1][i] = f_grad(in + i*K, grads[1] + i*K);"
    else:
        batch = "f_grad_batch(N, " + "".join(f"in + {j}*N, " for j in range(k)) + "values[0], grads[0]);"
        loop = ("double g[K]; values[1][i] = f_grad(" + ", ".join(f"in[{j}*N + i]" for j in range(k)) + ", g); "
                + " ".join(f"grads[1][{j}*N + i] = g[{j}];" for j in range(k)))
    casadi_code = ""
    if casadi:
        arguments = ["in"] if array else [f"in + {j}*N" for j in range(k)]
        results = ["values[2]", "grads[2]"] if array else ["values[2]"] + [f"grads[2] + {j}*N" for j in range(k)]
        casadi_code = f"""
static const casadi_real *arg[{max(casadi['arg'], 1)}];
static casadi_real *res[{max(casadi['res'], 1)}];
static casadi_int iw[{max(casadi['iw'], 1)}];
static casadi_real w[{max(casadi['w'], 1)}];
static void mapped(void)
{{
    {" ".join(f"arg[{j}] = {a};" for j, a in enumerate(arguments))}
    {" ".join(f"res[{j}] = {r};" for j, r in enumerate(results))}
    {casadi['name']}(arg, res, iw, w, 0);
}}
"""
    return HARNESS % dict(n=points, k=k, rounds=rounds, batch=batch, loop=loop, casadi_code=casadi_code,
                          casadi_include='#include "casadi.h"\n#include <math.h>' if casadi else "#include <math.h>",
                          casadi_method="mapped" if casadi else "0", methods=3 if casadi else 2)


def bench(deriv, cc, program, array, points, rounds, work, ivdep=True):
    options = ["--lang", "c", "--name", "f", "--batch"] + (["--array"] if array else [])
    code = run([deriv, "emit", "-"] + options, input=program).stdout
    header = run([deriv, "emit", "-"] + options + ["--header"], input=program).stdout
    listed = re.search(r"Inputs, in order: (.*)\. Output", code).group(1)
    many = re.fullmatch(r"([a-z]+)1, .*, \.\.\., [a-z]+(\d+) \(\d+\)", listed)  # x1, x2, x3, ..., x100 (100)
    inputs = [f"{many.group(1)}{i}" for i in range(1, int(many.group(2)) + 1)] if many else listed.split(", ")
    if points * len(inputs) > MAX_NUMBERS:
        return None
    if not ivdep:  # the batch loop as it was before the pragma, for comparison
        code = code.replace("#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC ivdep\n#endif\n", "")
    with open(os.path.join(work, "f.c"), "w") as fh:
        fh.write(code)
    with open(os.path.join(work, "f.h"), "w") as fh:
        fh.write(header)
    casadi = None
    try:
        import casadi as ca
    except ImportError:
        ca = None
    if ca is not None:
        mapped = casadi_function(ca, program, inputs, array, points)
        generator = ca.CodeGenerator("casadi.c", {"with_header": True})
        generator.add(mapped)
        generator.generate(work + os.sep)
        casadi = dict(name=mapped.name(), arg=mapped.sz_arg(), res=mapped.sz_res(), iw=mapped.sz_iw(), w=mapped.sz_w())
    with open(os.path.join(work, "main.c"), "w") as fh:
        fh.write(harness(inputs, array, points, rounds, casadi))
    results = {}
    reference = None
    for label, flags in FLAGS:
        report = run([cc] + flags + ["-fopt-info-vec-optimized", "-c", "f.c", "-o", "f.o"], cwd=work).stderr
        batch_line = next(i + 1 for i, line in enumerate(code.splitlines()) if line.startswith("void f_grad_batch("))
        vectorized = any(int(m.group(1)) > batch_line for m in re.finditer(r"f\.c:(\d+):\d+: optimized: loop vectorized", report))
        objects = ["f.o", "main.o"]
        run([cc] + flags + ["-c", "main.c", "-o", "main.o"], cwd=work)
        if casadi:
            run([cc] + flags + ["-c", "casadi.c", "-o", "casadi.o"], cwd=work)
            objects.append("casadi.o")
        run([cc] + flags + ["-o", "bench"] + objects + ["-lm"], cwd=work)
        out = run([os.path.join(work, "bench")], cwd=work).stdout
        r = dict(line.split() for line in out.splitlines())
        with open(os.path.join(work, "results.bin"), "rb") as fh:
            bits = fh.read()
        reference = reference or bits
        r["same_bits"] = float(bits == reference)
        if int(r["bits_differ"]) != 0:
            sys.exit(f"f_grad_batch differs from f_grad in {r['bits_differ']} numbers ({label})")
        results[label] = dict(vectorized=vectorized, **{k: float(v) for k, v in r.items()})
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deriv", default=".build/release/deriv")
    parser.add_argument("--cc", default="gcc")
    parser.add_argument("--points", type=int, default=4096)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--keep", help="keep the generated files in this directory")
    parser.add_argument("--no-ivdep", action="store_true", help="take the `#pragma GCC ivdep` out of the batch loop")
    args = parser.parse_args()
    deriv = os.path.abspath(args.deriv)
    base = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="deriv-batch-")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    flags = sorted(set(re.findall(r"\bavx[0-9a-z_]*", open("/proc/cpuinfo").read())))
    print(f"{args.points:,} points, median of {args.rounds} rounds taking turns; {cpu}, {os.cpu_count()} cores, "
          f"{' '.join(flags)}; {run([args.cc, '--version']).stdout.splitlines()[0]}")
    try:
        import casadi
        print(f"CasADi {casadi.__version__}")
    except ImportError:
        print("CasADi is not installed: deriv's columns only")
    print()
    print("| program | flags | f_grad_batch | loop calling f_grad | CasADi map serial | batch / loop | batch / CasADi "
          "| loop vectorized | bits as -O2 | CasADi's difference |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|---:|")
    for label, key, program, array in PROGRAMS:
        work = os.path.join(base, key)
        os.makedirs(work, exist_ok=True)
        measured = bench(deriv, args.cc, program, array, args.points, args.rounds, work, not args.no_ivdep)
        if measured is None:
            print(f"| {label} | left out: more than {MAX_NUMBERS:,} numbers | | | | | | | | |")
            continue
        for flag, r in measured.items():
            casadi = r.get("casadi")
            print(f"| {label} | `{flag}` | {r['batch'] / 1e6:.1f} M/s | {r['loop'] / 1e6:.1f} M/s | "
                  + (f"{casadi / 1e6:.1f} M/s | " if casadi else "— | ")
                  + f"{r['batch'] / r['loop']:.2f}x | " + (f"{r['batch'] / casadi:.2f}x" if casadi else "—")
                  + f" | {'yes' if r['vectorized'] else 'no'} | {'yes' if r['same_bits'] else '**no**'} | "
                  + (f"{r['casadi_difference']:.1e} |" if casadi else "— |"), flush=True)


if __name__ == "__main__":
    sys.exit(main())
