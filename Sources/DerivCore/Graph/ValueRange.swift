/// What is known of a node's value before any input is: an interval `[low, high]` that holds
/// it whenever it is not NaN (NaN is always possible). `±0` counts as 0. The simplifier uses it
/// to decide comparisons (`0 == y^2 + 1` is false) and so drop the arms of conditionals that can
/// never be taken, such as the x^y convention at 0 when the exponent is never 0.
///
/// Every bound holds in IEEE arithmetic, not only in real numbers: rounding to nearest is
/// monotone, so `fl(a + b)` lies between `fl(a.low + b.low)` and `fl(a.high + b.high)`, and the
/// functions' bounds are those their results can reach after rounding (`exp` can underflow to 0
/// and overflow to ∞, `sigmoid` reaches 0 and 1).
@_spi(DerivCore) public struct ValueRange: Equatable, Sendable {
    @_spi(DerivCore) public var low: Double
    var high: Double

    static let anything = ValueRange(low: -.infinity, high: .infinity)
    static let nonNegative = ValueRange(low: 0, high: .infinity)
    static let unit = ValueRange(low: -1, high: 1)

    init(low: Double, high: Double) {
        // A bound the arithmetic made NaN (∞ − ∞, 0·∞) says nothing.
        self.low = low.isNaN ? -.infinity : low
        self.high = high.isNaN ? .infinity : high
    }

    func contains(_ v: Double) -> Bool { low <= v && v <= high }

    /// No value in common: `a == b` is false and `a != b` true, NaN included.
    @_spi(DerivCore) public func isDisjoint(from other: ValueRange) -> Bool { high < other.low || other.high < low }

    /// Every value that is not NaN is finite and positive (`log` of it is finite).
    @_spi(DerivCore) public var isPositiveAndFinite: Bool { low > 0 && high < .infinity }
}

/// The `ValueRange` of each node of a builder, computed once per node in id order (arguments
/// first): a loop.
@_spi(DerivCore) public struct ValueRanges {
    private var ranges: [ValueRange] = []

    @_spi(DerivCore) public init() {}

    @_spi(DerivCore) public mutating func range(_ id: NodeID, in b: GraphBuilder) -> ValueRange {
        while ranges.count < b.nodes.count {
            let n = b.nodes[ranges.count]
            let r: ValueRange
            switch n.op {
            case .constant:
                let v = n.constantValue
                r = v.isNaN ? .anything : ValueRange(low: v, high: v)
            case .input:
                r = .anything
            default:
                func arg(_ x: NodeID) -> ValueRange { x >= 0 ? ranges[Int(x)] : .anything }
                r = n.op.range(arg(n.a), arg(n.b), arg(n.c),
                                 exponent: n.op == .pow ? b.constantValue(n.b) : nil)
            }
            ranges.append(r)
        }
        return ranges[Int(id)]
    }
}
