#!/usr/bin/env python3
"""Speed of the C that `deriv emit` writes for vector and matrix programs (docs/PERFORMANCE.md,
"Matrix programs' speed"), measured in one run against the same gradients written by hand:

- least squares `r = A*x - b; r'*r` and a dense layer `sum(tanh(W*x + b))` at m = n = 2000,
  against hand-written C (one fused pass per row, as one writes it), both `cc -O2`;
- the gradient of a 784-256-10 network (ReLU hidden layer, softmax cross-entropy loss, one
  example) with respect to its weights and biases, emitted C against NumPy written by hand.

    swift build                   # any build of deriv: the emitted code does not depend on it
    python3 Benchmarks/matrix_c_bench.py [--deriv .build/debug/deriv] [--cc cc] [--samples 15]

Times are medians of `--samples` samples, each the average of a batch of calls (the variants
taking turns), in milliseconds per call; the ratio is emitted / by hand. Each pair's values and
gradients are compared first (they agree to rounding). Prints a Markdown table.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

LEAST_SQUARES = "x: vector(n); A: matrix(m, n); b: vector(m); r = A*x - b; r'*r"
LAYER = "W: matrix(m, n); x: vector(n); b: vector(m); sum(tanh(W*x + b))"
NETWORK = ("W1: matrix(h, n); b1: vector(h); W2: matrix(k, h); b2: vector(k); x: vector(n); y: vector(k)\n"
           "z = W2*relu(W1*x + b1) + b2\n"
           "log(sum(exp(z))) - dot(y, z)")

# The same gradients written by hand in C: one pass over each row of the matrix, the forward
# product, then the outer product and the transposed product fused.
HAND = r"""
static double hand_ls(int n, int m, const double *x, const double *A, const double *b,
                      double *gx, double *gA, double *gb)
{
    double f = 0.0;
    for (int j = 0; j < n; j++) gx[j] = 0.0;
    for (int i = 0; i < m; i++) {
        const double *a = A + (size_t)i*n;
        double acc = 0.0;
        for (int k = 0; k < n; k++) acc += a[k] * x[k];
        double r = acc - b[i], t = 2.0 * r;
        f += r * r;
        gb[i] = -t;
        double *g = gA + (size_t)i*n;
        for (int j = 0; j < n; j++) { g[j] = t * x[j]; gx[j] += a[j] * t; }
    }
    return f;
}

static double hand_layer(int m, int n, const double *W, const double *x, const double *b,
                         double *gW, double *gx, double *gb)
{
    double f = 0.0;
    for (int j = 0; j < n; j++) gx[j] = 0.0;
    for (int i = 0; i < m; i++) {
        const double *w = W + (size_t)i*n;
        double acc = 0.0;
        for (int k = 0; k < n; k++) acc += w[k] * x[k];
        double y = tanh(acc + b[i]), d = 1.0 - y * y;
        f += y;
        gb[i] = d;
        double *g = gW + (size_t)i*n;
        for (int j = 0; j < n; j++) { g[j] = d * x[j]; gx[j] += w[j] * d; }
    }
    return f;
}
"""

HARNESS = r"""
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static void fill(double *v, size_t count, double seed) { for (size_t e = 0; e < count; e++) v[e] = 0.5 * sin(seed + 0.731 * e); }
static int cmp(const void *a, const void *b) { double u = *(const double *)a, v = *(const double *)b; return (u > v) - (u < v); }
static double median(double *v, int count) { qsort(v, count, sizeof *v, cmp); return v[count / 2]; }

/* The largest difference between two arrays, relative to the largest entry. */
static double differ(const double *u, const double *v, size_t count)
{
    double d = 0.0, s = 1e-300;
    for (size_t e = 0; e < count; e++) { d = fmax(d, fabs(u[e] - v[e])); s = fmax(s, fabs(v[e])); }
    return d / s;
}

