// swift-tools-version:5.10
// A client of DerivKit, as another project would depend on it (docs/LIBRARY.md). It depends on
// this repository by path; from elsewhere, name the repository by URL instead:
//     .package(url: "https://…/deriv.git", branch: "main")
import PackageDescription

let package = Package(
    name: "client",
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(name: "client", dependencies: [.product(name: "DerivKit", package: "deriv")]),
    ]
)
