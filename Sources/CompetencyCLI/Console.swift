import Foundation
import Publishing

/// Where commands write. Commands never call `print`, so tests can run them in-process and
/// read exactly what a user would see.
public struct Console: Sendable {
    public var writeOutput: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void
    /// Whether standard output is a terminal (colour and other niceties only then).
    public var isTerminal: Bool

    public init(
        writeOutput: @escaping @Sendable (String) -> Void,
        writeError: @escaping @Sendable (String) -> Void,
        isTerminal: Bool = false
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.isTerminal = isTerminal
    }

    public static let standard = Console(
        writeOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        writeError: { FileHandle.standardError.write(Data($0.utf8)) },
        isTerminal: isatty(STDOUT_FILENO) != 0)

    @TaskLocal public static var current: Console = .standard

    public func out(_ line: String) { writeOutput(line + "\n") }
    public func err(_ line: String) { writeError(line + "\n") }
}