int main(int argc, char **argv)
{
    int m = atoi(argv[1]), n = atoi(argv[2]), samples = atoi(argv[3]), calls = atoi(argv[4]);
    size_t mn = (size_t)m * n;
    double *A = malloc(sizeof(double) * mn), *x = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * m);
    double *g[2][3];
    for (int v = 0; v < 2; v++) {
        g[v][0] = malloc(sizeof(double) * n); g[v][1] = malloc(sizeof(double) * mn); g[v][2] = malloc(sizeof(double) * m);
    }
    fill(A, mn, 1.0); fill(x, n, 2.0); fill(b, m, 3.0);
    double *times[4];
    for (int v = 0; v < 4; v++) times[v] = malloc(sizeof(double) * samples);
    double value[4];
    /* 0: emitted least squares, 1: by hand; 2: emitted layer, 3: by hand (W = A). */
    for (int s = 0; s < samples; s++) {
        for (int v = 0; v < 4; v++) {
            double *gx = g[v % 2][0], *gM = g[v % 2][1], *gb = g[v % 2][2];
            double start = now();
            for (int c = 0; c < calls; c++) {
                switch (v) {
                case 0: value[v] = ls_grad(n, m, x, A, b, gx, gM, gb); break;
                case 1: value[v] = hand_ls(n, m, x, A, b, gx, gM, gb); break;
                case 2: value[v] = layer_grad(m, n, A, x, b, gM, gx, gb); break;
                default: value[v] = hand_layer(m, n, A, x, b, gM, gx, gb); break;
                }
            }
            times[v][s] = (now() - start) / calls;
            if (s == 0 && v % 2 == 1) {
                double d = fmax(fabs(value[v] - value[v - 1]) / fmax(1.0, fabs(value[v])),
                                fmax(differ(g[0][0], g[1][0], n), fmax(differ(g[0][1], g[1][1], mn), differ(g[0][2], g[1][2], m))));
                printf("check %d %.3g\n", v / 2, d);
            }
        }
    }
    for (int v = 0; v < 4; v++) printf("time %d %.6f\n", v, 1e3 * median(times[v], samples));
    return 0;
}
"""

NET_HARNESS = r"""
#include <stdio.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static int cmp(const void *a, const void *b) { double u = *(const double *)a, v = *(const double *)b; return (u > v) - (u < v); }
/* The values the NumPy script makes: 0.05 sin(seed + 0.731 e), y one-hot at entry 3. */
static void fill(double *v, int count, double seed) { for (int e = 0; e < count; e++) v[e] = 0.05 * sin(seed + 0.731 * e); }

int main(int argc, char **argv)
{
    int samples = atoi(argv[1]), calls = atoi(argv[2]);
    enum { N = 784, H = 256, K = 10 };
    static double W1[H * N], b1[H], W2[K * H], b2[K], x[N], y[K], gW1[H * N], gb1[H], gW2[K * H], gb2[K];
    fill(W1, H * N, 1.0); fill(b1, H, 2.0); fill(W2, K * H, 3.0); fill(b2, K, 4.0);
    for (int e = 0; e < N; e++) x[e] = 0.5 + 0.5 * sin(5.0 + 0.731 * e);
    y[3] = 1.0;
    double times[1000], value = 0.0;
    for (int s = 0; s < samples; s++) {
        double start = now();
        for (int c = 0; c < calls; c++) value = net_grad(H, N, K, W1, b1, W2, b2, x, y, gW1, gb1, gW2, gb2);
        times[s] = (now() - start) / calls;
    }
    double sum = 0.0;
    for (int e = 0; e < H * N; e++) sum += gW1[e];
    qsort(times, samples, sizeof *times, cmp);
    printf("value %.17g %.17g\ntime %.6f\n", value, sum, 1e3 * times[samples / 2]);
    return 0;
}
"""

NUMPY = r"""
import sys, time
import numpy as np

samples, calls = int(sys.argv[1]), int(sys.argv[2])
N, H, K = 784, 256, 10
fill = lambda count, seed: 0.05 * np.sin(seed + 0.731 * np.arange(count))
W1, b1 = fill(H * N, 1.0).reshape(H, N), fill(H, 2.0)
W2, b2 = fill(K * H, 3.0).reshape(K, H), fill(K, 4.0)
x = 0.5 + 0.5 * np.sin(5.0 + 0.731 * np.arange(N))
y = np.zeros(K); y[3] = 1.0

