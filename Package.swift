// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "deriv",
    products: [
        .library(name: "DerivKit", targets: ["DerivKit"]),
        .executable(name: "deriv", targets: ["deriv"]),
    ],
    targets: [
        // The pipeline: syntax → graph → differentiation → evaluation, printing, emission.
        .target(name: "DerivKit"),
        // Command-line front end, a library so tests can run commands in-process.
        .target(name: "DerivCLI", dependencies: ["DerivKit"]),
        .executableTarget(name: "deriv", dependencies: ["DerivCLI"]),
        // Benchmarks for the README's performance section: `swift run -c release deriv-bench`.
        .executableTarget(name: "deriv-bench", dependencies: ["DerivKit", "DerivCLI"],
                          path: "Benchmarks/Sources/deriv-bench"),
        .testTarget(name: "DerivKitTests", dependencies: ["DerivKit"],
                    resources: [.copy("Fixtures"), .copy("Golden")]),
        .testTarget(name: "DerivCLITests", dependencies: ["DerivCLI", "DerivKit"]),
    ]
)
