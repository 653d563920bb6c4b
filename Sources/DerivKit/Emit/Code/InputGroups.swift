@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivRender
import Foundation

/// Inputs passed together as one array argument of the emitted functions, named after the group
/// (`EmitOptions.groups`, docs/EMIT.md, "Parameter groups"): for example the weights to
/// differentiate, `InputGroup("params", ["w1", "w2", "b"])`, and the data that is only read,
/// `InputGroup("data", ["x", "t"])`.
public struct InputGroup: Sendable, Equatable {
    /// The array argument's name: an identifier, not an input's name.
    public var name: String
    /// The inputs the array holds, in this order.
    public var inputs: [String]

    /// The group `name` of `inputs` (names of the program's inputs), in this order.
    public init(_ name: String, _ inputs: [String]) {
        self.name = name
        self.inputs = inputs
    }
}

/// `EmitOptions.groups` or `EmitOptions.wrt` that do not fit the program or each other.
public enum InputGroupError: Error, Equatable, Sendable {
    /// A group (or, `group` nil, `wrt`) names something that is not an input of the program.
    case notAnInput(String, group: String?, suggestion: String?)
    /// An input in two groups.
    case inputInTwoGroups(String, first: String, second: String)
    /// A group's name that is not an identifier (letters, digits, `_`, not first a digit).
    case invalidGroupName(String)
    /// A group named like an input of the program.
    case groupNameIsInput(String)
    /// Two groups of one name.
    case groupTwice(String)
    /// A group without inputs.
    case emptyGroup(String)
    /// With groups, `wrt` names groups; this names an input (in group `group`, or in none).
    case wrtNamesInput(String, group: String?)
    /// With groups, `wrt` names something that is no group.
    case notAGroup(String, suggestion: String?)
    /// `wrt` names an input or a group twice.
    case wrtTwice(String)
    /// Groups together with `arrayInputs`: two ways to pass the inputs.
    case groupsWithArrayInputs
    /// Groups together with the batch function, whose inputs are arrays of points.
    case groupsWithBatch
}

extension InputGroupError: CustomStringConvertible, LocalizedError {
    /// The message, worded without the command line's options.
    public var description: String {
        switch self {
        case .notAnInput(let name, let group, let suggestion):
            return (group.map { "group '\($0)' names \(quote(name))" } ?? "wrt names \(quote(name))")
                + ", which is not an input of the program" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .inputInTwoGroups(let name, let first, let second):
            return "input \(quote(name)) is in two groups, '\(first)' and '\(second)'"
        case .invalidGroupName(let name):
            return "group name \(quote(name)) is not an identifier (letters, digits and '_', not first a digit)"
        case .groupNameIsInput(let name):
            return "group name \(quote(name)) is an input of the program; name the group otherwise"
        case .groupTwice(let name):
            return "there are two groups named \(quote(name))"
        case .emptyGroup(let name):
            return "group \(quote(name)) has no inputs"
        case .wrtNamesInput(let name, let group):
            return "with input groups, wrt names groups, not inputs: " + (group.map { "\(quote(name)) is in group '\($0)'" }
                ?? "\(quote(name)) is in no group, and inputs in no group are only read")
        case .notAGroup(let name, let suggestion):
            return "wrt names \(quote(name)), which is not a group" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .wrtTwice(let name):
            return "wrt names \(quote(name)) twice"
        case .groupsWithArrayInputs:
            return "input groups and array inputs are two ways to pass the inputs in arrays; use one"
        case .groupsWithBatch:
            return "the batch function takes no input groups"
        }
    }
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// How the inputs of the emitted functions are passed and which are differentiated, resolved once
/// from `EmitOptions` against the program: the order of the functions' inputs, the array each
/// comes in, and the direction arrays and result parts of the groups differentiated.
struct InputLayout {
    /// One run of consecutive inputs (in the functions' order): passed as one array named `array`
    /// (claimed against the code's names when the function is printed), or one parameter each.
    struct Segment {
        let count: Int
        let array: String?
        /// What the array holds, for documentation: "inputs", "inputs of params".
        let noun: String
    }

    /// The program's input indices in the functions' order: each group's inputs, in the order of
    /// the groups, then the inputs in no group, in the program's order.
    let order: [Int]
    /// The inputs in `order`, as runs.
    let inputs: [Segment]
    /// The inputs differentiated, as indices into `order`, in the order of the derivatives.
    let wrt: [Int]
    /// The directions of `_jvp`, one per `wrt` input, as runs.
    let directions: [Segment]
    /// The groups differentiated, in the order of `wrt`; empty without groups (the gradient is
    /// then one result).
    let parts: [(group: String, count: Int)]

