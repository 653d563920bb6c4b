@_spi(DerivCore) import DerivCore
import Foundation

/// C99 code: one self-contained unit including <math.h>, compiling without a warning under
/// `gcc -std=c99 -Wall -Wextra -Werror -pedantic -Wmissing-prototypes` and
/// `clang -Weverything -Wno-unsafe-buffer-usage` (link with -lm); its prototypes, header,
/// guarded helpers and pragmas are `CUnit`'s.
///
///     double f(double x, double y);                          // the value
///     double f_grad(double x, double y, double grad[2]);     // returns f, writes the gradient
///     double f_jvp(double x, double y, double dx, double dy, double *dout);   // --mode forward
///     void f(double x, double y, double values[2]);           // several outputs (--of f,g)
///     void f_jac(double x, double y, double values[2], double jac[4]);   // jac[i*2 + j] = d(out i)/d(in j)
///
/// How each operation is computed (a <math.h> call or a small static helper computing exactly
/// what the interpreter computes) is the `c` field of its row of the operation table (`Op.row`,
/// Sources/DerivCore/Ops/OpTable.swift).
extension LanguageSyntax {
    package static let c = LanguageSyntax(
        name: "c",
        reserved: CodeWords.c.union(CodeWords.operations),
        squareRepeatsBase: true,
        number: { v in
            if v.isNaN { return Printed("NAN", .atom) }
            if v.isInfinite { return v > 0 ? Printed("INFINITY", .atom) : Printed("-INFINITY", .unary) }
            return CodeWords.decimal(v, forceFraction: true)
        },
        write: { op, a, w in
            CodeWords.call(OpCodeTable.c[op], a, &w)
                ?? CodeWords.cFamily(op, a, &w, one: "1.0", zero: "0.0") ?? w.call(op.info.name, a)
        })
}

extension OpCodeTable {
    static let c = OpCodeTable(\.c)
}

extension CodeTemplate {
    static let c = CodeTemplate(
        syntax: .c,
        maxInlineDepth: 6,
        commentPrefix: "// ",
        commentSafe: cCommentSafe,
        prelude: { facts in ["#include <math.h>"] + CUnit.pragmas(facts).flatMap { [""] + $0.push } },
        usage: { name in
            ["C99; compile with e.g. cc -std=c99 -O2 -c \(name).c and link with -lm. With -std=c99 (or",
             "-ffp-contract=off) the results are bit-identical to deriv's interpreter on this code's graph",
             "with the same libm: \(name)'s value is deriv eval's; the gradient, simplified, agrees with",
             "deriv grad to rounding."]
        },
        helpers: OpCodeTable.c.helpers,
        helperText: CUnit.helpers,
        postlude: { facts in CUnit.pragmas(facts).reversed().flatMap(\.pop) },
        prototypes: CUnit.prototypes,
        headerFile: .init(lines: CUnit.header, usage: CUnit.headerUsage),
        batch: CUnit.batch,
        avoidsReservedForms: true,
        function: cFunction)

    /// `double f_grad(double x, double y, double grad[2]) { … }`: the first result, when it is one
    /// number, is returned; every other result is written through an argument.
    @Sendable private static func cFunction(_ f: FunctionText) -> FunctionLayout {
        var parameters: [String] = []
        // Parameters the body never reads, used after the declarations (a statement before them
        // would trip Clang's -Wdeclaration-after-statement).
        var unused: [String] = []
        for group in f.parameters {
            if let array = group.array {
                if !group.names.isEmpty { parameters.append("const double \(array)[\(group.names.count)]") }
                if !group.names.isEmpty && !group.used.contains(true) { unused.append("(void)\(array);") }
            } else {
                parameters += group.names.map { "double " + $0 }
                for (i, name) in group.names.enumerated() where !group.used[i] { unused.append("(void)\(name);") }
            }
        }
        let returned = f.returnedScalar
        var writes: [String] = []
        var delivery = returned.map { ["Returns \($0.meanings[0])"] } ?? []
        for r in f.results.dropFirst(returned == nil ? 0 : 1) where !r.entries.isEmpty {
            if r.shape == .scalar {
                parameters.append("double *" + r.parameter)
                writes.append("*\(r.parameter) = \(r.entries[0]);")
                delivery.append((delivery.isEmpty ? "Writes" : "writes") + " *\(r.parameter) = \(r.meanings[0])")
            } else {
                parameters.append("double \(r.parameter)[\(r.entries.count)]")
                let targets = r.entries.indices.map { "\(r.parameter)[\($0)]" }
                writes += zip(targets, r.entries).map { "\($0) = \($1);" }
                delivery.append((delivery.isEmpty ? "Writes " : "writes ") + cDelivery(r, targets))
            }
        }
        let documentation = ["// " + f.summary, "// " + delivery.joined(separator: "; ") + "."]
        let head = (returned == nil ? "void " : "double ") + f.name + "("
        let list = parameters.isEmpty ? "void" : CodeLayout.list(parameters, first: head.count, indent: "    ")
        let prototype = Prototype(documentation: documentation, signature: head + list + ")")
        let lines = documentation + [prototype.signature, "{"]
        var after = (unused + writes).map { "    " + $0 }
        if let returned { after.append("    return \(returned.entries[0]);") }
        after.append("}")
        return FunctionLayout(prototype: prototype, before: lines, indent: "    ",
                              statement: .init(before: "const double ", between: " = ", after: ";"), after: after)
    }

    /// How a vector or matrix result is laid out, for the function's comment.
    static func cDelivery(_ r: ResultGroup, _ targets: [String]) -> String {
        switch r.shape {
        case .matrix(let n):
            let many = "\(r.parameter)[i*\(n) + j] = d(output i)/d(input j), row-major"
            return r.entries.count > 6 ? many : CodeLayout.assignments(targets, r.meanings, many: many) + " (row-major)"
        default:
            let many = "\(r.parameter)[0..\(r.entries.count - 1)] = the \(r.noun), in input order"
            return CodeLayout.assignments(targets, r.meanings, many: r.label == "values" ? "\(r.parameter)[i] = output i" : many)
        }
    }

    /// A comment line must not end in a backslash (it would continue the comment onto the next
    /// line) nor contain `??` (trigraphs, on in -std=c99, could make one).
    @Sendable static func cCommentSafe(_ text: String) -> String {
        var text = text
        let s = text.withUTF8 { $0.contains(UInt8(ascii: "?")) } ? text.replacingOccurrences(of: "??", with: "? ?") : text
        let kept = s.utf8.reversed().drop { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: " ") }.count
        return kept == s.utf8.count ? s : String(decoding: s.utf8.prefix(kept), as: UTF8.self)
    }
}
