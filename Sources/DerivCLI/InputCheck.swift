@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
@_spi(DerivCore) import DerivKit

/// The names `--wrt`, `--at` and `--v` give, checked against the program's inputs: a name the
/// program does not use gets a warning (with the name probably meant), an input without a value
/// is a usage error.
struct InputCheck {
    let p: Program
    let console: Console

    init(_ p: Program, _ console: Console) {
        self.p = p
        self.console = console
    }

    /// The indices of the inputs to differentiate with respect to: `wrt` (`--wrt`), or all inputs.
    func differentiationInputs(_ wrt: [String]?) -> [Int] {
        guard let wrt else { return Array(p.inputs.indices) }
        let used = usedNames()
        let index = Dictionary(p.inputs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for name in wrt where !used.contains(name) {
            console.warn("\(quote(name)) in --wrt does not appear in the program; its derivative is 0")
        }
        return wrt.compactMap { index[$0] }
    }

    /// The point `at` (`--at`), one value per input. Names the program does not use get a
    /// warning; an input without a value is a usage error.
    func point(_ at: NamedValues.Given?) throws -> [Double] {
        guard let at else {
            if p.inputs.isEmpty { return [] }
            throw UsageError("give a point with --at, e.g. --at " + p.inputs.prefix(5).map { "\(shown($0))=1" }.joined(separator: ","))
        }
        let values = checked(try at.pairs(io: console.io), option: at.option, inputs: p.inputs)
        let used = usedNames()
        return try p.inputs.map { name in
            guard let v = values[name] ?? (used.contains(name) ? nil : 0) else {
                var message = "no value for input \(quote(name)): add it to --at, e.g. --at \(shown(name))=1"
                // A misspelt constant or variable becomes an input; name what was probably meant.
                if let near = closestName(to: name, among: ["pi", "e"] + p.ast.statements.compactMap { $0.target.map(p.ast.spelling) }) {
                    message += "; or did you mean '\(near)'?"
                }
                throw UsageError(message)
            }
            return v
        }
    }

    /// The direction `v` (`--v` of `deriv hvp`), one value per input in `wrt` (indices into the
    /// inputs); an input it does not name has 0.
    func direction(_ v: NamedValues.Given?, wrt: [Int]) throws -> [Double] {
        guard let v else {
            throw UsageError("give a direction with --v, e.g. --v " + wrt.prefix(5).enumerated()
                .map { "\(shown(p.inputs[$1]))=\($0 == 0 ? 1 : 0)" }.joined(separator: ","))
        }
        let values = checked(try v.pairs(io: console.io), option: v.option, inputs: wrt.map { p.inputs[$0] })
        return wrt.map { values[p.inputs[$0]] ?? 0 }
    }

    /// `given` as a dictionary (the last value of a name wins), with warnings for names given
    /// twice and for names that are not among `inputs`.
    private func checked(_ given: [(String, Double)], option: String, inputs: [String]) -> [String: Double] {
        var values: [String: Double] = [:]
        var repeated: [String] = []
        for (name, v) in given {
            if values.updateValue(v, forKey: name) != nil { repeated.append(name) }
        }
        for name in repeated.prefix(10) { console.warn("\(quote(name)) is given more than once in \(option); the last value is used") }
        let known = Set(inputs)
        let unknown = given.map(\.0).filter { !known.contains($0) }
        let used = usedNames()
        for name in unknown.prefix(10) {
            var message = "\(quote(name)) in \(option) is not an input of the program"
            if p.inputs.contains(name) {
                message = "\(quote(name)) in \(option) is not among the inputs of --wrt, so it is not used"
            } else if let constant = Constants.value(of: name), used.contains(name), !assigns(name) {
                message = "\(quote(name)) in \(option) is not an input: in this program \(name) is the constant "
                    + "\(formatNumber(constant)); \(Constants.renaming(name))"
            } else if let near = closestName(to: name, among: inputs), values[near] == nil {
                message += "; did you mean '\(near)'?"
            }
            console.warn(message)
        }
        if unknown.count > 10 { console.warn("\(unknown.count - 10) more names in \(option) are not inputs of the program") }
        return values
    }

    private func assigns(_ name: String) -> Bool {
        p.ast.statements.contains { $0.target.map(p.ast.spelling) == name }
    }

    /// A name as an example of `--at` shows it: itself, unless it is too long for a message.
    private func shown(_ name: String) -> String { name.count <= 40 ? name : "NAME" }

    /// The names the program text uses; an input only `--wrt` names needs no value (nothing depends on it).
    private func usedNames() -> Set<String> {
        var used = Set<String>()
        for n in p.ast.nodes { if case .name(let name) = n.kind { used.insert(p.ast.spelling(name)) } }
        return used
    }
}
