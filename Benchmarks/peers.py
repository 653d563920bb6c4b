#!/usr/bin/env python3
"""deriv against its peers (SymPy, CasADi, JAX) on the deriv-bench families, in one run.

    python3 Benchmarks/peers.py                   # runs deriv-bench (release) first, then the peers
    python3 Benchmarks/peers.py --quick           # the small sizes only
    python3 Benchmarks/peers.py --deriv out.json  # reuse `deriv-bench --json out.json` from this session
    python3 Benchmarks/peers.py --json peers.json # also write the peers' figures

Only peers that are installed are measured (`pip install sympy casadi jax`); nothing in deriv's
build or tests needs them. Every peer differentiates the very program deriv-bench does: this
script writes the same program text (the generators below mirror Benchmarks/Sources/deriv-bench/
Families.swift, and the text's FNV-1a hash is checked against deriv-bench's), parses it with a
small parser into each peer's expressions, and checks the function's value at the benchmark point
against deriv's.

Measured per case and peer:
- build: time to build the derivative from the function's expression (parsing excluded), as
  deriv's "reverse" column: CasADi `gradient` (or `jacobian`) + `Function`; SymPy `diff` per
  input; JAX `make_jaxpr(value_and_grad)` (tracing the function and its gradient).
- ops: operations of the function and of the value-and-gradient function, counted the same way
  as deriv counts (arithmetic operations and elementary-function calls; inputs, outputs and
  constants are free): CasADi SX instructions; SymPy `count_ops` after `cse`; JAX jaxpr
  equations (sub-jaxprs counted through, data movement free).
- eval: time per value-and-gradient evaluation: CasADi's SX virtual machine over a batch of points
  (`Function.map`, so Python's call overhead is paid once), CasADi's generated C (`gcc -O2`, one
  call), JAX `jit` (one call from Python), SymPy `lambdify` (one call from Python).
Times are medians. Ratios are deriv / peer: below 1 means deriv is faster or smaller.
"""
import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ----------------------------------------------------------------------------------------------
# The families: the same program text as Families.swift.

