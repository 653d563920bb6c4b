#!/usr/bin/env python3
"""Whole-process times of `deriv grad --points` and `deriv eval --points`: reading the CSV,
evaluating, writing the output.

Two series, each written as a Markdown table:
- rows: a 3-input program at many points (default 1,000,000), with numbers of 6 decimals
  (`-3.141593`, as measured data usually has) and with full-precision random doubles
  (`0.8444218515250481`, 16-17 digits: the slow case for reading and writing alike);
- columns: a program of N inputs (1,000 to 40,000; a sum of squares) at 10 points, to show
  that the time grows linearly with the columns.

Each command is run `--runs` times and the median taken; the output goes to /dev/null. With two
binaries (a build before a change and one after it) both are timed in the same run, alternating.

Usage:
  swift build -c release --product deriv
  python3 Benchmarks/points_times.py .build/release/deriv [--points 1000000] [--runs 5]
  python3 Benchmarks/points_times.py /tmp/before/deriv .build/release/deriv --runs 3
Needs only the Python standard library.
"""
import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time

PROGRAM = "r = sqrt(x^2 + y^2 + z^2); exp(-r)*sin(x*y) + log(1 + z^2)"
COLUMNS = [1_000, 10_000, 20_000, 40_000]
COLUMN_ROWS = 10


def write_rows(path, points, digits):
    rng = random.Random(20)
    with open(path, "w") as f:
        f.write("x,y,z\n")
        for _ in range(points):
            values = (rng.uniform(-4, 4) for _ in range(3))
            f.write(",".join(f"{v:.{digits}f}" if digits else repr(v) for v in values) + "\n")


def write_columns(directory, n):
    rng = random.Random(n)
    names = [f"x{k}" for k in range(1, n + 1)]
    program = os.path.join(directory, f"sum{n}.deriv")
    with open(program, "w") as f:
        f.write(" + ".join(f"{name}^2" for name in names) + "\n")
    points = os.path.join(directory, f"cols{n}.csv")
    with open(points, "w") as f:
        f.write(",".join(names) + "\n")
        for _ in range(COLUMN_ROWS):
            f.write(",".join(f"{rng.uniform(-1, 1):.6f}" for _ in names) + "\n")
    return program, points


def seconds(binary, args):
    """The time of one run, or None when the command fails (`eval --points` before it existed)."""
    start = time.perf_counter()
    done = subprocess.run([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start if done.returncode == 0 else None


def medians(binaries, args, runs):
    times = [[] for _ in binaries]
    for _ in range(runs):
        for k, binary in enumerate(binaries):
            times[k].append(seconds(binary, args))
    return [None if None in t else statistics.median(t) for t in times]


def cells(values, points=None):
    out = []
    for t in values:
        if t is None:
            out.append("fails")
            continue
        out.append(f"{t:.3f} s" + (f" ({points / t / 1e6:.2f} M points/s)" if points else ""))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+", help="one deriv binary, or two: before and after")
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["rows", "columns"])
    args = parser.parse_args()
    names = ["before", "after"] if len(args.binaries) == 2 else ["time"]
    with tempfile.TemporaryDirectory() as directory:
        if args.only != "columns":
            print(f"\n`{PROGRAM}` at {args.points:,} points (3 inputs), whole process, median of {args.runs}\n")
            print("| command | numbers | " + " | ".join(names) + " |")
            print("|---|---|" + "---:|" * len(names))
            for label, digits in [("6 decimals", 6), ("full precision", None)]:
                path = os.path.join(directory, f"rows{digits}.csv")
                write_rows(path, args.points, digits)
                for command in ["grad", "eval"]:
                    t = medians(args.binaries, [command, PROGRAM, "--points", path], args.runs)
                    print(f"| `{command} --points` | {label} | " + " | ".join(cells(t, args.points)) + " |")
        if args.only != "rows":
            print(f"\n`grad --points` of a sum of N squares at {COLUMN_ROWS} points, whole process, median of {args.runs}\n")
            print("| columns | " + " | ".join(names) + " |")
            print("|---:|" + "---:|" * len(names))
            for n in COLUMNS:
                program, points = write_columns(directory, n)
                t = medians(args.binaries, ["grad", "-f", program, "--points", points], args.runs)
                print(f"| {n:,} | " + " | ".join(cells(t)) + " |")


if __name__ == "__main__":
    main()
