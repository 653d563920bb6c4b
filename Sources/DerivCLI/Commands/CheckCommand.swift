@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivRender
@_spi(DerivCore) import DerivKit
import Foundation

/// `deriv check PROGRAM --at …`: the reverse-mode gradient against central finite differences,
/// input by input, with a verdict. The step for input x is h = ∛ε·max(1, |x|) (about 6e-6),
/// which balances the truncation error h²·f‴/6 against the rounding error ε·|f|/h; a partial
/// agrees when the two differ by at most 1e-6·max(1, |AD|, |FD|) + 1e-8·|f|. Near a kink
/// (`abs`, `max`, a comparison) within h of the point, the difference straddles it and cannot
/// agree: that is the finite difference's limit, not the derivative's. The exit status is 0 either
/// way (1 and 2 mean a bad program or bad usage); the verdict is in the text and in `"agree"`.
enum CheckCommand: Command {
    static let name = "check"
    static let summary = "AD gradient against central finite differences at --at"
    static let options: [Option] = [.at, .wrt, .of, .dims, .json]

    static func run(_ options: Options, _ console: Console) throws -> ExitStatus {
        let p: Program
        switch try options.anyProgram() {
        case .matrix(let m): return try MatrixRun(m, options, console).check()
        case .scalar(let s): p = try options.oneOutput(s, for: "check")
        }
        let check = InputCheck(p, console)
        let wrt = check.differentiationInputs(options.wrt)
        let point = try check.point(options.at)
        let result = Evaluator.evaluate(Derivatives.gradient(p.graph, wrt: wrt, mode: .reverse), inputs: point)
        console.report(result.warnings)
        let value = result.outputs[0]
        let ad = Array(result.outputs.dropFirst())
        let fd = wrt.map { i in
            centralDifference(at: point[i]) { x in
                var p2 = point
                p2[i] = x
                return Evaluator.evaluate(p.graph, inputs: p2).outputs[0]
            }
        }
        let names = wrt.map { p.inputs[$0] }
        write(value: value, names: names.map { "d/d" + $0 }, ad: ad, fd: fd,
              json: (.byName(names, ad), .byName(names, fd)), options, console)
        return .success
    }

    /// The verdict, as text (a row per partial, labelled `names`) or as JSON (`json`: the
    /// gradient and the differences in the shape the program's inputs give them).
    static func write(value: Double, names: [String], ad: [Double], fd: [Double], json: (gradient: JSON, differences: JSON),
                      _ options: Options, _ console: Console) {
        let agree = zip(ad, fd).map { a, d in agrees(a, d, value: value) }
        if options.json {
            console.out(JSON.object([
                ("value", .number(value)), ("gradient", json.gradient), ("finiteDifferences", json.differences),
                ("agree", .bool(!agree.contains(false))),
            ]).rendered + "\n")
            return
        }
        var table = TextTable([.init(""), .init("AD (reverse mode)", .decimal), .init("central difference", .decimal),
                               .init("|difference|", .decimal), .init("")])
        for (i, name) in names.enumerated() {
            table.append([.init(name, .name), .init(formatNumber(ad[i]), .result), .init(formatNumber(fd[i])),
                          .init(formatNumber(Swift.abs(ad[i] - fd[i]))), .init(agree[i] ? "agrees" : "DIFFERS", .note)])
        }
        var s = "value = \(formatNumber(value))\n" + table.text(color: console.io.colorOutput)
        let differing = agree.filter { !$0 }.count
        s += differing == 0
            ? (names.count == 1 ? "it agrees" : "all \(names.count) agree") + " with central differences\n"
            : "\(differing) of \(names.count) differ from central differences "
                + "(near a kink or a singularity the difference cannot agree)\n"
        console.out(s)
    }

    /// (f(x + h) − f(x − h)) / 2h of `f` at `x`, with h a representable step.
    static func centralDifference(at x: Double, _ f: (Double) -> Double) -> Double {
        let h = (x + cbrt(Double.ulpOfOne) * Swift.max(1, Swift.abs(x))) - x
        return (f(x + h) - f(x - h)) / (2 * h)
    }

    static func agrees(_ ad: Double, _ fd: Double, value: Double) -> Bool {
        if ad.isNaN || fd.isNaN { return ad.isNaN && fd.isNaN }
        if ad.isInfinite || fd.isInfinite { return ad == fd }
        return Swift.abs(ad - fd) <= 1e-6 * Swift.max(1, Swift.abs(ad), Swift.abs(fd)) + 1e-8 * Swift.abs(value)
    }
}
