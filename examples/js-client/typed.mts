// A TypeScript client: run.sh checks it against rosenbrock.d.mts with tsc, where tsc is installed
// (a string where a number is wanted would not compile).
import { rosenbrock, rosenbrockGradient } from "./rosenbrock.mjs";

const grad = new Float64Array(2);
const value: number = rosenbrockGradient(-1.2, 1, grad);
console.log(value, rosenbrock(1, 1), grad);
