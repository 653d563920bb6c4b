@_spi(DerivCore) import DerivSyntax
import DerivKit
import Foundation

/// Where a command reads and writes: the real process streams, or buffers in tests.
public struct IO {
    /// Writes to standard output.
    public var out: (String) -> Void
    /// Writes UTF-8 bytes to where `out` writes (emitted code of hundreds of megabytes goes out
    /// without a string being made of it); by default decoded and passed to `out`.
    public var outBytes: (UnsafeBufferPointer<UInt8>) -> Void
    /// Writes to standard error.
    public var err: (String) -> Void
    /// All of standard input, or nil when there is none (a terminal).
    public var readStandardInput: () -> String?
    /// The text of the file at a path (`-f`).
    public var readFile: (String) throws -> String
    /// The bytes of a file, or of standard input for `-`: the data of `--points`, which may be far
    /// larger than a program (at most `IO.dataSizeLimit`). By default `readFile` or
    /// `readStandardInput` encoded as UTF-8.
    public var readBytes: (String) throws -> [UInt8]
    /// True when standard output is a terminal and colour is allowed (`NO_COLOR` unset).
    public var colorOutput: Bool

    /// Streams of your own, for running `deriv` in-process; by default no standard input,
    /// files read from disk and no colour.
    public init(out: @escaping (String) -> Void, outBytes: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil,
                err: @escaping (String) -> Void,
                readStandardInput: @escaping () -> String? = { nil },
                readFile: @escaping (String) throws -> String = IO.readTextFile,
                readBytes: ((String) throws -> [UInt8])? = nil,
                colorOutput: Bool = false) {
        self.out = out; self.err = err; self.readStandardInput = readStandardInput
        self.outBytes = outBytes ?? { out(String(decoding: $0, as: UTF8.self)) }
        self.readFile = readFile; self.colorOutput = colorOutput
        self.readBytes = readBytes ?? { path in
            path == "-" ? Array((readStandardInput() ?? "").utf8) : Array(try readFile(path).utf8)
        }
    }

    /// The most bytes `readBytes` reads: 1 GiB.
    package static let dataSizeLimit = 1 << 30

    /// Reads a file as UTF-8, with bytes that are not UTF-8 read as U+FFFD (as standard input is),
    /// so that the lexer reports them with a line and column instead of the file failing to open.
    /// At most one byte more than the parser accepts is read, so `/dev/zero` or an endless pipe
    /// ends in the parser's size error instead of exhausting memory.
    public static func readTextFile(_ path: String) throws -> String {
        let file = try open(path)
        defer { try? file.close() }
        return readText(file)
    }

    /// The bytes of a file, or of standard input for `-`, up to `dataSizeLimit`.
    package static func readDataFile(_ path: String) throws -> [UInt8] {
        let file = path == "-" ? FileHandle.standardInput : try open(path)
        defer { if path != "-" { try? file.close() } }
        let data = file.readData(ofLength: dataSizeLimit + 1)
        if data.count > dataSizeLimit { throw FileError("it is larger than \(dataSizeLimit >> 30) GiB, the most deriv reads") }
        return [UInt8](data)
    }

    private static func open(_ path: String) throws -> FileHandle {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw FileError("no such file") }
        guard !isDirectory.boolValue else { throw FileError("it is a directory") }
        guard let file = FileHandle(forReadingAtPath: path) else { throw FileError("permission denied") }
        return file
    }

    /// Up to `Parser.maximumProgramSize + 1` bytes of `file`, decoded as UTF-8 with replacement.
    static func readText(_ file: FileHandle) -> String {
        String(decoding: file.readData(ofLength: Parser.maximumProgramSize + 1), as: UTF8.self)
    }

    /// The process's own streams.
    public static var standard: IO {
        IO(out: { FileHandle.standardOutput.write(Data($0.utf8)) },
           outBytes: { bytes in
               guard let base = bytes.baseAddress else { return }
               FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base),
                                                    count: bytes.count, deallocator: .none))
           },
           err: { FileHandle.standardError.write(Data($0.utf8)) },
           readStandardInput: { readText(FileHandle.standardInput) },
           readBytes: readDataFile,
           colorOutput: isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }
}

/// Why a program file could not be read, in the words of the usage message.
package struct FileError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// The process exit statuses (docs/COMMANDS.md, "Exit status").
package enum ExitStatus: Int32 {
    case success = 0
    /// A bad program: the message on stderr has line:column, the source line and a caret.
    case badProgram = 1
    /// Bad usage: unknown flag, missing value, bad number in `--at`.
    case badUsage = 2
}
