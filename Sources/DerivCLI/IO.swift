import Foundation

/// Where a command reads and writes: the real process streams, or buffers in tests.
public struct IO {
    public var out: (String) -> Void
    public var err: (String) -> Void
    public var readStandardInput: () -> String?
    public var readFile: (String) throws -> String
    /// True when standard output is a terminal and colour is allowed (`NO_COLOR` unset).
    public var colorOutput: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void,
                readStandardInput: @escaping () -> String? = { nil },
                readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) },
                colorOutput: Bool = false) {
        self.out = out; self.err = err; self.readStandardInput = readStandardInput
        self.readFile = readFile; self.colorOutput = colorOutput
    }

    /// The process's own streams.
    public static var standard: IO {
        IO(out: { FileHandle.standardOutput.write(Data($0.utf8)) },
           err: { FileHandle.standardError.write(Data($0.utf8)) },
           readStandardInput: {
               let data = FileHandle.standardInput.readDataToEndOfFile()
               return String(decoding: data, as: UTF8.self)
           },
           colorOutput: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }
}

/// The process exit statuses of DESIGN.md.
public enum ExitStatus: Int32 {
    case success = 0
    /// A bad program: the message on stderr has line:column, the source line and a caret.
    case badProgram = 1
    /// Bad usage: unknown flag, missing value, bad number in `--at`.
    case badUsage = 2
}
