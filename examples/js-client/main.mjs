// An ES module using the JavaScript that deriv emits (see run.sh): gradient descent on
// Rosenbrock's function with rosenbrockGradient.
import { rosenbrock, rosenbrockGradient } from "./rosenbrock.mjs";

// The gradient is written into an array the caller passes, reused across calls.
const g = new Float64Array(2);
const value = rosenbrockGradient(-1.2, 1, g);
console.log(`value at (-1.2, 1): ${value}`);
console.log(`gradient at (-1.2, 1): ${g[0]} ${g[1]}`);

// Steepest descent with a backtracking line search, until the gradient is small.
let [x, y] = [-1.2, 1];
let step = 1;
for (let n = 0; n < 200000; n++) {
  const f = rosenbrockGradient(x, y, g);
  const slope = g[0] * g[0] + g[1] * g[1];
  if (slope < 1e-16) break;
  // Halve the step until the value falls enough (Armijo), then try a larger one next time.
  while (rosenbrock(x - step * g[0], y - step * g[1]) > f - 1e-4 * step * slope) step /= 2;
  [x, y] = [x - step * g[0], y - step * g[1]];
  step *= 2;
}
console.log(`minimum: (${x.toFixed(6)}, ${y.toFixed(6)})`);

// What is not a number throws a TypeError rather than giving NaN.
try {
  rosenbrock("1.5", 2);
} catch (error) {
  console.log(`${error.name}: ${error.message}`);
}