RANDOM_INPUTS = 10
RANDOM_FORMS = [("tanh(A*B)", 2), ("sin(A)*B", 2), ("cos(A - B)", 2), ("B/(2 + A)", 2),
                ("tanh(A + B)", 2), ("A*B", 1), ("exp(-A^2)", 3), ("log(2 + A)*B", 3)]
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def program(family, size):
    """(text, outputs or None), exactly as Case.program() in Families.swift."""
    s = []
    if family == "rosenbrock":
        n = int(size)
        for i in range(1, n):
            s.append(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" + (" +\n" if i + 1 < n else "\n"))
        return "".join(s), None
    if family == "mlp":
        inputs, hidden = [int(v) for v in size.split("-")[:2]]
        for j in range(1, hidden + 1):
            s.append(f"h{j} = tanh(" + "".join(f"w{j}_{i}*x{i} + " for i in range(1, inputs + 1)) + f"b{j})\n")
        s.append("out = " + "".join(f"v{j}*h{j} + " for j in range(1, hidden + 1)) + "c\nloss = (out - y)^2\n")
        return "".join(s), None
    if family == "chain":
        for k in range(int(size)):
            s.append(f"x{k + 1} = sin(x{k})*x{k} + cos(x{k})\n")
        return "".join(s), None
    if family == "product":
        n = int(size)
        for i in range(1, n + 1):
            s.append("x1" if i == 1 else (f" *\nx{i}" if i % 20 == 1 else f"*x{i}"))
        return "".join(s) + "\n", None
    if family == "jacobian":
        n = int(size)
        for i in range(1, n + 1):
            s.append(f"y{i} = sin(x{i})*x{i + 1}\n")
        return "".join(s), [f"y{i}" for i in range(1, n + 1)]
    if family == "random":
        rng, ops, k = SplitMix64(2024), 0, 0
        while ops < int(size):
            k += 1
            form, cost = RANDOM_FORMS[rng.next() % len(RANDOM_FORMS)]
            a = "x1" if k == 1 else f"t{k - 1}"
            j = rng.next() % (RANDOM_INPUTS + k - 1)
            b = f"x{j + 1}" if j < RANDOM_INPUTS else f"t{j - RANDOM_INPUTS + 1}"
            s.append(f"t{k} = " + form.replace("A", a).replace("B", b) + "\n")
            ops += cost
        return "".join(s), None
    raise ValueError(family)


def input_value(family, i):
    if family == "product":
        return 1 + 0.01 * math.sin(i + 1)
    if family == "mlp":
        return 0.4 * math.sin(i + 1)
    return 0.5 + 0.4 * math.sin(i + 1)


def differentiation_inputs(family, names):
    if family != "mlp":
        return list(range(len(names)))
    return [i for i, n in enumerate(names) if not n.startswith("x") and n != "y"]


def fnv1a(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return format(h, "x")

# ----------------------------------------------------------------------------------------------
# A small parser for the families' subset of the language, into a straight-line program:
# a list of (op, args) whose args index earlier entries. Loops, not recursion, for + - * /.

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|(\S))")
BINARY = {"+": (1, "add"), "-": (1, "sub"), "*": (2, "mul"), "/": (2, "div")}


class Straight:
    def __init__(self, text, outputs):
        self.code, self.inputs, self.names, self.input_index = [], [], {}, {}
        last = None
        for line in self._statements(text):
            target = None
            if len(line) > 2 and line[1] == ("op", "="):
                target, line = line[0][1], line[2:]
            self.tokens, self.pos = line, 0
            value = self._expression(0)
            if target:
                self.names[target] = value
            last = value
        self.outputs = [self.names[o] for o in outputs] if outputs else [last]

    @staticmethod
    def _statements(text):
        lines, current, depth = [], [], 0
        for raw in text.split("\n"):
            for m in TOKEN.finditer(raw):
                num, name, op = m.groups()
                if num is not None:
                    current.append(("num", float(num)))
                elif name is not None:
                    current.append(("name", name))
                elif op is not None:
                    depth += op == "("
                    depth -= op == ")"
                    current.append(("op", op))
            if current and depth == 0 and current[-1] not in [("op", o) for o in "+-*/^(,="]:
                lines.append(current)
                current = []
        return lines

    def _emit(self, op, *args):
        self.code.append((op, args))
        return len(self.code) - 1

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", None)

    def _expression(self, min_level):
        lhs = self._unary()
        while True:
            kind, op = self._peek()
            if kind != "op" or op not in BINARY or BINARY[op][0] < min_level:
                return lhs
            self.pos += 1
            level, name = BINARY[op]
            lhs = self._emit(name, lhs, self._expression(level + 1))

    def _unary(self):
        if self._peek() == ("op", "-"):
            self.pos += 1
            return self._emit("neg", self._unary())
        base = self._primary()
        if self._peek() == ("op", "^"):
            self.pos += 1
            return self._emit("pow", base, self._unary())
        return base

    def _primary(self):
        kind, v = self._peek()
        self.pos += 1
        if kind == "num":
            return self._emit("const", v)
        if kind == "op" and v == "(":
            e = self._expression(0)
            self.pos += 1
            return e
        if self._peek() == ("op", "("):
            self.pos += 1
            arg = self._expression(0)
            self.pos += 1
            return self._emit(v, arg)
        if v in self.names:
            return self.names[v]
        if v not in self.input_index:
            self.input_index[v] = len(self.inputs)
            self.inputs.append(v)
            self._emit("input", self.input_index[v])
            self.names[v] = len(self.code) - 1
        return self.names[v]

    def run(self, inputs, m):
        """The outputs computed with the namespace `m` (its sin, cos, …) over `inputs`."""
        vals = [None] * len(self.code)
        for k, (op, args) in enumerate(self.code):
            if op == "input":
                v = inputs[args[0]]
            elif op == "const":
                v = args[0]
            elif op == "add":
                v = vals[args[0]] + vals[args[1]]
            elif op == "sub":
                v = vals[args[0]] - vals[args[1]]
            elif op == "mul":
                v = vals[args[0]] * vals[args[1]]
            elif op == "div":
                v = vals[args[0]] / vals[args[1]]
            elif op == "neg":
                v = -vals[args[0]]
            elif op == "pow":
                e = self.code[args[1]]
                v = vals[args[0]] ** (int(e[1][0]) if e[0] == "const" and e[1][0] == int(e[1][0]) else vals[args[1]])
            else:
                v = getattr(m, op)(vals[args[0]])
            vals[k] = v
        return [vals[o] for o in self.outputs]

# ----------------------------------------------------------------------------------------------
# Measuring.


def median_time(fn, samples=5, minimum=0.005):
    """Median seconds per call of fn, each sample long enough to be timed well."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    calls = 1 if first >= minimum else min(100000, int(minimum / max(first, 1e-9)) + 1)
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - t0) / calls)
    return statistics.median(times)


class CasADi:
    name = "CasADi"
    max_ops = 10_000_000      # every case
    max_c_ops = 30_000        # gcc -O2 on the generated C

    def __init__(self):
        import casadi
        self.ca = casadi
        self.version = casadi.__version__

    def ops(self, f):
        ca = self.ca
        free = {ca.OP_INPUT, ca.OP_OUTPUT, ca.OP_CONST, ca.OP_PARAMETER}
        return sum(1 for k in range(f.n_instructions()) if f.instruction_id(k) not in free)

    def measure(self, case, prog, wrt, point, samples):
        ca = self.ca
        xs = [ca.SX.sym(n) for n in prog.inputs]
        outs = prog.run(xs, ca)
        w = ca.vertcat(*[xs[i] for i in wrt])
        rest = [xs[i] for i in range(len(xs)) if i not in set(wrt)]
        p = ca.vertcat(*rest) if rest else ca.SX(0, 1)
        f = ca.vertcat(*outs)
        fn = ca.Function("f", [w, p], [f])
        r = {"functionOps": self.ops(fn)}

        def build():
            d = ca.jacobian(f, w) if case["family"] == "jacobian" else ca.gradient(f, w)
            return ca.Function("g", [w, p], [f, d])
        r["buildMs"] = 1e3 * median_time(build, samples)
        g = build()
        r["gradientOps"] = self.ops(g)
        pw = [point[i] for i in wrt]
        pp = [point[i] for i in range(len(xs)) if i not in set(wrt)]
        r["value"] = float(g(pw, pp)[0][0])
        batch = max(16, min(4096, 20_000_000 // max(1, r["gradientOps"])))
        gm = g.map(batch)
        W = ca.DM(pw) @ ca.DM.ones(1, batch)
        P = ca.DM(pp) @ ca.DM.ones(1, batch) if pp else ca.DM.zeros(0, batch)
        r["vmUs"] = 1e6 * median_time(lambda: gm(W, P), samples) / batch
        if r["gradientOps"] <= self.max_c_ops and case["family"] != "jacobian":
            r["cUs"] = self.generated_c(g, pw, pp, samples)
        return r

    def generated_c(self, g, pw, pp, samples):
        if not shutil.which("gcc"):
            return None
        with tempfile.TemporaryDirectory() as d:
            cwd = os.getcwd()
            os.chdir(d)
            try:
                g.generate("g.c")
            finally:
                os.chdir(cwd)
            values = lambda v: ", ".join(repr(x) for x in v) or "0"
            driver = f"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "g.c"
static double now(void) {{ struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }}
int main(void) {{
    static double w[] = {{{values(pw)}}}, p[] = {{{values(pp)}}};
    casadi_int n_arg, n_res, n_iw, n_w;
    g_work(&n_arg, &n_res, &n_iw, &n_w);
    const double **arg = malloc(sizeof(double *) * (n_arg + 2));
    double **res = malloc(sizeof(double *) * (n_res + 2));
    casadi_int *iw = malloc(sizeof(casadi_int) * (n_iw + 1));
    double *work = malloc(sizeof(double) * (n_w + 1));
    double *val = malloc(sizeof(double)), *grad = malloc(sizeof(double) * {len(pw) + 1});
    arg[0] = w; arg[1] = p; res[0] = val; res[1] = grad;
    double sink = 0;
    for (int s = 0; s < {samples}; s++) {{
        long calls = 0; double t0 = now(), t;
        do {{
            for (int k = 0; k < 100; k++) {{
                __asm__ volatile("" : : "r"(w), "r"(p) : "memory");
                g(arg, res, iw, work, 0);
                sink += val[0];
            }}
            calls += 100;
        }} while ((t = now() - t0) < 0.05);
        printf("%.9g\\n", t / calls * 1e6);
    }}
    fprintf(stderr, "%g\\n", sink);
    return 0;
}}
"""
            with open(os.path.join(d, "main.c"), "w") as f:
                f.write(driver)
            exe = os.path.join(d, "bench")
            if subprocess.run(["gcc", "-O2", "-o", exe, os.path.join(d, "main.c"), "-lm"],
                              capture_output=True).returncode != 0:
                return None
            out = subprocess.run([exe], capture_output=True, text=True).stdout.split()
            return statistics.median(float(v) for v in out)


class SymPy:
    name = "SymPy"
    # Largest size per family: expression trees of a chain or a random program grow
    # exponentially with depth, and cse/count_ops are slow, so only small cases.
    limits = {"rosenbrock": 100, "chain": 10, "product": 100, "jacobian": 100, "random": 0}

    def __init__(self):
        import sympy
        self.sp = sympy
        self.version = sympy.__version__

    def count(self, exprs):
        repl, reduced = self.sp.cse(exprs)
        return sum(self.sp.count_ops(e) for _, e in repl) + sum(self.sp.count_ops(e) for e in reduced)

    def measure(self, case, prog, wrt, point, samples):
        sp = self.sp
        xs = sp.symbols(prog.inputs)
        xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
        outs = prog.run(xs, sp)
        r = {"functionOps": self.count(outs)}
        build = lambda: [sp.diff(o, xs[i]) for o in outs for i in wrt]
        r["buildMs"] = 1e3 * median_time(build, min(samples, 3))
        grads = build()
        r["gradientOps"] = self.count(outs + grads)
        fn = sp.lambdify(xs, outs + grads, "math")
        r["value"] = float(fn(*point)[0])
        r["pythonUs"] = 1e6 * median_time(lambda: fn(*point), samples)
        return r


class JAX:
    name = "JAX"
    max_trace_ops = 20_000    # make_jaxpr grows faster than linearly (56 s for 100,000 operations)
    max_jit_ops = 5_000       # XLA's compile time and memory grow fast with scalar arguments
    max_jit_inputs = 300
    free = {"convert_element_type", "broadcast_in_dim", "copy", "copy_p", "squeeze", "reshape"}

    def __init__(self):
        os.environ.setdefault("JAX_PLATFORMS", "cpu")
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        self.jax, self.jnp = jax, jnp
        self.version = jax.__version__

    def count(self, jaxpr):
        n = 0
        for eqn in jaxpr.eqns:
            subs = [v for v in eqn.params.values() if hasattr(v, "eqns") or hasattr(v, "jaxpr")]
            if subs:
                n += sum(self.count(s.jaxpr if hasattr(s, "jaxpr") else s) for s in subs)
            elif eqn.primitive.name not in self.free:
                n += 1
        return n

    def measure(self, case, prog, wrt, point, samples):
        if case["family"] == "jacobian":
            return None
        jax, jnp = self.jax, self.jnp
        f = lambda *args: prog.run(args, jnp)[0]
        args = [jnp.float64(v) for v in point]
        r = {"functionOps": self.count(jax.make_jaxpr(f)(*args).jaxpr)}
        # A new function each time: JAX caches traces by function, and a cache hit is no build.
        build = lambda: jax.make_jaxpr(jax.value_and_grad(lambda *a: f(*a), argnums=tuple(wrt)))(*args)
        r["buildMs"] = 1e3 * median_time(build, min(samples, 3))
        r["gradientOps"] = self.count(build().jaxpr)
        vg = jax.value_and_grad(f, argnums=tuple(wrt))
        if r["gradientOps"] <= self.max_jit_ops and len(point) <= self.max_jit_inputs:
            jitted = jax.jit(vg)
            r["value"] = float(jitted(*args)[0])
            r["jitUs"] = 1e6 * median_time(lambda: jax.block_until_ready(jitted(*args)), samples)
        return r

# ----------------------------------------------------------------------------------------------
# The run.


def ops_of(case_result):
    return case_result.get("functionOps", 0)


def run_peers(deriv_results, peers, samples):
    rows = []
    for d in deriv_results:
        case = {"family": d["family"], "size": d["size"]}
        text, outputs = program(d["family"], d["size"])
        if fnv1a(text) != d["textHash"]:
            sys.exit(f"peers.py: the program text of {d['family']} {d['size']} differs from deriv-bench's")
        prog = Straight(text, outputs)
        wrt = differentiation_inputs(d["family"], prog.inputs)
        point = [input_value(d["family"], i) for i in range(len(prog.inputs))]
        row = {"case": case, "deriv": d, "peers": {}}
        for peer in peers:
            if not applicable(peer, d):
                continue
            print(f"  {peer.name} {d['family']} {d['size']}…", file=sys.stderr, flush=True)
            try:
                r = peer.measure(case, prog, wrt, point, samples)
            except Exception as e:  # a peer that fails on a case is reported, not fatal
                print(f"    {peer.name} failed: {e}", file=sys.stderr)
                continue
            if r is None:
                continue
            if "value" in r and not math.isclose(r["value"], d["value"], rel_tol=1e-9, abs_tol=1e-12):
                sys.exit(f"peers.py: {peer.name} computes {r['value']} for {d['family']} {d['size']}, deriv {d['value']}")
            row["peers"][peer.name] = r
        rows.append(row)
    return rows


def applicable(peer, d):
    if isinstance(peer, SymPy):
        return d["size"] == "10-20-1" if d["family"] == "mlp" else int(d["size"]) <= SymPy.limits[d["family"]]
    if isinstance(peer, JAX):
        return d["functionOps"] <= JAX.max_trace_ops
    return True


def fmt(v, digits=None):
    if v is None:
        return "—"
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:.3f}" if v < 1 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def table(header, rows):
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    line = lambda r: "| " + " | ".join(str(v).ljust(w) if c < 2 else str(v).rjust(w)
                                       for c, (v, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 2) if c < 2 else "-" * (w + 1) + ":" for c, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def report(rows, peers):
    names = [p.name for p in peers]
    out = []
    # 1. Time to differentiate.
    header = ["family", "size", "deriv ms"] + sum(([f"{n} ms", f"deriv/{n}"] for n in names), [])
    body = []
    for r in rows:
        d = r["deriv"]
        line = [d["family"], d["size"], fmt(d["reverseMs"])]
        for n in names:
            p = r["peers"].get(n)
            line += [fmt(p["buildMs"]) if p else "—", fmt(d["reverseMs"] / p["buildMs"], 2) if p else "—"]
        body.append(line)
    out.append("Time to differentiate (deriv: reverse mode, parse excluded):\n\n" + table(header, body))
    # 2. Operation counts.
    header = ["family", "size", "deriv fn", "deriv grad", "deriv ratio"] + \
        sum(([f"{n} fn", f"{n} grad", f"{n} ratio"] for n in names), [])
    body = []
    for r in rows:
        d = r["deriv"]
        line = [d["family"], d["size"], d["functionOps"], d["gradientOps"], fmt(d["gradientOps"] / d["functionOps"], 2)]
        for n in names:
            p = r["peers"].get(n)
            line += [p["functionOps"], p["gradientOps"], fmt(p["gradientOps"] / max(1, p["functionOps"]), 2)] if p else ["—"] * 3
        body.append(line)
    out.append("Operations: function, value and gradient, and their ratio (lower is better):\n\n" + table(header, body))
    # 3. Evaluation.
    header = ["family", "size", "deriv interp µs", "deriv batch µs/pt", "deriv C µs",
              "CasADi VM µs/pt", "CasADi C µs", "JAX jit µs", "SymPy µs", "batch/CasADi VM", "deriv C/CasADi C"]
    body = []
    for r in rows:
        d, ca, jx, sy = r["deriv"], r["peers"].get("CasADi", {}), r["peers"].get("JAX", {}), r["peers"].get("SymPy", {})
        dc, cc, vm = d.get("emittedCUs"), ca.get("cUs"), ca.get("vmUs")
        body.append([d["family"], d["size"], fmt(d["evalUs"]), fmt(d["batchUs"]), fmt(dc), fmt(vm), fmt(cc),
                     fmt(jx.get("jitUs")), fmt(sy.get("pythonUs")),
                     fmt(d["batchUs"] / vm, 2) if vm else "—", fmt(dc / cc, 2) if dc and cc else "—"])
    out.append("Evaluation of value and gradient, per point:\n\n" + table(header, body))
    return "\n\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--deriv", help="deriv-bench --json output from this session (default: run it now)")
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--json", help="write the peers' figures here")
    ap.add_argument("--only", help="comma-separated families")
    args = ap.parse_args()

    if args.deriv:
        with open(args.deriv) as f:
            deriv = json.load(f)
    else:
        path = os.path.join(tempfile.mkdtemp(), "deriv.json")
        cmd = ["swift", "run", "-c", "release", "deriv-bench", "--json", path] + (["--quick"] if args.quick else [])
        if args.only:
            cmd += ["--only", args.only]
        print("$ " + " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
        with open(path) as f:
            deriv = json.load(f)
    results = [d for d in deriv["results"] if not args.only or d["family"] in args.only.split(",")]

    peers = []
    for cls in (CasADi, SymPy, JAX):
        try:
            peers.append(cls())
        except Exception as e:
            print(f"{cls.name}: not installed ({e.__class__.__name__}); skipped", file=sys.stderr)
    samples = 3 if deriv.get("quick") else 5
    rows = run_peers(results, peers, samples)
    print(deriv["machine"])
    print("peers: " + ", ".join(f"{p.name} {p.version}" for p in peers))
    print()
    print(report(rows, peers))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": deriv["machine"], "peers": {p.name: p.version for p in peers}, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
