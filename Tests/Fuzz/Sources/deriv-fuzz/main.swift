import Foundation
import FuzzSupport

// The libFuzzer harness: every input is program text, checked by `PipelineCheck`; a finding
// stops the run with the input saved as crash-*. Build and run (CONTRIBUTING.md, "Fuzzing"):
//
//     swift build -c debug -Xswiftc -sanitize=fuzzer,address --product deriv-fuzz
//     .build/debug/deriv-fuzz -dict=deriv.dict -max_len=2000 corpus ../../grammar/examples
//
// SwiftPM gives an executable its own main (this file), which overrides libFuzzer's; so this
// file starts libFuzzer's driver itself, with the test function libFuzzer's main would have used.

/// libFuzzer's test function: one input, checked; a finding stops the run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let finding = PipelineCheck.check(String(decoding: bytes, as: UTF8.self), seed: PipelineCheck.hash(bytes)) {
        FileHandle.standardError.write(Data("finding: \(finding)\n".utf8))
        abort()
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
