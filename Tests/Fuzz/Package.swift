// swift-tools-version:5.10
// Fuzzing harnesses for deriv, kept in their own package so that `swift build` and `swift test`
// of deriv itself never see them. CONTRIBUTING.md ("Fuzzing") says how to run them.
import PackageDescription

let package = Package(
    name: "deriv-fuzz",
    dependencies: [.package(name: "deriv", path: "../..")],
    targets: [
        // The oracle both harnesses share: run one program through the whole pipeline and check it.
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "DerivKit", package: "deriv"), .product(name: "DerivCLI", package: "deriv"),
        ]),
        // libFuzzer harness; links only with `-Xswiftc -sanitize=fuzzer`, which supplies libFuzzer.
        .executableTarget(name: "deriv-fuzz", dependencies: ["FuzzSupport"]),
        // Self-contained structure-aware fuzzer: random and mutated programs, no libFuzzer needed.
        .executableTarget(name: "deriv-fuzz-gen", dependencies: ["FuzzSupport"]),
    ]
)
