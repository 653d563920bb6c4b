@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivDifferentiate
/// The derivative of a matrix operation with respect to one argument: a linear map from a
/// change of the argument to the change of the result. Forward mode applies it to a tangent
/// (`apply`), reverse mode applies its adjoint to an adjoint (`applyAdjoint`), so each rule is
/// written once for both modes (docs/MATRICES.md, "How derivatives are taken").
enum LinearMap {
    case identity
    /// Entry by entry times a node (an elementwise partial, or a scalar), the product spread
    /// over the result's shape or summed to a scalar result (`logsumexp`).
    case scale(Int)
    /// d ↦ M·d; its adjoint is g ↦ Mᵀ·g.
    case leftProduct(Int)
    /// d ↦ d·M; its adjoint is g ↦ g·Mᵀ.
    case rightProduct(Int)
    case transpose
    /// d ↦ sum(d); its adjoint copies a scalar into every entry.
    case sum
    /// d ↦ d copied into every entry; its adjoint is the sum.
    case broadcast
    /// d ↦ its diagonal; its adjoint puts a vector on a diagonal.
    case diagonal
    case diagonalMatrix
    /// d ↦ entry k of d; its adjoint places a scalar at entry k.
    case entry(Int)
    case place(Int)

    /// The change of a result of shape `out` for the change `d` of the argument.
    func apply(_ d: Int, out: MatrixShape, _ b: MatrixBuilder) -> Int {
        switch self {
        case .identity: return d
        case .scale(let p):
            let t = times(p, d, b)
            return b.shape(t) == out ? t : out.isScalar ? b.node(.sum, [t]) : b.node(.broadcast(out), [t])
        case .leftProduct(let m): return b.node(.matmul, [m, d])
        case .rightProduct(let m): return b.node(.matmul, [d, m])
        case .transpose: return b.node(.transpose, [d])
        case .sum: return b.node(.sum, [d])
        case .broadcast: return b.node(.broadcast(out), [d])
        case .diagonal: return b.node(.diagonal, [d])
        case .diagonalMatrix: return b.node(.diagonalMatrix, [d])
        case .entry(let k): return b.node(.entry(k), [d])
        case .place(let k): return b.node(.place(k, out), [d])
        }
    }

    /// The adjoint of the argument (of shape `argument`) for the adjoint `g` of the result.
    func applyAdjoint(_ g: Int, argument: MatrixShape, _ b: MatrixBuilder) -> Int {
        switch self {
        case .identity: return g
        case .scale(let p):
            let t = times(p, g, b)
            return b.shape(t) == argument ? t : b.node(.sum, [t])
        case .leftProduct(let m): return b.node(.matmul, [b.node(.transpose, [m]), g])
        case .rightProduct(let m): return b.node(.matmul, [g, b.node(.transpose, [m])])
        case .transpose: return b.node(.transpose, [g])
        case .sum: return b.node(.broadcast(argument), [g])
        case .broadcast: return b.node(.sum, [g])
        case .diagonal: return b.node(.diagonalMatrix, [g])
        case .diagonalMatrix: return b.node(.diagonal, [g])
        case .entry(let k): return b.node(.place(k, argument), [g])
        case .place(let k): return b.node(.entry(k), [g])
        }
    }

    /// The adjoint it passes back in matrix form for the upstream adjoint `upstream` (`W̄ = ȳ·xᵀ`,
    /// `x̄ = Wᵀ·ȳ`), as `trace` shows it; nodes written by `name`, a factor 1 or -1 left out.
    /// With `spread`, the argument is a scalar spread over the result: its adjoint is a sum.
    func formula(upstream: String, spread: Bool, _ name: (Int) -> String) -> String {
        func factor(_ i: Int) -> String {
            let s = name(i)
            return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "\u{0304}" } ? s : "(\(s))"
        }
        switch self {
        case .identity: return upstream
        case .scale(let p) where spread:
            return name(p) == "1" ? "sum(\(upstream))" : name(p) == "-1" ? "-sum(\(upstream))" : "sum(\(upstream) .* \(factor(p)))"
        case .scale(let p): return name(p) == "1" ? upstream : name(p) == "-1" ? "-\(upstream)" : "\(upstream) .* \(factor(p))"
        case .leftProduct(let m): return "\(factor(m))ᵀ·\(upstream)"
        case .rightProduct(let m): return "\(upstream)·\(factor(m))ᵀ"
        case .transpose: return "\(upstream)ᵀ"
        case .sum: return "\(upstream) in every entry"
        case .broadcast: return "sum(\(upstream))"
        case .diagonal: return "diag(\(upstream))"
        case .diagonalMatrix: return "diag(\(upstream))"
        case .entry(let k): return "\(upstream) at entry \(k + 1)"
        case .place(let k): return "\(upstream)[\(k + 1)]"
        }
    }

    /// The node of its local factor (an elementwise partial, the other side of a product); nil for a map without one.
    var factor: Int? {
        switch self {
        case .scale(let p), .leftProduct(let p), .rightProduct(let p): return p
        case .identity, .transpose, .sum, .broadcast, .diagonal, .diagonalMatrix, .entry, .place: return nil
        }
    }

    /// `p .* d`, without a node for a factor 1 or -1.
    private func times(_ p: Int, _ d: Int, _ b: MatrixBuilder) -> Int {
        switch b.constantValue(p) {
        case 1?: return d
        case (-1)?: return b.neg(d)
        default: return b.mul(p, d)
        }
    }
}