    init(_ inputs: [String], _ options: EmitOptions) throws {
        // Built only when names are given (a program may have a million inputs).
        let index = options.wrt == nil && options.groups.isEmpty ? [:]
            : Dictionary(inputs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        guard !options.groups.isEmpty else {
            var wrt = Array(inputs.indices)
            if let names = options.wrt {
                var taken = [Bool](repeating: false, count: inputs.count)
                wrt = try names.map { name in
                    guard let i = index[name] else {
                        throw InputGroupError.notAnInput(name, group: nil, suggestion: closestName(to: name, among: inputs))
                    }
                    if taken[i] { throw InputGroupError.wrtTwice(name) }
                    taken[i] = true
                    return i
                }
            }
            order = Array(inputs.indices)
            self.inputs = [Segment(count: inputs.count, array: options.arrayInputs ? "inputs" : nil, noun: "inputs")]
            self.wrt = wrt
            directions = [Segment(count: wrt.count, array: options.arrayInputs ? "directions" : nil, noun: "direction")]
            parts = []
            return
        }
        if options.arrayInputs { throw InputGroupError.groupsWithArrayInputs }
        if options.batch { throw InputGroupError.groupsWithBatch }
        var groupOf: [Int: String] = [:]
        var start: [String: (offset: Int, count: Int)] = [:]
        var order: [Int] = []
        for group in options.groups {
            guard Naming.identifier(group.name) == group.name else { throw InputGroupError.invalidGroupName(group.name) }
            if index[group.name] != nil { throw InputGroupError.groupNameIsInput(group.name) }
            if start[group.name] != nil { throw InputGroupError.groupTwice(group.name) }
            if group.inputs.isEmpty { throw InputGroupError.emptyGroup(group.name) }
            start[group.name] = (order.count, group.inputs.count)
            for name in group.inputs {
                guard let i = index[name] else {
                    throw InputGroupError.notAnInput(name, group: group.name, suggestion: closestName(to: name, among: inputs))
                }
                if let first = groupOf.updateValue(group.name, forKey: i) {
                    throw InputGroupError.inputInTwoGroups(name, first: first, second: group.name)
                }
                order.append(i)
            }
        }
        let ungrouped = inputs.indices.filter { groupOf[$0] == nil }
        self.order = order + ungrouped
        self.inputs = options.groups.map { Segment(count: $0.inputs.count, array: $0.name, noun: "inputs of \($0.name)") }
            + [Segment(count: ungrouped.count, array: nil, noun: "inputs")]
        var wrt: [Int] = []
        var parts: [(group: String, count: Int)] = []
        for name in options.wrt ?? options.groups.map(\.name) {
            guard let (offset, count) = start[name] else {
                if let i = index[name] { throw InputGroupError.wrtNamesInput(name, group: groupOf[i]) }
                throw InputGroupError.notAGroup(name, suggestion: closestName(to: name, among: options.groups.map(\.name)))
            }
            if parts.contains(where: { $0.group == name }) { throw InputGroupError.wrtTwice(name) }
            wrt += offset..<offset + count
            parts.append((name, count))
        }
        self.wrt = wrt
        self.parts = parts
        directions = parts.map { Segment(count: $0.count, array: "d_" + $0.group, noun: "direction along \($0.group)") }
    }

    /// `graph` with its inputs in `order` (its nodes stay where they are: only which input each
    /// input node reads changes).
    func reordering(_ graph: Graph) -> Graph {
        guard order != Array(order.indices) else { return graph }
        var g = graph
        var position = [Int](repeating: 0, count: order.count)
        for (k, i) in order.enumerated() { position[i] = k }
        for (k, node) in g.nodes.enumerated() where node.op == .input && node.inputIndex < order.count {
            g.nodes[k] = Node(op: .input, payload: UInt64(position[node.inputIndex]))
        }
        g.inputs = order.map { graph.inputs[$0] }
        return g
    }

    /// Each run of inputs with its inputs' names (`names`: the inputs in `order`).
    private func runs(_ names: [String]) -> [(segment: Segment, names: [String])] {
        var first = 0
        return inputs.map { segment in
            defer { first += segment.count }
            return (segment, Array(names[first..<first + segment.count]))
        }
    }

    /// What the functions take: each array's name, each other input's (`params, data, lam`).
    func arguments(_ names: [String]) -> [String] {
        runs(names).flatMap { run in run.segment.array.map { [$0] } ?? run.names }
    }

    /// The header comment's list of the inputs: `params [w1, w2], data [x, t], lam`.
    func described(_ names: [String]) -> String {
        CodeEmitter.abbreviated(runs(names).flatMap { run in
            run.segment.array.map { ["\($0) [" + CodeEmitter.abbreviated(run.names) + "]"] } ?? run.names
        })
    }
}
