// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "deriv",
    products: [
        .library(name: "DerivKit", targets: ["DerivKit"]),
        .library(name: "DerivCLI", targets: ["DerivCLI"]),
        .executable(name: "deriv", targets: ["deriv"]),
    ],
    targets: [
        // The pipeline, in layers: each target imports only the ones below it (docs/ARCHITECTURE.md).
        // Operations, the graph IR, evaluation, diagnostics as data, deriv's own spelling of numbers.
        .target(name: "DerivCore"),
        // Text → tokens → AST → graph.
        .target(name: "DerivSyntax", dependencies: ["DerivCore"]),
        // The simplifier: graph → graph.
        .target(name: "DerivSimplify", dependencies: ["DerivCore"]),
        // The forward and reverse sweeps and the derivative graphs built from them.
        .target(name: "DerivDifferentiate", dependencies: ["DerivCore"]),
        // Printing a graph: text, LaTeX and each emitted language's syntax.
        .target(name: "DerivRender", dependencies: ["DerivCore"]),
        // Programs over vectors and matrices.
        .target(name: "DerivMatrix", dependencies: ["DerivCore", "DerivSyntax", "DerivDifferentiate"]),
        // What `graph`, `trace` and `ops` show: listings, drawings, the sweeps' steps, counts.
        .target(name: "DerivAnalysis", dependencies: ["DerivCore", "DerivDifferentiate", "DerivSimplify", "DerivRender", "DerivMatrix"]),
        // Derivatives people read: differentiated, simplified, printed.
        .target(name: "DerivFormulas", dependencies: ["DerivCore", "DerivDifferentiate", "DerivSimplify",
                                                      "DerivRender", "DerivMatrix"]),
        // The façade: `Program`, `emit`, the listings of `diff`; re-exports every layer.
        .target(name: "DerivKit", dependencies: ["DerivCore", "DerivSyntax", "DerivSimplify", "DerivDifferentiate",
                                                 "DerivRender", "DerivMatrix", "DerivAnalysis", "DerivFormulas"]),
        // Command-line front end, a library so tests can run commands in-process.
        .target(name: "DerivCLI", dependencies: ["DerivKit"]),
        .executableTarget(name: "deriv", dependencies: ["DerivCLI"]),
        // Benchmarks for docs/PERFORMANCE.md: `swift run -c release deriv-bench`.
        .executableTarget(name: "deriv-bench", dependencies: ["DerivKit", "DerivCLI"],
                          path: "Benchmarks/Sources/deriv-bench"),
        // Golden files and fixtures are read from the source tree (#filePath), not bundled.
        // What both test targets share: golden files and the line diff their failures show.
        .target(name: "DerivTestSupport", path: "Tests/DerivTestSupport"),
        .testTarget(name: "DerivKitTests", dependencies: ["DerivKit", "DerivTestSupport"], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "DerivCLITests", dependencies: ["DerivCLI", "DerivKit", "DerivTestSupport"], exclude: ["Golden"]),
    ]
)
