/// A JSON value with ordered keys, rendered on one line as docs/COMMANDS.md shows ("JSON shapes")
/// (`{"value": 1, "gradient": {"x": 2}}`); non-finite numbers become the strings
/// "NaN", "Infinity", "-Infinity".
public indirect enum JSON {
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    case bool(Bool)

    public var rendered: String {
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

    public static func numbers(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }
}

import Foundation
import DerivKit
