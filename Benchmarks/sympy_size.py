#!/usr/bin/env python3
"""Size of deriv's printed derivatives against SymPy's, on the corpus of the golden tests.

For every program of Tests/DerivKitTests/Fixtures/diff/corpus.txt this prints the number of
operations in `deriv diff`'s output (all partial derivatives, with the shared parts it names
counted once) and in SymPy's `diff` of the same function (one expression per input, as SymPy
returns them). Both are counted the same way: each printed expression is parsed by SymPy
without evaluation and measured with `count_ops`. Programs with comparisons or conditionals
(which SymPy writes with Heaviside/Piecewise) are left out.

The same for second derivatives: `deriv hessian`'s printed entries (the upper triangle, shared
parts counted once; for one input, `d^2/dx^2`) against SymPy's `diff(f, x_r, x_c)` for r <= c.

It also prints the cost of the chain x_{k+1} = sin(x_k)*x_k + cos(x_k): operations of the
printed derivative (with the function values it needs) over operations of the function.

Usage: swift build -c release && python3 Benchmarks/sympy_size.py [--deriv PATH] [--table]
Needs SymPy (pip install sympy); not needed by the build or the tests.
"""
import argparse
import os
import re
import subprocess
import sys

try:
    import sympy
    from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations
except ImportError:
    sys.exit("this benchmark needs SymPy: pip install sympy")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "DerivKitTests", "Fixtures", "diff", "corpus.txt")
TRANSFORMS = standard_transformations + (convert_xor,)
# deriv's functions that SymPy lacks: counted as one call each, like any function.
OPAQUE = {name: sympy.Function(name) for name in
          ["sigmoid", "softplus", "relu", "hypot", "log2", "log10", "cbrt", "erf", "sign", "atan2",
           "log1p", "expm1"]}


def count(text, names):
    """Operations in one printed expression, as SymPy's count_ops sees it unevaluated."""
    return int(sympy.count_ops(parse_expr(text, local_dict=dict(names), transformations=TRANSFORMS,
                                          evaluate=False)))


def ours(deriv, program, command="diff"):
    """(operations, inputs) of `deriv diff` (or `deriv hessian`) for the program, or None when the
    derivative holds a conditional (x^y with both variable carries the convention at 0 as
    `0 == y ? 0 : …`), which SymPy cannot read. For `hessian`, the inputs are not listed."""
    out = subprocess.run([deriv, command, "-"], input=program, capture_output=True, text=True, check=True).stdout
    if "?" in out:
        return None
    names = dict(OPAQUE)
    total, inputs = 0, []
    for line in out.splitlines():
        left, right = line.split(" = ", 1)
        total += count(right, names)
        if left.startswith("d/d"):
            inputs.append(left[3:])
        elif not left.startswith("d^2/"):
            names[left] = sympy.Symbol(left)
    return total, inputs


def sympy_function(program):
    """The program as one SymPy expression (assignments substituted), over real symbols."""
    x = sympy.Symbol
    functions = {
        "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "softplus": lambda u: sympy.log(1 + sympy.exp(u)),
        "relu": lambda u: sympy.Max(u, 0), "hypot": lambda a, b: sympy.sqrt(a**2 + b**2),
        "log2": lambda u: sympy.log(u, 2), "log10": lambda u: sympy.log(u, 10), "ln": sympy.log,
        "abs": sympy.Abs, "max": sympy.Max, "min": sympy.Min, "pow": sympy.Pow,
        "log1p": lambda u: sympy.log(1 + u), "expm1": lambda u: sympy.exp(u) - 1,
    }
    statements = [s.strip() for s in program.split(";") if s.strip()]
    assigned = {s.split("=", 1)[0].strip() for s in statements if re.match(r"^\w+\s*=[^=]", s)}
    names = dict(functions)
    if "e" not in assigned:
        names["e"] = sympy.E
    value = None
    for s in statements:
        m = re.match(r"^(\w+)\s*=([^=].*)$", s)
        text = m.group(2) if m else s
        for free in set(re.findall(r"[A-Za-z_]\w*", text)) - set(names) - {"pi"} - set(dir(sympy)):
            names[free] = x(free, real=True)
        value = parse_expr(text, local_dict=dict(names), transformations=TRANSFORMS)
        if m:
            names[m.group(1)] = value
    return value, names


def theirs(program, inputs):
    f, names = sympy_function(program)
    total = 0
    for v in inputs:
        d = sympy.diff(f, names.get(v, sympy.Symbol(v, real=True)))
        total += count(str(d), OPAQUE)
    return total


