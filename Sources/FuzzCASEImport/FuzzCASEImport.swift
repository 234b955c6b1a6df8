import Foundation
import FuzzHarnesses

// Scripts/fuzz builds this with -sanitize=fuzzer,address and -DFUZZING; an ordinary build
// makes a program that replays saved inputs.
#if FUZZING
@_cdecl("FuzzCASEImport_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzHarnesses.runFuzzer(argc, argv, harness: FuzzHarnesses.caseImport)
}
#else
@main
struct Replay {
    static func main() { exit(FuzzHarnesses.replay(Array(CommandLine.arguments.dropFirst()), harness: FuzzHarnesses.caseImport)) }
}
#endif
