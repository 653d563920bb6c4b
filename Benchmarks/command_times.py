#!/usr/bin/env python3
"""Whole-command times of two deriv binaries, measured in the same run.

Runs each command with the binary before a change and the binary after it, alternating, and
prints the medians and their ratio as a Markdown table (the tables of docs/PERFORMANCE.md,
"What the simplifier costs"). The machines are shared and noisy: only the ratio of two binaries timed side by side
means much.

Usage:
  git worktree add /tmp/before <commit> && (cd /tmp/before && swift build -c release --product deriv)
  swift build -c release
  python3 Benchmarks/command_times.py /tmp/before/.build/release/deriv .build/release/deriv [--runs 15]
Needs only the Python standard library.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402  (the benchmark families' programs)

NETWORK = ("net_h1 = w1*0.05 + w2*0.10 + b1; net_h2 = w3*0.05 + w4*0.10 + b1; "
           "out_h1 = sigmoid(net_h1); out_h2 = sigmoid(net_h2); "
           "net_o1 = w5*out_h1 + w6*out_h2 + b2; net_o2 = w7*out_h1 + w8*out_h2 + b2; "
           "out_o1 = sigmoid(net_o1); out_o2 = sigmoid(net_o2); "
           "E_total = 0.5*(0.01 - out_o1)^2 + 0.5*(0.99 - out_o2)^2")
RANDOM = peers.program("random", 400)[0].strip().replace("\n", "; ")

COMMANDS = [
    ("`hessian` of the 2-2-2 network", ["hessian", NETWORK]),
    ("`hessian 'h = x^2 + y^2 + z^2; sqrt(h) + 1/h'`", ["hessian", "h = x^2 + y^2 + z^2; sqrt(h) + 1/h"]),
    ("`diff --order 2` of the random program", ["diff", RANDOM, "--order", "2"]),
    ("`diff 'x^3*exp(x)' --order 3`", ["diff", "x^3*exp(x)", "--order", "3"]),
    ("`emit --lang c` of the 2-2-2 network", ["emit", NETWORK, "--lang", "c"]),
]


def seconds(binary, args):
    start = time.perf_counter()
    subprocess.run([binary] + args, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def milliseconds(ms):
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print("| command | before | after | ratio |")
    print("|---|---:|---:|---:|")
    for name, command in COMMANDS:
        before, after = [], []
        for _ in range(args.runs):
            before.append(seconds(args.before, command))
            after.append(seconds(args.after, command))
        b, a = statistics.median(before) * 1000, statistics.median(after) * 1000
        print(f"| {name} | {milliseconds(b)} | {milliseconds(a)} | {a / b:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
