import DerivKit

// Gradient descent on the Rosenbrock function from (-1.2, 1): the gradient is differentiated
// once, then evaluated at every step.
let program = try Program(parsing: "(1 - x)^2 + 100*(y - x^2)^2")
let gradient = try program.gradientFunction()
var point = [-1.2, 1.0]
for step in 0...5 {
    let (value, g) = try gradient(point)
    print("step \(step): x = \(point[0]), y = \(point[1]), value = \(value), d/dx = \(g[0]), d/dy = \(g[1])")
    point = zip(point, g).map { $0 - 0.001 * $1 }
}

// A mistake is a thrown error that prints as text, never a trap.
do {
    _ = try gradient([1])
} catch {
    print("error: \(error)")
}
