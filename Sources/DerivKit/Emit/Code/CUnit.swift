@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivRender
/// What lets an emitted C unit ship in other people's projects (docs/EMIT.md, "Using the C
/// file"): the functions declared before they are defined (so the unit compiles under
/// `-Wmissing-prototypes`, and as C++ the functions keep C linkage), the header that
/// `deriv emit --header` prints, helpers defined once however many units are pasted into one
/// file, and a pragma that does not leak into code after the unit.
enum CUnit {
    /// The header's include guard: the function's name as written (`DERIV_myfun_H`), so that
    /// units of different names (`myFun`, `myfun`) never share one.
    static func includeGuard(_ name: String) -> String { "DERIV_" + name + "_H" }

    /// The lines after the unit's includes: its functions' prototypes, skipped when the header
    /// was included before (identical prototypes twice would trip GCC's `-Wredundant-decls`).
    @Sendable static func prototypes(_ name: String, _ prototypes: [Prototype]) -> [String] {
        ["// The functions of this file, as its header (deriv emit --header) declares them.",
         "#ifndef " + includeGuard(name)] + linkage(prototypes.map { $0.signature + ";" }) + ["#endif"]
    }

    /// The header's lines after its comment: the include guard, and each prototype with its
    /// function's comment.
    @Sendable static func header(_ name: String, _ prototypes: [Prototype]) -> [String] {
        let guardName = includeGuard(name)
        return ["#ifndef " + guardName, "#define " + guardName, ""] + linkage(Prototype.declarations(prototypes) + [""])
            + ["", "#endif /* " + guardName + " */"]
    }

    /// What the header's comment says in place of how to compile the unit.
    @Sendable static func headerUsage(_ name: String) -> [String] {
        ["The declarations of the functions of \(name).c (the same command without --header), for C",
         "and C++: #include \"\(name).h\" where they are called, and compile and link \(name).c."]
    }

    /// `lines` with C linkage when compiled as C++.
    private static func linkage(_ lines: [String]) -> [String] {
        ["#ifdef __cplusplus", "extern \"C\" {", "#endif"] + lines + ["#ifdef __cplusplus", "}", "#endif"]
    }

    /// The helpers' text, each under a guard of its own (`DERIV_HELPER_SIGMOID`), so that a second
    /// unit pasted into the same file uses the first one's helper instead of defining it again.
    /// A unit compiled alone never reads its guards again, so Clang's `-Wunused-macros` (in
    /// `-Weverything`) is turned off for these lines only.
    @Sendable static func helpers(_ helpers: [Helper], gap: String) -> String {
        if helpers.isEmpty { return "" }
        var text = "// Helpers, each defined once however many deriv units are pasted into one file.\n"
            + "#if defined(__clang__)\n#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Wunused-macros\"\n#endif\n"
        for (k, helper) in helpers.enumerated() {
            if k > 0 { text += "\n" }
            let bare = helper.name.hasPrefix("deriv_") ? helper.name.dropFirst("deriv_".count) : Substring(helper.name)
            let guardName = "DERIV_HELPER_" + bare.uppercased()
            text += "#ifndef \(guardName)\n#define \(guardName)\n" + helper.text + "#endif\n"
        }
        return text + "#if defined(__clang__)\n#pragma clang diagnostic pop\n#endif\n" + gap
    }

    /// Two of GCC's passes that straight-line code can make costly. Temporary expression
    /// replacement moves each single-use temporary to its use; down a long chain of them (a sum of
    /// a thousand terms) that is the end of the function, so every input stays live and is
    /// spilled to the stack (1.8x slower on Rosenbrock with 1,000 inputs). Functions of `longCode`
    /// operations or more turn it off. The basic-block (SLP) vectorizer, on at -O2 since GCC 12,
    /// tries to pack the stores of a gradient into vectors, following their operands down: along
    /// chains of products as long as the program (the product of n inputs, each entry a product of
    /// two of the chain's partial products) at a cost growing with the square of the chain, for no
    /// faster code (70% of the compile time of the product of 1,000 inputs; 25% of 100, whose
    /// object code it leaves unchanged). Where the stored entries are shallow (Rosenbrock's, 6
    /// operations deep at any size) it costs little and packs them, 3-14% faster. So it is off
    /// when some stored entry is `deepStores` operations deep or more (`CodeFacts.storedDepth`: the
    /// product of n inputs n - 2, the MLP of 101 weights 30; docs/PERFORMANCE.md, "Compile time").
    /// Clang does neither. Both are turned off between `push_options` and `pop_options`, so that
    /// code after the unit is compiled as its own flags say.
    static let longCode = 1_000
    static let deepStores = 24

    /// The pragma that turns those passes off in a unit, or nil when it needs neither.
    static func longCodePragma(_ facts: CodeFacts) -> (push: [String], pop: [String])? {
        let long = facts.largestFunction >= longCode
        let deep = facts.storedDepth >= deepStores
        guard long || deep else { return nil }
        let comment = switch (long, deep) {
        case (true, true):
            ["// Long straight-line code: keep GCC from moving single-use temporaries to their last use",
             "// and from packing the stores into vectors, slow to compile (popped at the end of the file)."]
        case (true, false):
            ["// Long straight-line code: keep GCC from moving single-use temporaries to their last use",
             "// (popped at the end of the file)."]
        default:
            ["// Deep straight-line code: keep GCC from packing the stores into vectors, slow to compile",
             "// (popped at the end of the file)."]
        }
        let options = (long ? ["\"no-tree-ter\""] : []) + (deep ? ["\"no-tree-slp-vectorize\""] : [])
        return (push: comment + ["#if defined(__GNUC__) && !defined(__clang__)",
                                 "#pragma GCC push_options",
                                 "#pragma GCC optimize (" + options.joined(separator: ", ") + ")",
                                 "#endif"],
                pop: ["#if defined(__GNUC__) && !defined(__clang__)", "#pragma GCC pop_options", "#endif"])
    }

