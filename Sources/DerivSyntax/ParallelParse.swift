@_spi(DerivCore) import DerivCore
import Foundation

/// Parsing a big program on two cores: the text is cut at a line break near its middle, the two
/// parts are parsed side by side, and the second part's AST is appended to the first's.
///
/// Why the result is the serial parse's, exactly: what the lexer carries past a line break is
/// its depth of parentheses, the kind of the last token, and its line and column. When the first
/// part ends between statements (no parenthesis open, its last token a name, a number, `)` or a
/// separator: `Lexer.isBetweenStatements`), the serial lexer turns that line break into a
/// separator (or, after one, skips it), and the parser is between statements with nothing
/// pending: the state in which the second part's lexer starts, at depth 0 after a separator, on
/// the next line. Between statements the parser keeps nothing but the AST, so each part's
/// statements are the serial parse's, tokens and source locations included (they count from the
/// start of the text), up to numbering: `append` moves node, child and call-name indices past the
/// first part's, and `renumber` numbers symbols in order of first appearance over the whole text.
///
/// Anything else gives nil and the caller parses the whole text on one core: an error in either
/// part (so diagnostics are always the serial parser's), or no statement at all. A first part cut
/// inside a statement (after `x = a +`, or in parentheses) fails to parse, as its end comes too
/// soon; `isBetweenStatements` is checked all the same, as the argument rests on it. A failed
/// attempt costs the time of the halves on top of the serial parse; `splitPoint` avoids the cuts
/// that are sure to fail.
///
/// The merge is the price: on the random program of a million operations (14 MB) the parts take
/// about 200 ms side by side instead of 390 one after the other, and the merge about 60, most of
/// it page faults of the memory the second part's nodes are copied to.
extension Parser {
    /// Programs of this many bytes or more are parsed in two parts where there are two cores.
    /// Measured on the random program: at 360 KB a parse of 8 ms takes 5.5 in two parts; at
    /// 100 KB the gain is lost in the noise of a thread hand-off and two symbol tables.
    static let parseInTwoThreshold = ProcessInfo.processInfo.activeProcessorCount > 1 ? 256 << 10 : Int.max

    /// Where to cut a program in two: the first line break in the middle half of the text that
    /// follows a character that can end a statement (a name's or number's last, `)` or `;`, with
    /// comments and blanks skipped), nil if there is none. Cutting after an operator or a comma
    /// would fail, as the statement goes on; a cut inside parentheses is caught by `parseInTwo`.
    static func splitPoint(_ bytes: [UInt8]) -> Int? {
        let newline = UInt8(ascii: "\n")
        // From the start of the line the middle is on, one line after another.
        var i = bytes.count / 2
        while i > 0, bytes[i - 1] != newline { i -= 1 }
        var last: UInt8 = 0         // the line's last byte that is not blank or in a comment
        var inComment = false
        while i < bytes.count * 3 / 4 {
            let c = bytes[i]
            if c == newline {
                if i >= bytes.count / 2, isIdentifierPart(last) || last == UInt8(ascii: ".") || last == UInt8(ascii: ")")
                    || last == UInt8(ascii: ";") {
                    return i
                }
                last = 0
                inComment = false
            } else if c == UInt8(ascii: "#") {
                inComment = true
            } else if !inComment, c != UInt8(ascii: " "), c != UInt8(ascii: "\t"), c != UInt8(ascii: "\r") {
                last = c
            }
            i += 1
        }
        return nil
    }

    /// The AST of the whole program, parsed as two parts side by side: the text before the line
    /// break at offset `lineBreak`, and the text after it. Nil unless it is certainly what the
    /// serial parse gives (see above).
    static func parseInTwo(_ source: SourceFile, at lineBreak: Int, interning: SymbolInterning = .table) -> AST? {
        let size = source.bytes.count
        guard (0..<size).contains(lineBreak), source.bytes[lineBreak] == UInt8(ascii: "\n") else { return nil }
        let ranges = [0..<lineBreak, lineBreak + 1..<size]
        var parts = Parallel.map(2) { k in try? Part(source, ranges[k], interning: interning) }
        // Taken out of the array, so that the first part's arrays have one owner and grow in place.
        let second = parts.removeLast()
        guard var first = parts.removeLast(), let second, first.endsBetweenStatements else { return nil }
        let (symbols, newSpellings) = first.symbols.renumber(second.symbols)
        first.ast.append(second.ast, symbols: symbols)
        guard !first.ast.statements.isEmpty else { return nil }
        first.ast.spellings = first.symbols.spellings + newSpellings
        return first.ast
    }
}

extension AST {
    /// Appends the statements of `other`, the AST of the text after this one's: its node, child
    /// and call-name indices move past this AST's, and its symbol k becomes `symbols[k]`.
    /// Spellings are left to the caller.
    mutating func append(_ other: AST, symbols: [Symbol]) {
        let nodeBase = Int32(nodes.count), childBase = Int32(childIndices.count), callBase = Int32(callNameRanges.count)
        // Copied whole (a copy of memory), then renumbered in place.
        nodes += other.nodes
        childIndices += other.childIndices
        callNameRanges += other.callNameRanges
        nodes.withUnsafeMutableBufferPointer { nodes in
            for i in Int(nodeBase)..<nodes.count {
                let node = nodes[i]
                var kind = node.kind
                switch kind {
                case .name(let s): kind = .name(symbols[Int(s.index)])
                case .call(let s, let k): kind = .call(symbols[Int(s.index)], nameRangeIndex: k + callBase)
                default: break
                }
                nodes[i] = Node(kind: kind, firstChild: node.firstChild + childBase, childCount: node.childCount, range: node.range)
            }
        }
        childIndices.withUnsafeMutableBufferPointer { children in
            for i in Int(childBase)..<children.count { children[i] += nodeBase }
        }
        statements.reserveCapacity(statements.count + other.statements.count)
        for s in other.statements {
            statements.append(Statement(target: s.target.map { symbols[Int($0.index)] }, targetRange: s.targetRange,
                                        root: s.root + Int(nodeBase), range: s.range))
        }
    }
}
