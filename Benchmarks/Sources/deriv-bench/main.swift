@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
@_spi(DerivCore) import DerivMatrix
@_spi(DerivCore) import DerivKit
import Foundation

/// deriv-bench: how fast deriv differentiates programs that scale, and how cheap the results are.
///
///     swift run -c release deriv-bench                 # every family and size (a few minutes)
///     swift run -c release deriv-bench --quick         # small sizes only
///     swift run -c release deriv-bench --json out.json # also write the results (peers.py reads them)
///     swift run -c release deriv-bench --only chain,product
///     deriv-bench --case rosenbrock:10000 --profile reverse   # one stage in a loop, for perf/callgrind
///     deriv-bench --count FILE                                # operations of a program and its gradient
///     deriv-bench --library rosenbrock:50                     # a gradient's cost per call through the library
///
/// Each case runs in a child process of its own (`--case family:size`), so the peak memory
/// reported belongs to that case alone. Parse, lower and reverse are timed twice, warm (repeated
/// in one process, as the peers are timed) and cold (each call maps its memory anew, as a
/// `deriv` process does; `medianTime(cold:)`); the scaling ratios use the cold times.
let usage = "usage: deriv-bench [--quick] [--json FILE] [--only FAMILY,…] [--case FAMILY:SIZE [--profile STAGE [--iterations N]]] [--count FILE] [--library FAMILY:SIZE]\n"

/// The cases of a full run and of `--quick`.
func cases(quick: Bool) -> [Case] {
    let scaled: [Family: [Int]] = quick
        ? [.rosenbrock: [10, 1_000], .chain: [10, 1_000], .product: [10, 1_000], .jacobian: [10, 100]]
        : [.rosenbrock: [10, 100, 1_000, 10_000, 100_000], .chain: [10, 100, 1_000, 10_000, 100_000],
           .product: [10, 100, 1_000, 10_000, 100_000], .jacobian: [10, 100, 1_000]]
    var list: [Case] = []
    for f in [Family.rosenbrock, .chain, .product] { list += scaled[f]!.map { Case(f, String($0)) } }
    list += (quick ? ["10-20-1"] : ["10-20-1", "100-100-1"]).map { Case(.mlp, $0) }
    list += scaled[.jacobian]!.map { Case(.jacobian, String($0)) }
    list += (quick ? [100_000] : [100_000, 1_000_000]).map { Case(.random, String($0)) }
    return list
}

var arguments = Array(CommandLine.arguments.dropFirst())
var quick = false
var jsonPath: String?
var only: Set<String>?
var single: Case?
var profile: Stage?
var iterations: Int?
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--quick": quick = true
    case "--json" where !arguments.isEmpty: jsonPath = arguments.removeFirst()
    case "--only" where !arguments.isEmpty: only = Set(arguments.removeFirst().split(separator: ",").map(String.init))
    case "--case" where !arguments.isEmpty:
        guard let c = Case(spec: arguments.removeFirst()) else { FileHandle.standardError.write(Data(usage.utf8)); exit(2) }
        single = c
    case "--profile" where !arguments.isEmpty:
        guard let stage = Stage(rawValue: arguments.removeFirst()) else { FileHandle.standardError.write(Data(usage.utf8)); exit(2) }
        profile = stage
    case "--iterations" where !arguments.isEmpty: iterations = Int(arguments.removeFirst())
    case "--count" where !arguments.isEmpty:
        // Operations of a program file's function and of its reverse-mode gradient.
        let program = try Program(parsing: try String(contentsOfFile: arguments.removeFirst(), encoding: .utf8))
        let gradient = Derivatives.gradient(program.graph, wrt: Array(program.inputs.indices))
        print("function \(program.graph.operationCount) gradient \(gradient.operationCount)")
        exit(0)
    case "--library" where !arguments.isEmpty:
        guard let c = Case(spec: arguments.removeFirst()) else { FileHandle.standardError.write(Data(usage.utf8)); exit(2) }
        try libraryTimes(of: c)
        exit(0)
    case "--help", "-h": print(usage, terminator: ""); exit(0)
    default: FileHandle.standardError.write(Data(usage.utf8)); exit(2)
    }
}

if let c = single, let stage = profile {
    try profileStage(stage, of: c, iterations: iterations)
    exit(0)
}
if let c = single {
    // Child: one case, its result as one JSON line.
    let result = try runCase(c, quick: quick)
    print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    exit(0)
}

var results: [CaseResult] = []
for c in cases(quick: quick) where only?.contains(c.family.rawValue) ?? true {
    FileHandle.standardError.write(Data("running \(c.label)…\n".utf8))
    var args = ["--case", c.spec]
    if quick { args.append("--quick") }
    guard let out = runProcess("/proc/self/exe", args),
          let r = try? JSONDecoder().decode(CaseResult.self, from: Data(out.utf8)) else {
        FileHandle.standardError.write(Data("  \(c.label) failed\n".utf8))
        continue
    }
    results.append(r)
}
print(Report.machine())
print(Report.table(results))
print(Report.targets(results))
if let jsonPath {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let doc = BenchmarkRun(machine: Report.machine(), quick: quick, results: results)
    try encoder.encode(doc).write(to: URL(fileURLWithPath: jsonPath))
}

/// The JSON document `--json` writes.
struct BenchmarkRun: Codable {
    var machine: String
    var quick: Bool
    var results: [CaseResult]
}
