/// The version of deriv, written in this one place: `deriv --version` prints it, and the header
/// comment of emitted code names it (docs/EMIT.md).
public let derivVersion = "0.2.0"
