#!/bin/sh
# Writes the Python module (math only) and the NumPy one with deriv and runs the client with
# python3: the NumPy and SciPy parts run where those packages are installed.
set -e
cd "$(dirname "$0")"
deriv emit -f rosenbrock.deriv --lang python --name rosenbrock > rosenbrock.py
deriv emit -f rosenbrock.deriv --lang numpy --name rosenbrock --array > rosenbrock_np.py
python3 main.py
