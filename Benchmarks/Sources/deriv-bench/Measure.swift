import Foundation

/// Seconds on the monotonic clock.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Keeps a result alive so the optimizer cannot drop the work that made it.
@inline(never) func keep<T>(_ value: T) { withExtendedLifetime(value) {} }

/// The median over `samples` samples of the seconds one call of `body` takes. Each sample runs
/// `body` often enough to last at least `minimum` seconds, so short stages are timed accurately.
///
/// With `cold`, the allocator gives its free memory back to the system before every call (not
/// timed), so each call maps and zeroes the memory it uses, as one `deriv` process does. Without
/// it, a call reuses what the previous one freed, but only below glibc's mmap threshold (at most
/// 32 MB): small programs are then timed warm and large ones cold, which bends the scaling ratios.
func medianTime<T>(samples: Int, minimum: Double = 0.005, cold: Bool = false, _ body: () -> T) -> Double {
    func timed() -> Double {
        if cold { releaseFreeMemory() }
        let start = now()
        keep(body())
        return now() - start
    }
    let first = timed()
    let calls = first >= minimum ? 1 : Swift.min(1_000_000, Int(minimum / Swift.max(first, 1e-9)) + 1)
    var times: [Double] = []
    for _ in 0..<samples {
        if cold {
            times.append((0..<calls).reduce(0) { t, _ in t + timed() } / Double(calls))
        } else {
            let start = now()
            for _ in 0..<calls { keep(body()) }
            times.append((now() - start) / Double(calls))
        }
    }
    return median(times)
}

/// glibc's `malloc_trim(0)`: returns the free memory of every arena to the system (Swift's Glibc
/// module does not declare it). Does nothing where the C library has no such function.
func releaseFreeMemory() {
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Peak resident memory of this process so far, in MB (getrusage's ru_maxrss).
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Runs a program to completion; its standard output, or nil if it failed.
func runProcess(_ executable: String, _ arguments: [String], input: String? = nil) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    let inPipe = Pipe()
    if input != nil { p.standardInput = inPipe }
    do { try p.run() } catch { return nil }
    if let input {
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try? inPipe.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}
