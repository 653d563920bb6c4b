#!/usr/bin/env python3
"""Gradients at many points in Python: one call of the code `deriv emit --lang numpy` writes,
against a Python loop over the math-only module of `deriv emit --lang python`, measured in the
same run (docs/PERFORMANCE.md, "Many points in Python").

    swift build -c release
    python3 Benchmarks/numpy_points.py [--deriv .build/release/deriv] [--points 100000] [--runs 7]

For each program it emits both modules, draws the points once (uniform in [-2, 2]), checks that
the two agree to 1e-12 at every point, and times `f_grad` over all of them: one call with an
array per input, and a loop calling the math-only `f_grad` per point (and, for Rosenbrock's
function, the gradient in NumPy written by hand). It prints the medians of
`--runs` runs and their ratio as a Markdown table. Needs NumPy.
"""
import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

def rosenbrock_by_hand(x, y):
    """Rosenbrock's function and its gradient in NumPy written by hand, for reference."""
    a, b = 1.0 - x, y - x * x
    return a * a + 100.0 * b * b, (-2.0 * a - 400.0 * b * x, 200.0 * b)


PROGRAMS = [
    ("Rosenbrock, 2 inputs", "(1 - x)^2 + 100*(y - x^2)^2", rosenbrock_by_hand),
    ("the notes' 2-2-2 network, 10 inputs",
     "net_h1 = w1*0.05 + w2*0.10 + b1; net_h2 = w3*0.05 + w4*0.10 + b1; "
     "out_h1 = sigmoid(net_h1); out_h2 = sigmoid(net_h2); "
     "net_o1 = w5*out_h1 + w6*out_h2 + b2; net_o2 = w7*out_h1 + w8*out_h2 + b2; "
     "out_o1 = sigmoid(net_o1); out_o2 = sigmoid(net_o2); "
     "E_total = 0.5*(0.01 - out_o1)^2 + 0.5*(0.99 - out_o2)^2", None),
]


def module(deriv, program, language, directory):
    """The module `deriv emit --lang language` writes for program, imported."""
    path = os.path.join(directory, f"{language}_{abs(hash(program))}.py")
    with open(path, "w") as out:
        subprocess.run([deriv, "emit", "--lang", language, program], stdout=out, check=True)
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def median_seconds(run, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deriv", default=".build/release/deriv")
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    print(f"{args.points:,} points, median of {args.runs} runs; {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, NumPy {np.__version__}\n")
    print("| program | NumPy, one call | math-only module, a loop | ratio | NumPy by hand |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as directory:
        for label, program, by_hand in PROGRAMS:
            vectorized = module(args.deriv, program, "numpy", directory)
            scalar = module(args.deriv, program, "python", directory)
            n = scalar.f_grad.__code__.co_argcount
            inputs = list(rng.uniform(-2, 2, size=(n, args.points)))
            rows = [tuple(float(v) for v in point) for point in zip(*inputs)]
            value, gradient = vectorized.f_grad(*inputs)
            for k, point in enumerate(rows[:: max(1, args.points // 1000)]):
                v, g = scalar.f_grad(*point)
                i = k * max(1, args.points // 1000)
                assert np.allclose([v, *g], [value[i]] + [d[i] for d in gradient], rtol=1e-12, atol=0), (label, point)
            one_call = median_seconds(lambda: vectorized.f_grad(*inputs), args.runs)
            loop = median_seconds(lambda: [scalar.f_grad(*point) for point in rows], args.runs)
            hand = f"{median_seconds(lambda: by_hand(*inputs), args.runs) * 1e3:.1f} ms" if by_hand else "—"
            print(f"| {label} | {one_call * 1e3:.1f} ms | {loop * 1e3:.0f} ms | {loop / one_call:.0f}x | {hand} |")


if __name__ == "__main__":
    sys.exit(main())
