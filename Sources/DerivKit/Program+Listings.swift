@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivAnalysis
@_spi(DerivCore) import DerivFormulas
/// What the command line prints about a program, from the library: its derivatives as formulas
/// (`deriv diff`), the sweeps step by step (`deriv trace`) and the operations they cost
/// (`deriv ops`). Inputs are named; a name the program does not have throws `DerivError`.
extension Program {
    /// The derivatives of every output with respect to `wrt` (nil: every input), one
    /// `d/dx = …` line each, simplified, as text or LaTeX; with `order` n, the n-th derivative in
    /// each input.
    public func derivatives(wrt: [String]? = nil, order: Int = 1, format: FormulaFormat = .text) throws -> String {
        try DerivativeListings.diff(self, wrt: inputIndices(wrt), order: order, format: format)
    }

    /// The sweeps that compute the derivatives at `point`, step by step: each instruction, its
    /// value, its local partials and the adjoints (reverse) or tangents (forward) in order.
    public func trace(at point: [Double], mode: Mode = .reverse, wrt: [String]? = nil,
                      format: TraceFormat = .text) throws -> String {
        try checkPoint(point)
        return TraceReport(Trace(graph, at: point, mode: mode, wrt: try inputIndices(wrt)), format: format).text
    }

    /// The operations of the function and of its derivatives with respect to `wrt` in each mode.
    public func costs(wrt: [String]? = nil) throws -> CostAnalysis {
        CostAnalysis(graph, wrt: try inputIndices(wrt))
    }
}
