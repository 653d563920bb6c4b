/// A JSON value with ordered keys, rendered on one line as docs/COMMANDS.md shows ("JSON shapes")
/// (`{"value": 1, "gradient": {"x": 2}}`); non-finite numbers become the strings
/// "NaN", "Infinity", "-Infinity".
package indirect enum JSON {
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    case bool(Bool)
    /// JSON text already rendered (a long array of numbers, written by `MatrixLayout`).
    case rendered(String)

    package var rendered: String {
        switch self {
        case .number(let v):
            return v.isFinite ? formatNumber(v) : "\"\(formatNumber(v))\""
        case .string(let s):
            return JSON.quote(s)
        case .array(let items):
            return "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { JSON.quote($0.0) + ": " + $0.1.rendered }.joined(separator: ", ") + "}"
        case .bool(let b):
            return b ? "true" : "false"
        case .rendered(let text):
            return text
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivFormulas
@_spi(DerivCore) import DerivKit
import Foundation

/// The shapes every command shares (docs/COMMANDS.md, "JSON"): one per concept.
/// - a list of names (`"inputs"`, `"outputs"`): an array of strings, in input (output) order;
/// - one number per name (a gradient, the values of the outputs, a point): an object keyed by
///   name, in that order;
/// - a matrix (`"jacobian"`, `"hessian"`): an array of rows, ordered as `"outputs"` and `"inputs"`;
/// - formulas: the same shapes with strings in place of numbers, over the names in `"shared"`.
extension JSON {
    /// `{"x": 1, "y": 2}`: one number per name, in the order given.
    static func byName(_ names: [String], _ values: [Double]) -> JSON { byName(names, values.map { .number($0) }) }

    /// `{"x": …, "y": …}`: one value per name, in the order given.
    static func byName(_ names: [String], _ values: [JSON]) -> JSON { .object(Array(zip(names, values))) }

    /// `["x", "y"]`.
    static func strings(_ s: [String]) -> JSON { .array(s.map { .string($0) }) }

    /// An m × n matrix as its rows, from its entries row by row.
    static func matrix(_ entries: [JSON], rows m: Int, columns n: Int) -> JSON {
        .array((0..<m).map { r in .array(Array(entries[(r * n)..<((r + 1) * n)])) })
    }

    /// The named shared parts of formulas: `{"t1": "x^2 + y^2"}`.
    static func shared(_ f: DerivativeListings.Formulas) -> JSON {
        .object(f.printer.statements.map { ($0.name, .string($0.text)) })
    }
}
