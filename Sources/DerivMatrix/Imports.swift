/// The layers below this one, seen by every file of the target (Package.swift lists them).
@_exported import DerivCore
@_exported import DerivSyntax
@_exported import DerivDifferentiate
@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
