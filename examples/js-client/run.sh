#!/bin/sh
# Writes the JavaScript module and its TypeScript declarations with deriv, then runs the ES module
# client and the CommonJS one with node.
set -e
cd "$(dirname "$0")"
deriv emit -f rosenbrock.deriv --lang javascript --name rosenbrock > rosenbrock.mjs
deriv emit -f rosenbrock.deriv --lang javascript --name rosenbrock --header > rosenbrock.d.mts
node main.mjs
node main.cjs
