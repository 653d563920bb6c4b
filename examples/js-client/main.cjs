// A CommonJS script using the same ES module: node 20.19 or later require()s it (on older
// versions, `const { rosenbrockGradient } = await import("./rosenbrock.mjs")` in an async function).
const { rosenbrockGradient } = require("./rosenbrock.mjs");

const g = [0, 0];
const value = rosenbrockGradient(-1.2, 1, g);
console.log(`from CommonJS: value ${value}, gradient ${g[0]} ${g[1]}`);
