import Foundation
import FuzzHarnesses

// Built by Scripts/fuzz with -sanitize=fuzzer,address and -DFUZZING, libFuzzer calls this
// for every input and supplies main; in an ordinary build the program replays saved inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzHarnesses.profileLoader(bytes)
    return 0
}

#if FUZZING
// SwiftPM links an executable with `main` defined as `<Target>_main`, so libFuzzer's own
// main is never pulled in; this entry point hands over to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("FuzzProfileLoader_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
struct Replay {
    static func main() {
        exit(FuzzHarnesses.replay(Array(CommandLine.arguments.dropFirst()), harness: FuzzHarnesses.profileLoader))
    }
}
#endif
