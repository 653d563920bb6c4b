/// The layers below this one, seen by every file of the target (Package.swift lists them).
@_exported import DerivCore
@_exported import DerivDifferentiate
@_exported import DerivSimplify
@_exported import DerivRender
@_exported import DerivMatrix
@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
