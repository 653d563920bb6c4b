import Foundation

/// Independent work run side by side on the machine's cores: `deriv emit` makes its functions
/// (the value function while the gradient is taken), `--points` reads and writes its parts.
/// Results come back in order, so the output is the same as when the parts run one after another.
@_spi(DerivCore) public enum Parallel {
    /// `body(0)`, …, `body(count - 1)`, in order: run side by side when `sideBySide` (work too
    /// small to pay for handing it to another thread runs on the calling one). The calls run at
    /// the same time, so `body` must not change what another call reads.
    @_spi(DerivCore) public static func map<T>(_ count: Int, sideBySide: Bool = true, _ body: (Int) -> T) -> [T] {
        if !sideBySide || count <= 1 || ProcessInfo.processInfo.activeProcessorCount == 1 { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        // Each iteration writes only its own slot; `concurrentPerform` returns when all are done.
        withoutActuallyEscaping(body) { body in
            let shared = HandedOver((results, body))
            DispatchQueue.concurrentPerform(iterations: count) { i in shared.value.0[i] = shared.value.1(i) }
        }
        return results.map { $0! }
    }
}

/// A value passed to other threads where the compiler cannot see that this is safe, with the
/// reason written where it is made. `Parallel.map`: its `body` is independent work by contract
/// (each call touches only what its index selects) and is called only while `map` waits, and
/// each call writes only its own slot of the results.
@_spi(DerivCore) public struct HandedOver<Value>: @unchecked Sendable {
    @_spi(DerivCore) public let value: Value
    @_spi(DerivCore) public init(_ value: Value) { self.value = value }
}