def grad(W1, b1, W2, b2, x, y):
    # The gradient by hand: ReLU hidden layer, softmax cross-entropy.
    a = W1 @ x + b1
    h = np.maximum(a, 0.0)
    z = W2 @ h + b2
    e = np.exp(z)
    s = np.sum(e)
    loss = np.log(s) - y @ z
    dz = e / s - y
    dh = W2.T @ dz
    da = dh * (a > 0)
    return loss, np.outer(da, x), da, np.outer(dz, h), dz

times = []
for _ in range(samples):
    start = time.perf_counter()
    for _ in range(calls):
        loss, gW1, gb1, gW2, gb2 = grad(W1, b1, W2, b2, x, y)
    times.append((time.perf_counter() - start) / calls)
print("value %r %r" % (float(loss), float(np.sum(gW1))))
print("time %.6f" % (1e3 * sorted(times)[len(times) // 2]))
"""


def emit(deriv, program, name, wrt=None):
    args = [deriv, "emit", "--lang", "c", program, "--name", name] + (["--wrt", wrt] if wrt else [])
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def compile_and_run(cc, directory, name, source, args):
    path = os.path.join(directory, name + ".c")
    with open(path, "w") as f:
        f.write(source)
    binary = os.path.join(directory, name)
    subprocess.run([cc, "-std=c99", "-D_POSIX_C_SOURCE=199309L", "-O2", "-o", binary, path, "-lm"], check=True)
    return subprocess.run([binary] + [str(a) for a in args], check=True, capture_output=True, text=True).stdout


def fields(output, key):
    return [line.split()[1:] for line in output.splitlines() if line.startswith(key + " ")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deriv", default=".build/debug/deriv")
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--size", type=int, default=2000, help="m = n of the least squares and the layer")
    o = parser.parse_args()

    cc_version = subprocess.run([o.cc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; {cc_version} -O2; "
          f"numpy via python {platform.python_version()}; medians of {o.samples} samples\n")
    with tempfile.TemporaryDirectory() as d:
        source = emit(o.deriv, LEAST_SQUARES, "ls") + emit(o.deriv, LAYER, "layer").split("#include <stdlib.h>", 1)[1]
        out = compile_and_run(o.cc, d, "dense", source + HAND + HARNESS, [o.size, o.size, o.samples, 3])
        checks = {int(k): float(v) for k, v in fields(out, "check")}
        times = {int(k): float(v) for k, v in fields(out, "time")}
        print("| gradient | size | emitted C, ms | by hand in C, ms | ratio | largest difference |")
        print("|---|---|---:|---:|---:|---:|")
        for k, label in [(0, "least squares `r'*r`"), (1, "dense layer `sum(tanh(W*x + b))`")]:
            e, h = times[2 * k], times[2 * k + 1]
            print(f"| {label} | m = n = {o.size} | {e:.2f} | {h:.2f} | {e / h:.2f} | {checks[k]:.1e} |")

        net = compile_and_run(o.cc, d, "net", emit(o.deriv, NETWORK, "net", "W1,b1,W2,b2") + NET_HARNESS, [o.samples, 20])
        script = os.path.join(d, "net.py")
        with open(script, "w") as f:
            f.write(NUMPY)
        py = subprocess.run([sys.executable, script, str(o.samples), "20"], check=True, capture_output=True, text=True).stdout
        (c_value, c_sum), = fields(net, "value")
        (p_value, p_sum), = fields(py, "value")
        c_time, p_time = float(fields(net, "time")[0][0]), float(fields(py, "time")[0][0])
        print(f"\n| 784-256-10 network, one example | emitted C, ms | NumPy by hand, ms | ratio C / NumPy | loss (C, NumPy) | sum of dL/dW1 (C, NumPy) |")
        print("|---|---:|---:|---:|---|---|")
        print(f"| ReLU, softmax cross-entropy | {c_time:.3f} | {p_time:.3f} | {c_time / p_time:.2f} | {c_value}, {p_value} | {c_sum}, {p_sum} |")


if __name__ == "__main__":
    main()
