@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivDifferentiate
/// `deriv trace --format html`: one self-contained page that steps through a `Trace` on a
/// picture of the graph (docs/PICTURES.md). The forward pass node by node, then a sweep edge by
/// edge: upstream × local = contribution, the terms of a value used more than once summed as
/// they arrive. One view per reverse sweep (per output) and one per forward sweep (tangents
/// along one input), chosen with a selector; next and previous with buttons or the arrow keys.
///
/// Every number on the page is text written here from the two traces, so it is the trace's
/// (and `deriv grad`'s) number to the last digit; the page's script only shows and hides it.
/// `#view=V&step=S` in the address opens view V at step S (from 1); `#autotest` steps through
/// every view with the arrow keys and writes what each step shows into `<pre id="testlog">`,
/// which the browser tests read.
package struct TracePage {
    /// One step: the node (and edge) it is at, what it says, its row in the table, and the text
    /// it writes into the picture (by element id), which stays until an earlier step is shown.
    struct Step {
        var node: NodeID
        var edge: String?
        var say: String
        var cells: [String]
        var set: [(id: String, text: String)]
    }

    struct View {
        var title: String
        var steps: [Step]
    }

    let picture: GraphSVG
    let views: [View]
    let title: String

    /// - Parameters:
    ///   - reverse: the trace with one reverse sweep per output; `forward`: with one forward
    ///     sweep per input, both of `graph` at the same point.
    ///   - forwardFirst: open the page on a forward view.
    package init(_ graph: Graph, reverse: Trace, forward: Trace, forwardFirst: Bool = false) {
        let listing = GraphListing(graph)
        let values = reverse.steps.map { step -> Step in
            let v = formatNumber(step.value)
            let say = step.formula.isEmpty ? "input \(step.name) = \(v)"
                : "\(step.name) = \(step.formula) = \(step.substituted) = \(v)"
            return Step(node: step.node, edge: nil, say: "forward pass: " + say,
                        cells: [step.formula.isEmpty ? step.name + " (input)" : step.name + " = " + step.formula, "",
                                step.formula.isEmpty ? v : step.substituted + " = " + v],
                        set: [("n\(step.node)-1", "value " + v)])
        }
        var views: [View] = []
        for sweep in forwardFirst ? forward.sweeps + reverse.sweeps : reverse.sweeps + forward.sweeps {
            let title = sweep.mode == .reverse ? "reverse mode: the adjoints of \(sweep.variable)"
                : "forward mode: the tangents along \(sweep.variable)"
            views.append(View(title: title, steps: values + TracePage.steps(sweep, listing)))
        }
        self.views = views
        // Room in each box for the longest text any step writes there.
        var room: [String: Int] = [:]
        for view in views { for step in view.steps { for (id, text) in step.set { room[id] = max(room[id] ?? 0, text.count) } } }
        picture = GraphSVG(listing, lines: { v in
            [GraphSVG.Line("", .value, room: room["n\(v)-1"] ?? 0), GraphSVG.Line("", .derivative, room: room["n\(v)-2"] ?? 0)]
        }, label: { head, k, _ in GraphSVG.Line("", .formula, room: room["e\(head)-\(k)-label"] ?? 0) })
        let at = reverse.point.map { "\($0.name) = \(formatNumber($0.value))" }.joined(separator: ", ")
        title = GraphListing.signature(outputs: reverse.outputs, inputs: reverse.point.map(\.name)) + (at.isEmpty ? "" : " at " + at)
    }

    /// The steps of one sweep: its seeds, then its terms in the order the sweep formed them.
    private static func steps(_ sweep: Trace.Sweep, _ listing: GraphListing) -> [Step] {
        let reverse = sweep.mode == .reverse
        let x = sweep.variable
        let lead = reverse ? "reverse sweep for \(x): " : "tangents along \(x): "
        func derivative(_ v: String) -> String { reverse ? "∂\(x)/∂\(v)" : "∂\(v)/∂\(x)" }
        var steps: [Step] = []
        for row in sweep.rows where row.terms.isEmpty {
            let text = derivative(row.name) + " = " + formatNumber(row.value)
            steps.append(Step(node: row.node, edge: nil, say: lead + "seed " + text,
                              cells: [derivative(row.name), "seed", formatNumber(row.value)], set: [("n\(row.node)-2", text)]))
        }
        for (r, t) in sweep.order {
            let row = sweep.rows[r]
            let term = row.terms[t]
            let v = row.name, u = term.via
            let local = "∂" + (reverse ? u : v) + "/∂" + (reverse ? v : u)
            let upstream = reverse ? "∂\(x)/∂\(u)" : "∂\(u)/∂\(x)"
            let rule = reverse ? "\(upstream) × \(local)" : "\(local) × \(upstream)"
            let (a, b) = reverse ? (term.upstream, term.local) : (term.local, term.upstream)
            let numbers = formatNumber(a) + " × " + TracePage.later(b)
            let localText = term.localFormula == formatNumber(term.local)
                ? local + " = " + term.localFormula : local + " = " + term.localFormula + " = " + formatNumber(term.local)
            let complete = t == row.terms.count - 1
            // The terms so far; past four, the first two, the last and how many (a value used
            // thousands of times would otherwise write its sum over again at every step).
            let shown = t < 4 ? Array(0...t) : [0, 1, t]
            var sum = shown.map { k in k == 0 ? formatNumber(row.terms[k].product) : TracePage.later(row.terms[k].product) }
            if t >= 4 { sum.insert("…", at: 2) }
            let sumText = sum.joined(separator: " + ") + (t >= 4 ? " (\(t + 1) terms)" : "")
            let total = derivative(v) + " = " + (complete ? (t == 0 ? "" : sumText + " = ") + formatNumber(row.value) : sumText + " + …")
            let edge = "e\(term.user)-\(term.argument)"
            steps.append(Step(node: row.node, edge: edge,
                              say: lead + "\(derivative(v)) += \(rule) = \(numbers) = \(formatNumber(term.product))"
                                + (complete ? "; " + total : ""),
                              cells: [derivative(v) + " += " + rule, localText,
                                      numbers + " = " + formatNumber(term.product) + (complete ? "; " + total : "")],
                              set: [(edge + "-label", localText), ("n\(row.node)-2", total)]))
        }
        return steps
    }

    /// A number after an operator, as by hand: `(-4)` in parentheses when negative.
    private static func later(_ v: Double) -> String {
        v < 0 || (v == 0 && v.sign == .minus) ? "(" + formatNumber(v) + ")" : formatNumber(v)
    }

    // MARK: The page

    package var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<title>" + GraphSVG.escape("deriv trace: " + title) + "</title>\n"
        out += "<style>\n" + GraphSVG.style + "\n" + TracePage.style + "\n</style>\n</head>\n<body>\n"
        out += "<h1>" + GraphSVG.escape(title) + "</h1>\n"
        out += "<div id=\"controls\"><button id=\"prev\" type=\"button\">◀ previous</button> "
            + "<button id=\"next\" type=\"button\">next ▶</button> <label>view <select id=\"view\">"
        for (k, view) in views.enumerated() { out += "<option value=\"\(k)\">" + GraphSVG.escape(view.title) + "</option>" }
        out += "</select></label> <span class=\"hint\">keys: ← → (Home, End)</span></div>\n"
        out += "<p id=\"status\" aria-live=\"polite\"></p>\n"
        out += "<div id=\"main\">\n<div id=\"picture\">\n" + picture.svg(ids: true, standalone: false) + "</div>\n<div id=\"tables\">\n"
        for (k, view) in views.enumerated() {
            out += "<table id=\"t\(k)\" hidden><thead><tr><th>#</th><th>step</th><th>local partial</th>"
                + "<th>with the numbers</th></tr></thead><tbody>\n"
            for (s, step) in view.steps.enumerated() {
                out += "<tr id=\"v\(k)-s\(s)\"><td class=\"mark\">\(s + 1)</td>"
                    + step.cells.map { "<td>" + GraphSVG.escape($0) + "</td>" }.joined() + "</tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += "</div>\n</div>\n<pre id=\"testlog\" hidden></pre>\n"
        out += "<script>\nconst DATA = " + data + ";\n" + TracePage.script + "</script>\n</body>\n</html>\n"
        return out
    }

    /// The views as JSON: `{"clear": [id…], "views": [{"steps": [{"node", "edge", "say", "set": [[id, text]…]}]}]}`.
    private var data: String {
        var ids = Set<String>()
        var out = "{\"views\":["
        for (k, view) in views.enumerated() {
            out += (k > 0 ? ",\n" : "\n") + "{\"steps\":["
            for (s, step) in view.steps.enumerated() {
                out += (s > 0 ? ",\n" : "\n") + "{\"node\":\(step.node),\"edge\":" + (step.edge.map(TracePage.string) ?? "null")
                    + ",\"say\":" + TracePage.string(step.say) + ",\"set\":["
                    + step.set.map { "[" + TracePage.string($0.id) + "," + TracePage.string($0.text) + "]" }.joined(separator: ",") + "]}"
                for (id, _) in step.set { ids.insert(id) }
            }
            out += "]}"
        }
        return out + "],\n\"clear\":[" + ids.sorted().map(TracePage.string).joined(separator: ",") + "]}"
    }

    /// A JavaScript string literal; `<` escaped so that no text ends the script element.
    static func string(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case "\n": out += "\\n"
            case _ where ch.value < 0x20 || ch == "\u{2028}" || ch == "\u{2029}":
                let hex = String(ch.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:12px;color:#000;background:#fff}
        h1{font-size:16px;margin:0 0 8px}
        #controls button{font-size:15px;padding:4px 12px}
        .hint{color:#444;font-size:13px}
        #status{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:14px;background:#f2f2f2;padding:6px 8px;border-left:4px solid #000;min-height:1.2em}
        #main{display:flex;gap:16px;align-items:flex-start}
        #picture{flex:0 1 auto;max-width:55%;overflow:auto;max-height:80vh;border:1px solid #ccc}
        #tables{flex:1 1 40%;min-width:0;overflow:auto;max-height:80vh}
        table{border-collapse:collapse;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
        td,th{border:1px solid #bbb;padding:2px 6px;text-align:left;white-space:nowrap}
        tr.current td{background:#FBF3B4;font-weight:bold}
        .node.current rect{stroke:#000;stroke-width:3.5}
        .node.current rect:first-of-type{fill:#FBF3B4}
        .edge.current{stroke:#000;stroke-width:3.5;stroke-dasharray:8 3}
        .label.current{font-weight:bold;font-size:12px}
        """

    static let script = """
        const views = DATA.views;
        let view = 0, step = 0;
        const $ = id => document.getElementById(id);
        function show() {
          for (const id of DATA.clear) { const e = $(id); if (e) e.textContent = ""; }
          const steps = views[view].steps;
          if (!steps.length) { $("status").textContent = "nothing to step through: the outputs are constants"; return; }
          for (let k = 0; k <= step; k++) for (const [id, text] of steps[k].set) { const e = $(id); if (e) e.textContent = text; }
          for (const e of Array.from(document.querySelectorAll(".current"))) e.classList.remove("current");
          for (const e of Array.from(document.querySelectorAll("td.mark"))) e.textContent = e.textContent.replace("▶ ", "");
          const s = steps[step];
          const node = $("n" + s.node);
          node.classList.add("current");
          if (node.scrollIntoView) node.scrollIntoView({block: "nearest", inline: "nearest"});
          if (s.edge) { $(s.edge).classList.add("current"); $(s.edge + "-label").classList.add("current"); }
          views.forEach((_, k) => { $("t" + k).hidden = k !== view; });
          const row = $("v" + view + "-s" + step);
          row.classList.add("current");
          row.cells[0].textContent = "▶ " + row.cells[0].textContent;
          if (row.scrollIntoView) row.scrollIntoView({block: "nearest"});
          $("status").textContent = "step " + (step + 1) + " of " + steps.length + ": " + s.say;
          $("view").value = String(view);
        }
        function go(k) { step = Math.max(0, Math.min(views[view].steps.length - 1, k)); show(); }
        $("next").addEventListener("click", () => go(step + 1));
        $("prev").addEventListener("click", () => go(step - 1));
        $("view").addEventListener("change", e => { view = Number(e.target.value); go(step); });
        document.addEventListener("keydown", e => {
          const to = {ArrowRight: step + 1, ArrowDown: step + 1, ArrowLeft: step - 1, ArrowUp: step - 1, Home: 0, End: Infinity}[e.key];
          if (to === undefined || e.target.tagName === "SELECT") return;
          e.preventDefault();
          go(to);
        });
        function press(key) { document.dispatchEvent(new KeyboardEvent("keydown", {key: key, bubbles: true})); }
        function autotest() {
          const log = [];
          views.forEach((v, k) => {
            const select = $("view");
            select.value = String(k);
            select.dispatchEvent(new Event("change"));
            press("Home");
            for (let s = 0; s < v.steps.length; s++) {
              if (s > 0) press("ArrowRight");
              const row = $("v" + k + "-s" + step);
              log.push([k, step, row.classList.contains("current") ? "row" : "no row", $("status").textContent].join("\\t"));
            }
            press("ArrowLeft");
            log.push([k, "back", step].join("\\t"));
            press("End");
            for (const id of DATA.clear) { const e = $(id); if (e) log.push([k, "end", id, e.textContent].join("\\t")); }
          });
          $("testlog").textContent = log.join("\\n");
        }
        const hash = new URLSearchParams(location.hash.slice(1));
        if (hash.has("autotest")) autotest();
        else {
          view = Math.max(0, Math.min(views.length - 1, Number(hash.get("view") || 1) - 1));
          go(Number(hash.get("step") || 1) - 1);
        }

        """
}
