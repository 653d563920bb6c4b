import Foundation

/// A folder of golden files: expected printed or emitted output, compared byte for byte.
/// With `DERIV_UPDATE_GOLDEN=1` in the environment, `check` writes the files instead (review the
/// diff by eye before committing).
public struct GoldenFiles {
    /// The folder, e.g. `Tests/DerivKitTests/Golden`.
    public let directory: URL
    /// How failure messages name the folder, e.g. `Golden`.
    public let label: String

    public init(directory: URL, label: String = "Golden") {
        self.directory = directory
        self.label = label
    }

    /// Whether this run rewrites golden files rather than compares with them.
    public static var updating: Bool { ProcessInfo.processInfo.environment["DERIV_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the file at `path` (relative to the folder): nil when they agree
    /// (or the file was rewritten), else a failure message with the whole unified diff.
    public func check(_ actual: String, _ path: String) -> String? {
        let url = directory.appendingPathComponent(path)
        let name = "\(label)/\(path)"
        if Self.updating {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "cannot write \(name): \(error)"
            }
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "missing golden file \(name); run with DERIV_UPDATE_GOLDEN=1 to create it"
        }
        if expected == actual { return nil }
        return "\(name) differs (- golden file, + output; DERIV_UPDATE_GOLDEN=1 swift test rewrites golden files):\n"
            + LineDiff.unified(expected, actual, expectedName: name, actualName: "output")
    }
}
