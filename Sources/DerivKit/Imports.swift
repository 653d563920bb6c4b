/// Every layer, re-exported: `import DerivKit` is the whole library (docs/ARCHITECTURE.md).
@_exported import DerivCore
@_exported import DerivSyntax
@_exported import DerivSimplify
@_exported import DerivDifferentiate
@_exported import DerivRender
@_exported import DerivMatrix
@_exported import DerivAnalysis
@_exported import DerivFormulas