def theirs_second(program, inputs):
    """SymPy's second partials, the upper triangle, in operations."""
    f, names = sympy_function(program)
    symbols = [names.get(v, sympy.Symbol(v, real=True)) for v in inputs]
    return sum(count(str(sympy.diff(f, symbols[r], symbols[c])), OPAQUE)
               for r in range(len(symbols)) for c in range(r, len(symbols)))


def has_shared_parts(program):
    """A program that names a value and uses the name more than once."""
    statements = [s.strip() for s in program.split(";")]
    for i, s in enumerate(statements):
        m = re.match(r"^(\w+)\s*=[^=]", s)
        if m and sum(len(re.findall(r"\b%s\b" % m.group(1), t)) for t in statements[i + 1:]) >= 2:
            return True
    return False


def chain(deriv, n):
    lines = ["x1 = sin(x)*x + cos(x)"] + ["x%d = sin(x%d)*x%d + cos(x%d)" % (k + 1, k, k, k) for k in range(1, n)]
    function = sum(count(line.split(" = ", 1)[1], OPAQUE) for line in lines)
    out = subprocess.run([deriv, "diff", "-", "--wrt", "x"], input="\n".join(lines), capture_output=True,
                         text=True, check=True).stdout.strip()
    names = dict(OPAQUE)
    derivative = 0
    for statement in out.split("; "):
        left, _, right = statement.rpartition(" = ")
        derivative += count(right if left else statement, names)
        if left:
            names[left] = sympy.Symbol(left)
    return function, derivative


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deriv", default=os.path.join(ROOT, ".build", "release", "deriv"))
    parser.add_argument("--table", action="store_true", help="print every program's counts")
    args = parser.parse_args()
    programs = [l for l in open(CORPUS).read().splitlines() if l.strip() and not l.startswith("#")]
    rows, skipped, guarded = [], 0, 0
    for program in programs:
        if re.search(r"<|>|==|!=|\?|\bmax\(|\bmin\(", program):
            skipped += 1
            continue
        result = ours(args.deriv, program)
        if result is None:
            guarded += 1
            continue
        mine, inputs = result
        rows.append((program, mine, theirs(program, inputs), has_shared_parts(program)))
    if args.table:
        print("| program | deriv | SymPy |\n|---|---|---|")
        for program, mine, sym, _ in rows:
            print("| `%s` | %d | %d |" % (program.replace("|", "\\|"), mine, sym))
        print()
    not_larger = sum(1 for _, m, s, _ in rows if m <= s)
    smaller = sum(1 for _, m, s, _ in rows if m < s)
    shared = [(m, s) for _, m, s, sh in rows if sh]
    print("corpus: %d programs compared (%d with comparisons or conditionals left out, %d whose derivative"
          " holds the x^y convention at 0 as a conditional)" % (len(rows), skipped, guarded))
    print("deriv no larger than SymPy: %d of %d (%.1f%%); strictly smaller: %d"
          % (not_larger, len(rows), 100.0 * not_larger / len(rows), smaller))
    print("programs with shared parts: deriv strictly smaller on %d of %d"
          % (sum(1 for m, s in shared if m < s), len(shared)))
    print("operations in total: deriv %d, SymPy %d" % (sum(r[1] for r in rows), sum(r[2] for r in rows)))
    second = []
    for program, _, _, _ in rows:
        result = ours(args.deriv, program, "hessian")
        if result is not None:
            _, inputs = ours(args.deriv, program)
            second.append((program, result[0], theirs_second(program, inputs)))
    if args.table:
        print("\n| program | deriv hessian | SymPy |\n|---|---|---|")
        for program, mine, sym in second:
            print("| `%s` | %d | %d |" % (program.replace("|", "\\|"), mine, sym))
        print()
    print("second derivatives (hessian): %d programs; deriv no larger than SymPy: %d (%.1f%%); strictly smaller: %d;"
          " operations in total: deriv %d, SymPy %d"
          % (len(second), sum(1 for _, m, t in second if m <= t), 100.0 * sum(1 for _, m, t in second if m <= t) / len(second),
             sum(1 for _, m, t in second if m < t), sum(r[1] for r in second), sum(r[2] for r in second)))
    for n in (10, 100, 1000):
        function, derivative = chain(args.deriv, n)
        print("chain of %d: function %d ops, printed derivative (with the values it needs) %d ops, ratio %.2f"
              % (n, function, derivative, derivative / function))


if __name__ == "__main__":
    main()
