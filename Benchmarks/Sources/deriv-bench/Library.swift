@_spi(DerivCore) import DerivKit

/// `deriv-bench --library rosenbrock:50`: the library's per-call cost of a gradient
/// (docs/LIBRARY.md): `Program.gradient(at:)`, which differentiates at every call, against a
/// `GradientFunction` made once, called per point and over a batch of 1,000 points. Medians.
func libraryTimes(of c: Case) throws {
    let (text, outputs) = c.program()
    let program = try Program(parsing: text, outputs: outputs)
    let point = program.inputs.indices.map { 0.5 + Double($0 % 7) / 10 }
    let points = (0..<1_000).map { k in point.map { $0 + Double(k) / 1_000 } }
    let f = try program.gradientFunction()
    let timings: [(String, Double)] = [
        ("Program.gradient(at:)", medianTime(samples: 15) { try? program.gradient(at: point) }),
        ("program.gradientFunction()", medianTime(samples: 15) { try? program.gradientFunction() }),
        ("GradientFunction, one point", medianTime(samples: 15) { try? f(point) }),
        ("GradientFunction.batch, per point", medianTime(samples: 15) { try? f.batch(points) } / Double(points.count)),
    ]
    print("\(c.label), \(program.inputs.count) inputs:")
    for (what, seconds) in timings { print("  \(what): \(formatMicroseconds(seconds))") }
}

private func formatMicroseconds(_ seconds: Double) -> String {
    let us = seconds * 1e6
    return us >= 100 ? "\(Int(us.rounded())) µs" : "\((us * 100).rounded() / 100) µs"
}
