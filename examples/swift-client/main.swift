// A client of the Swift that deriv emits (see run.sh): gradient descent on Rosenbrock's function
// with rosenbrockGradient, and the four-variable function, whose inputs are one array, with
// rosenbrock4Gradient. Two emitted files live in one module side by side.
import Foundation

// The value and the gradient at the usual starting point, printed in full for the tests to
// compare with `deriv grad '100*(y - x^2)^2 + (1 - x)^2' --at x=-1.2,y=1`.
let (value, gradient) = rosenbrockGradient(-1.2, 1.0)
print("value at (-1.2, 1): \(value)")
print("gradient at (-1.2, 1): \(gradient[0]) \(gradient[1])")

/// Steepest descent with a backtracking line search, from `start` until the gradient is small.
func descend(_ start: [Double], _ f: ([Double]) throws -> (value: Double, gradient: [Double])) rethrows -> (point: [Double], steps: Int) {
    var x = start
    var step = 1.0
    for n in 0..<200_000 {
        let (value, g) = try f(x)
        let slope = g.reduce(0) { $0 + $1 * $1 }
        if slope < 1e-16 { return (x, n) }
        // Halve the step until the value falls enough (Armijo), then try a larger one next time.
        while true {
            let next = zip(x, g).map { $0 - step * $1 }
            if try f(next).value <= value - 1e-4 * step * slope { x = next; break }
            step /= 2
        }
        step *= 2
    }
    return (x, 200_000)
}

let two = descend([-1.2, 1.0]) { p in rosenbrockGradient(p[0], p[1]) }
print("minimum of rosenbrock: (" + two.point.map { String(format: "%.6f", $0) }.joined(separator: ", ") + ")")

let four = try descend([-1.2, 1.0, -1.2, 1.0], rosenbrock4Gradient)
print("minimum of rosenbrock4: (" + four.point.map { String(format: "%.6f", $0) }.joined(separator: ", ") + ")")

// An array of the wrong length throws; it never traps.
do {
    _ = try rosenbrock4Gradient([1.0, 2.0])
} catch let error as Rosenbrock4SizeError {
    print("error: \(error)")
}
