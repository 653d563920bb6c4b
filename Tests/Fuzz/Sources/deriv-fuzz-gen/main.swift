import DerivKit
import Foundation
import FuzzSupport

// A structure-aware fuzzer that needs no libFuzzer: it writes random programs from the grammar
// (every operation, assignments, conditionals, edge-case numbers, now and then deep nesting or a
// long sum) and mutations of them (bytes deleted, inserted, duplicated, swapped; tokens, control
// characters and non-ASCII spliced in), and runs each through `PipelineCheck`.
//
//     swift build -c release --product deriv-fuzz-gen
//     .build/release/deriv-fuzz-gen --seconds 1800 --seed 1 --out findings
//
// Every input is written to OUT/last-input.deriv before it runs, so after a crash (a trap or a
// stack overflow ends the process) that file is the input that caused it. Findings of the oracle
// are written to OUT/finding-SEED.deriv and the run goes on.

/// Random programs from the grammar of grammar/deriv.ebnf.
struct Generator {
    var state: UInt64

    mutating func next() -> UInt64 { PipelineCheck.next(&state) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// The functions of the language (`Program.functionNames`), by the fewest arguments they take.
    static let unary = Program.functionNames.filter { takes($0, "x") }
    static let binary = Program.functionNames.filter { !takes($0, "x") && takes($0, "x, y") }
    static func takes(_ function: String, _ arguments: String) -> Bool {
        (try? Program(parsing: "\(function)(\(arguments))")) != nil
    }
    static let infix = ["+", "-", "*", "/", "^", "**", "<", "<=", ">", ">=", "==", "!="]
    static let numbers = ["0", "1", "2", "0.5", ".5", "3.", "1e-3", "6.02E23", "1e308", "1.7976931348623157e308",
                          "4.9e-324", "1e-320", "0.0", "123456789012345678901234567890", "2.5e+2", "00007"]
    static let names = ["x", "y", "z", "w", "a", "b", "c", "e", "pi", "t1", "x_2", "_"]

    mutating func expression(depth: Int, names: [String]) -> String {
        if depth <= 0 || chance(4) {
            return chance(3) ? pick(Generator.numbers) : pick(names)
        }
        switch below(10) {
        case 0, 1, 2:
            // Operands are not bracketed, so precedence and associativity are exercised; a
            // comparison is, since chaining them (`a < b < c`) is an error by design.
            let op = pick(Generator.infix)
            let e = "\(expression(depth: depth - 1, names: names)) \(op) \(expression(depth: depth - 1, names: names))"
            return "<>=!".contains(op.first!) ? "(\(e))" : e
        case 3: return "(\(expression(depth: depth - 1, names: names)))"
        case 4: return "\(pick(["-", "+", "--"]))\(expression(depth: depth - 1, names: names))"
        case 5, 6: return "\(pick(Generator.unary))(\(expression(depth: depth - 1, names: names)))"
        case 7:
            return "\(pick(Generator.binary))(\(expression(depth: depth - 1, names: names)), \(expression(depth: depth - 1, names: names)))"
        case 8:
            let count = 2 + below(4)
            let args = (0..<count).map { _ in expression(depth: depth - 1, names: names) }
            return "\(pick(["max", "min"]))(\(args.joined(separator: ", ")))"
        default:
            let e = "\(expression(depth: depth - 1, names: names)) ? \(expression(depth: depth - 1, names: names)) : \(expression(depth: depth - 1, names: names))"
            return chance(2) ? "(\(e))" : e
        }
    }

    /// A program of a few statements; later statements may use the names earlier ones assign.
    mutating func program() -> String {
        if chance(300) { return bigProgram() }
        var names = Array(Generator.names.prefix(4))
        var lines: [String] = []
        let count = 1 + below(5)
        for i in 0..<count {
            let e = expression(depth: 1 + below(5), names: names)
            if i < count - 1 || chance(2) {
                let target = "v\(i)"
                lines.append("\(target) = \(e)")
                names.append(target)
            } else {
                lines.append(e)
            }
            if chance(5) { lines.append("# a comment") }
        }
        return lines.joined(separator: chance(2) ? "\n" : "; ")
    }

    /// Deep nesting or a long flat program: the shapes that break recursive code.
    mutating func bigProgram() -> String {
        let n = 1000 + below(20_000)
        switch below(6) {
        case 0: return String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n)
        case 1: return String(repeating: "sin(", count: n) + "x" + String(repeating: ")", count: n)
        case 2: return String(repeating: "-", count: n) + "x"
        case 3: return (0..<n).map { _ in "x" }.joined(separator: "^")
        case 4: return (0..<n).map { "x*\($0)" }.joined(separator: " + ")
        default: return (1..<n).map { "a\($0) = a\($0 - 1)*x + 1" }.joined(separator: "\n").replacingOccurrences(of: "a0", with: "x")
        }
    }

    static let splices = ["(", ")", ",", "=", ";", "\n", "#", "?", ":", "^", "**", "e", "1e", ".", "..", "\0", "\u{7}",
                          "\u{1B}", "é", "×", "−", "\u{FEFF}", "\u{202E}", "\u{FFFD}", "sinn(", "max(", "x =", "1e400"]

    /// The program with a few random edits.
    mutating func mutate(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + below(4)) {
            let i = bytes.isEmpty ? 0 : below(bytes.count + 1)
            switch below(5) {
            case 0 where !bytes.isEmpty:
                bytes.removeSubrange(min(i, bytes.count - 1)..<min(bytes.count, i + 1 + below(8)))
            case 1:
                bytes.insert(contentsOf: Array(pick(Generator.splices).utf8), at: i)
            case 2:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: i)
            case 3 where !bytes.isEmpty:
                let j = below(bytes.count)
                let slice = bytes[j..<min(bytes.count, j + 1 + below(16))]
                bytes.insert(contentsOf: slice, at: i)
            default:
                bytes = Array(bytes.prefix(i))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

var seconds = 60.0
var seed: UInt64 = UInt64(Date().timeIntervalSince1970)
var outDirectory = "fuzz-findings"
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--seconds": seconds = Double(value) ?? seconds
    case "--seed": seed = UInt64(value) ?? seed
    case "--out": outDirectory = value
    default: fatalError("usage: deriv-fuzz-gen [--seconds N] [--seed S] [--out DIR]")
    }
}
try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
let lastInput = URL(fileURLWithPath: outDirectory).appendingPathComponent("last-input.deriv")

print("deriv-fuzz-gen: seed \(seed), \(Int(seconds)) s, findings in \(outDirectory)/")
let start = Date()
var lastReport = start
var runs = 0, findings = 0
while Date().timeIntervalSince(start) < seconds {
    let programSeed = seed &+ UInt64(runs)
    var generator = Generator(state: programSeed)
    var text = generator.program()
    let mutated = generator.chance(3)
    if mutated { text = generator.mutate(text) }
    try Data(text.utf8).write(to: lastInput)
    if let finding = PipelineCheck.check(text, seed: programSeed, mustParse: !mutated) {
        findings += 1
        let file = URL(fileURLWithPath: outDirectory).appendingPathComponent("finding-\(programSeed).deriv")
        try Data(text.utf8).write(to: file)
        print("finding (seed \(programSeed)): \(finding)")
    }
    runs += 1
    if Date().timeIntervalSince(lastReport) > 30 {
        lastReport = Date()
        print("\(runs) programs, \(findings) findings, \(Int(lastReport.timeIntervalSince(start))) s")
    }
}
print("done: \(runs) programs in \(Int(Date().timeIntervalSince(start))) s, \(findings) findings")
