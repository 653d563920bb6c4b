/// The layers below this one, seen by every file of the target (Package.swift lists them).
@_exported import DerivCore
@_exported import DerivDifferentiate
@_exported import DerivSimplify
@_exported import DerivRender
@_exported import DerivMatrix
