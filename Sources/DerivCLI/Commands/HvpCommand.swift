@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivKit

/// `deriv hvp PROGRAM --at … --v …`: the value, the gradient and the Hessian-vector product H·v of
/// one output at a point, by forward mode over reverse mode along v (`Derivatives.hvp`): about
/// the cost of a few gradients, whatever the number of inputs, and never the whole Hessian.
enum HvpCommand: Command {
    static let name = "hvp"
    static let summary = "Hessian-vector product H*v at --at along --v (forward over reverse)"
    static let options: [Option] = [.at, .direction, .wrt, .of, .dims, .json]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).hvp()
        case .scalar(let s): p = try options.oneOutput(s, for: "hvp")
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let point = try check.point(options.at)
        let v = try check.direction(options.direction, wrt: wrt)
        let product = try p.hessianVectorProduct(at: point, direction: v, wrt: wrt.map { p.inputs[$0] })
        console.report(product.warnings)
        let names = wrt.map { p.inputs[$0] }
        if options.json {
            func byInput(_ values: [Double]) -> JSON { .object(zip(names, values).map { ($0, .number($1)) }) }
            console.out(JSON.object([
                ("value", .number(product.value)), ("gradient", byInput(product.gradient)), ("hvp", byInput(product.hvp)),
            ]).rendered + "\n")
            return .success
        }
        var table = TextTable([.init("input"), .init("v", .decimal), .init("gradient", .decimal), .init("H*v", .decimal)])
        for (k, name) in names.enumerated() {
            table.append([.init(name, .name), .init(formatNumber(v[k])), .init(formatNumber(product.gradient[k])),
                          .init(formatNumber(product.hvp[k]), .result)])
        }
        console.out("value = \(formatNumber(product.value))\n" + table.text(color: console.io.colorOutput, indent: ""))
        return .success
    }
}