    /// The program tests numbers for equality (`x == y`) as it is written; Clang's -Wfloat-equal
    /// (in -Weverything) is turned off for the file's code, and back on after it.
    static let equalityPragma = (
        push: ["// The program compares numbers with == or != (popped at the end of the file).",
               "#if defined(__clang__)",
               "#pragma clang diagnostic push",
               "#pragma clang diagnostic ignored \"-Wfloat-equal\"",
               "#endif"],
        pop: ["#if defined(__clang__)", "#pragma clang diagnostic pop", "#endif"])

    /// The pragmas the code needs, in the order they are pushed.
    static func pragmas(_ facts: CodeFacts) -> [(push: [String], pop: [String])] {
        (longCodePragma(facts).map { [$0] } ?? []) + (facts.comparesForEquality ? [equalityPragma] : [])
    }
}

extension CUnit {
    /// `f_grad_batch` (`deriv emit --batch`): `f_grad` at `n` points, in a loop the compiler can
    /// vectorize when the code is arithmetic (GCC -O3 does for Rosenbrock's function; a helper's
    /// branch or a libm call keeps it scalar). The loop is under GCC's `#pragma GCC ivdep` (the
    /// arrays do not overlap): without it GCC gives up on a loop over more than a few input arrays
    /// rather than check each pair at run time (docs/PERFORMANCE.md, "Many points in C").
    /// Vectorized, each operation is the same IEEE operation on each point, so the numbers are
    /// `f_grad`'s bit for bit. Each input is an array of `n` values (with
    /// `--array`, `inputs` holds the points one after another, row-major); `values[i]` is the
    /// value at point i and `grads[j*n + i]` the derivative along input j there (with `--array`,
    /// `grads[i*k + j]`, the points' gradients one after another).
    /// GCC's promise that the loop after it carries no dependence through memory.
    static let ivdep = ["#if defined(__GNUC__) && !defined(__clang__)", "#pragma GCC ivdep", "#endif"]

    @Sendable static func batch(_ grad: FunctionText) -> (prototype: Prototype, text: [String]) {
        let inputs = grad.parameters[0]
        let count = grad.results[1].entries.count
        var naming = Naming(inputs: [], reserved: Set(inputs.names + [inputs.array ?? "", grad.name]), avoidsReservedForms: true)
        let (n, i, values, grads, g) = (naming.claim("n"), naming.claim("i"), naming.claim("values"), naming.claim("grads"),
                                        naming.claim("g"))
        var parameters = ["int " + n]
        var body: [String]
        if let array = inputs.array {
            parameters += (inputs.names.isEmpty ? [] : ["const double *" + array]) + ["double *" + values, "double *" + grads]
            let point = inputs.names.isEmpty ? [] : ["\(array) + \(i)*\(inputs.names.count)"]
            let gradient = count == 0 ? [] : ["\(grads) + \(i)*\(count)"]
            body = ["\(values)[\(i)] = \(grad.name)(" + (point + gradient).joined(separator: ", ") + ");"]
        } else {
            parameters += inputs.names.map { "const double *" + $0 } + ["double *" + values, "double *" + grads]
            let arguments = inputs.names.map { "\($0)[\(i)]" } + (count == 0 ? [] : [g])
            body = (count == 0 ? [] : ["double \(g)[\(count)];"])
                + ["\(values)[\(i)] = \(grad.name)(" + arguments.joined(separator: ", ") + ");"]
                + (0..<count).map { j in "\(grads)[\(j == 0 ? "" : j == 1 ? "\(n) + " : "\(j)*\(n) + ")\(i)] = \(g)[\(j)];" }
        }
        if count == 0 { parameters.removeLast() }
        let head = "void " + grad.name + "_batch("
        let layout = inputs.array == nil ? "\(grads)[j*\(n) + \(i)]" : "\(grads)[\(i)*\(count) + j]"
        let prototype = Prototype(
            documentation: ["// \(grad.name) at \(n) points: writes \(values)[\(i)] = the value at point \(i)"
                            + (count == 0 ? "." : ", \(layout) = d/d(input j) there."),
                            "// A loop the compiler vectorizes (gcc -O3) where the code has no branch or library call;",
                            "// the arrays must not overlap."],
            signature: head + CodeLayout.list(parameters, first: head.count, indent: "    ") + ")")
        let loop = "for (int \(i) = 0; \(i) < \(n); \(i)++)"
        let text = prototype.documentation + [prototype.signature, "{"] + ivdep
            + (body.count == 1 ? ["    \(loop) \(body[0])"] : ["    \(loop) {"] + body.map { "        " + $0 } + ["    }"]) + ["}"]
        return (prototype, text)
    }
}
