/// The layers below this one, seen by every file of the target (Package.swift lists them).
@_exported import DerivCore
