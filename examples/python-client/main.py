"""A Python client of the code deriv emits (see run.sh): steepest descent on Rosenbrock's function
with the module that needs only `math`, then, where NumPy and SciPy are installed, a hundred
thousand points in one call and scipy.optimize.minimize with the NumPy module's gradient."""

import rosenbrock

value, gradient = rosenbrock.rosenbrock_grad(-1.2, 1)
print(f"value at (-1.2, 1): {value!r}")
print(f"gradient at (-1.2, 1): {gradient[0]!r} {gradient[1]!r}")

# Steepest descent with a backtracking line search, until the gradient is small.
x, y = -1.2, 1.0
step = 1.0
for _ in range(200000):
    f, (gx, gy) = rosenbrock.rosenbrock_grad(x, y)
    slope = gx * gx + gy * gy
    if slope < 1e-16:
        break
    # Halve the step until the value falls enough (Armijo), then try a larger one next time.
    while rosenbrock.rosenbrock(x - step * gx, y - step * gy) > f - 1e-4 * step * slope:
        step /= 2
    x, y = x - step * gx, y - step * gy
    step *= 2
print(f"minimum: ({x:.6f}, {y:.6f})")

# A string is not a number: the functions convert with float(), which refuses it.
try:
    rosenbrock.rosenbrock("one", 2)
except ValueError as error:
    print(f"ValueError: {error}")

try:
    import numpy as np
except ImportError:
    print("NumPy: not installed")
else:
    import rosenbrock_np

    # The first axis runs over the inputs, the others over the points.
    points = np.random.default_rng(7).uniform(-2, 2, size=(2, 100_000))
    values, gradients = rosenbrock_np.rosenbrock_grad(points)
    k = 12_345
    one = rosenbrock.rosenbrock_grad(points[0, k], points[1, k])
    same = values[k] == one[0] and abs(gradients[:, k] - one[1]).max() <= 1e-12 * abs(np.array(one[1])).max()
    print(f"NumPy: {values.shape[0]} points in one call, gradients {gradients.shape}, point {k} as the math module: {same}")
    try:
        from scipy.optimize import minimize
    except ImportError:
        print("SciPy: not installed")
    else:
        result = minimize(rosenbrock_np.rosenbrock_grad, [-1.2, 1.0], jac=True, method="BFGS")
        print(f"SciPy BFGS: ({result.x[0]:.6f}, {result.x[1]:.6f}) in {result.nit} iterations")
