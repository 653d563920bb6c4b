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
        // The pipeline: syntax → graph → differentiation → evaluation, printing, emission.
        .target(name: "DerivKit"),
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
