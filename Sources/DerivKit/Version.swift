@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
/// The version of deriv, written in this one place: `deriv --version` prints it, and the header
/// comment of emitted code names it (docs/EMIT.md).
public let derivVersion = "0.2.0"
