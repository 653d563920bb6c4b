#!/bin/sh
# Writes the JavaScript module and its TypeScript declarations with deriv, runs the ES module
# client and the CommonJS one with node, and type-checks the TypeScript one where tsc is installed.
set -e
cd "$(dirname "$0")"
deriv emit -f rosenbrock.deriv --lang javascript --name rosenbrock > rosenbrock.mjs
deriv emit -f rosenbrock.deriv --lang javascript --name rosenbrock --header > rosenbrock.d.mts
node main.mjs
node main.cjs
# With TypeScript installed, check a typed client against the declarations (prints nothing when they agree).
if command -v tsc > /dev/null; then tsc --strict --noEmit --module nodenext --moduleResolution nodenext typed.mts; fi
