// swift-tools-version:5.10
// A client of DerivKit, as another project would depend on it (docs/LIBRARY.md). It depends on
// this repository by path; from elsewhere, name the repository by URL instead:
//     .package(url: "https://…/deriv.git", branch: "main")  and  package: "deriv"
import Foundation
import PackageDescription

/// The repository, by path.
let derivPath = "../.."
/// A path dependency is known by the last component of its path (the repository's folder name,
/// `deriv` in a fresh clone), which `.product(…, package:)` names.
let derivIdentity = URL(fileURLWithPath: derivPath, relativeTo: URL(fileURLWithPath: Context.packageDirectory + "/"))
    .standardizedFileURL.lastPathComponent

let package = Package(
    name: "client",
    dependencies: [
        .package(path: derivPath),
    ],
    targets: [
        .executableTarget(name: "client", dependencies: [.product(name: "DerivKit", package: derivIdentity)]),
    ]
)
