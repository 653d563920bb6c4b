@_spi(DerivCore) import DerivCLI
import Foundation

exit(DerivCLI.run(Array(CommandLine.arguments.dropFirst())))
