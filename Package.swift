// swift-tools-version:5.10
import PackageDescription

/// Every target is checked for data races as Swift 6 checks them (docs/LIBRARY.md, "Threads"):
/// complete Sendable checking, and key path literals and method references that capture nothing
/// unsafe are Sendable. Upcoming features, not unsafe flags, so a client package can depend on this one.
/// And a file sees the members that another module declares in extensions only if it imports that
/// module (MemberImportVisibility), so each file's imports say what it uses (CONTRIBUTING.md).
let strictConcurrency: [SwiftSetting] = [
    .enableUpcomingFeature("StrictConcurrency"),
    .enableUpcomingFeature("InferSendableFromCaptures"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

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
        .target(name: "DerivCore", swiftSettings: strictConcurrency),
        // Text → tokens → AST → graph.
        .target(name: "DerivSyntax", dependencies: ["DerivCore"], swiftSettings: strictConcurrency),
        // The simplifier: graph → graph.
        .target(name: "DerivSimplify", dependencies: ["DerivCore"], swiftSettings: strictConcurrency),
        // The forward and reverse sweeps and the derivative graphs built from them.
        .target(name: "DerivDifferentiate", dependencies: ["DerivCore"], swiftSettings: strictConcurrency),
        // Printing a graph: text, LaTeX and each emitted language's syntax.
        .target(name: "DerivRender", dependencies: ["DerivCore"], swiftSettings: strictConcurrency),
        // Programs over vectors and matrices.
        .target(name: "DerivMatrix", dependencies: ["DerivCore", "DerivSyntax", "DerivDifferentiate"], swiftSettings: strictConcurrency),
        // What `graph`, `trace` and `ops` show: listings, drawings, the sweeps' steps, counts.
        .target(name: "DerivAnalysis", dependencies: ["DerivCore", "DerivDifferentiate", "DerivSimplify", "DerivRender", "DerivMatrix"], swiftSettings: strictConcurrency),
        // Derivatives people read: differentiated, simplified, printed.
        .target(name: "DerivFormulas", dependencies: ["DerivCore", "DerivDifferentiate", "DerivSimplify",
                                                      "DerivRender", "DerivMatrix"], swiftSettings: strictConcurrency),
        // The façade: `Program`, `emit`, the listings of `diff`; re-exports every layer.
        .target(name: "DerivKit", dependencies: ["DerivCore", "DerivSyntax", "DerivSimplify", "DerivDifferentiate",
                                                 "DerivRender", "DerivMatrix", "DerivAnalysis", "DerivFormulas"], swiftSettings: strictConcurrency),
        // Command-line front end, a library so tests can run commands in-process.
        .target(name: "DerivCLI", dependencies: ["DerivKit"], swiftSettings: strictConcurrency),
        .executableTarget(name: "deriv", dependencies: ["DerivCLI"], swiftSettings: strictConcurrency),
        // Benchmarks for docs/PERFORMANCE.md: `swift run -c release deriv-bench`.
        .executableTarget(name: "deriv-bench", dependencies: ["DerivKit", "DerivCLI"],
                          path: "Benchmarks/Sources/deriv-bench", swiftSettings: strictConcurrency),
        // Golden files and fixtures are read from the source tree (#filePath), not bundled.
        // What both test targets share: golden files and the line diff their failures show.
        .target(name: "DerivTestSupport", path: "Tests/DerivTestSupport", swiftSettings: strictConcurrency),
        .testTarget(name: "DerivKitTests", dependencies: ["DerivKit", "DerivTestSupport"], exclude: ["Golden", "Fixtures"], swiftSettings: strictConcurrency),
        .testTarget(name: "DerivCLITests", dependencies: ["DerivCLI", "DerivKit", "DerivTestSupport"], exclude: ["Golden"], swiftSettings: strictConcurrency),
    ]
)
