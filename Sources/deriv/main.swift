@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivSimplify
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
@_spi(DerivCore) import DerivCLI
import DerivCLI
import Foundation

exit(DerivCLI.run(Array(CommandLine.arguments.dropFirst())))
