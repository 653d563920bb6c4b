#!/bin/sh
# Writes the Swift code with deriv, compiles it with the app, and runs the app.
set -e
cd "$(dirname "$0")"
deriv emit -f rosenbrock.deriv --lang swift --name rosenbrock > Rosenbrock.swift
deriv emit -f rosenbrock4.deriv --lang swift --name rosenbrock4 --array > Rosenbrock4.swift
swiftc -O main.swift Rosenbrock.swift Rosenbrock4.swift -o client
./client
