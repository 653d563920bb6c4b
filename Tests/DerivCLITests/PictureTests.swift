import Foundation
import XCTest

/// `deriv graph --format svg` and `deriv trace --format html` (docs/PICTURES.md): the SVG's text
/// as golden files, the options, and the page stepped through in headless Chromium, every number
/// it shows checked against `deriv grad` and `deriv eval`.
final class PictureTests: XCTestCase {
    /// The lecture notes' examples: (name, program arguments, point).
    static let examples: [(name: String, program: [String], at: String)] = [
        ("seed003", ["q = y*z; f = x + q"], "x=-2,y=5,z=-4"),
        ("sum-times-sum", ["(a + b)*(b + 1)"], "a=2,b=1"),
        ("network", ["-f", "docs/examples/network.deriv"],
         "w1=0.15,w2=0.20,w3=0.25,w4=0.30,w5=0.40,w6=0.45,w7=0.50,w8=0.55,b1=0.35,b2=0.60"),
    ]

    /// `-f docs/…` is read from the top of the repository.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func run(_ arguments: [String]) -> CapturedRun {
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(PictureTests.root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return CapturedRun(arguments)
    }

    // MARK: The SVG

    func testSVGGolden() {
        for (name, program, at) in PictureTests.examples {
            let plain = run(["graph"] + program + ["--format", "svg"])
            XCTAssertEqual(plain.status, 0, plain.err)
            assertGolden(plain.out, "pictures/\(name).svg")
            let full = run(["graph"] + program + ["--format", "svg", "--at", at, "--grad"])
            XCTAssertEqual(full.status, 0, full.err)
            assertGolden(full.out, "pictures/\(name)-grad.svg")
        }
    }

    /// docs/PICTURES.md shows this SVG: it is what deriv draws now (`DERIV_UPDATE_GOLDEN=1` rewrites it).
    func testTheDocsPictureIsCurrent() throws {
        let svg = run(["graph", "q = y*z; f = x + q", "--format", "svg", "--at", "x=-2,y=5,z=-4", "--grad"]).out
        let url = PictureTests.root.appendingPathComponent("docs/pictures/graph-seed003.svg")
        if ProcessInfo.processInfo.environment["DERIV_UPDATE_GOLDEN"] != nil { try Data(svg.utf8).write(to: url) }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), svg,
                       "docs/pictures/graph-seed003.svg is out of date: DERIV_UPDATE_GOLDEN=1 swift test --filter PictureTests")
    }

    func testSVGShowsValuesPartialsAndAdjoints() {
        let r = run(["graph", "q = y*z; f = x + q", "--format", "svg", "--at", "x=-2,y=5,z=-4", "--grad"])
        for text in ["value -20", "∂f/∂y = -4", "∂f/∂z = 5", "∂q/∂y = -4", "∂f/∂q = 1", "<title>f(x, y, z)</title>"] {
            XCTAssertTrue(r.out.contains(text), text)
        }
        let values = run(["graph", "q = y*z; f = x + q", "--format", "svg", "--at", "x=-2,y=5,z=-4"]).out
        XCTAssertTrue(values.contains("value -22") && !values.contains("∂f/∂y ="), "adjoints only with --grad")
        XCTAssertFalse(run(["graph", "x*y", "--format", "svg"]).out.contains("class=\"value\""), "numbers only with --at")
    }

    func testSVGOfAConstantAndOfSeveralOutputs() {
        XCTAssertTrue(run(["graph", "f = 3", "--format", "svg"]).out.contains(">f = 3</text>"))
        let two = run(["graph", "u = x*y; v = u + x", "--of", "u,v", "--format", "svg", "--at", "x=1,y=2"])
        XCTAssertEqual(two.status, 0, two.err)
        XCTAssertEqual(two.out.components(separatedBy: "class=\"node operation output\"").count - 1, 2)
    }

    func testTwoHundredNodesInTime() throws {
        // A chain with branches: 199 operations laid out (crossings, routes) in well under a second.
        var lines = ["t0 = x*y"]
        for i in 1..<100 { lines.append("t\(i) = sin(t\(i - 1)) * " + (i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "t\(max(0, i - 5))")) }
        let start = Date()
        let r = run(["graph", lines.joined(separator: "\n"), "--format", "svg", "--at", "x=0.5,y=0.25", "--grad"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(r.out.components(separatedBy: "<g class=\"node").count - 1, 201, "2 inputs and 199 operations")
    }

    // MARK: Options

    func testFormatsBelongToTheirCommands() {
        assertFails(deriv(["trace", "x", "--at", "x=1", "--format", "svg"]), 2,
                    "error: --format takes 'text' or 'markdown' or 'html', not 'svg'; --format svg is for deriv graph\n" + usage("trace"))
        assertFails(deriv(["graph", "x", "--format", "html"]), 2,
                    "error: --format takes 'ssa' or 'dot' or 'svg', not 'html'; --format html is for deriv trace\n" + usage("graph"))
        assertFails(deriv(["graph", "x", "--format", "svg", "--grad"]), 2,
                    "error: --format svg --grad writes each node's adjoint, a number: give the point with --at\n" + usage("graph"))
        assertFails(deriv(["graph", "x", "--format", "svg", "--json"]), 2,
                    "error: --json and --format svg are two ways to print the same thing; give one\n" + usage("graph"))
        assertFails(deriv(["trace", "x", "--at", "x=1", "--format", "html", "--json"]), 2,
                    "error: --json and --format html are two ways to print the same thing; give one\n" + usage("trace"))
        assertFails(deriv(["graph", "u = x*y; v = u + x", "--of", "u,v", "--format", "svg", "--grad", "--at", "x=1,y=2"]), 2,
                    "error: --grad draws the gradient of one output; choose it with --of\n" + usage("graph"))
    }

    func testPicturesOfMoreThanAThousandNodesAreRefused() {
        let program = (["a0 = x*x"] + (1...600).map { "a\($0) = a\($0 - 1)*x + 1" }).joined(separator: "\n")
        let hint = "this graph has 1202; draw part of it with --of\n"
        assertFails(deriv(["graph", program, "--format", "svg"]), 2, "error: --format svg draws up to 1000 nodes and " + hint + usage("graph"))
        assertFails(deriv(["trace", program, "--at", "x=0.5", "--format", "html"]), 2,
                    "error: --format html draws up to 1000 nodes and " + hint + usage("trace"))
    }

    func testALongSumIsShortened() {
        // x is used 30 times: its adjoint's box shows two terms, the last and how many.
        let program = (["a0 = x*x"] + (1...29).map { "a\($0) = a\($0 - 1)*x + 1" }).joined(separator: "\n")
        let page = run(["trace", program, "--at", "x=0.5", "--format", "html"]).out
        XCTAssertTrue(page.contains(" + … + "), "the sum so far, shortened")
        XCTAssertTrue(page.contains(" (30 terms) = "), "the complete sum, shortened")
    }

    // MARK: The page

    func testPageIsSelfContained() {
        let page = run(["trace", "q = y*z; f = x + q", "--at", "x=-2,y=5,z=-4", "--format", "html"]).out
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        for remote in ["http:", "https:", "src=", "href=", "@import", "url(http"] {
            XCTAssertFalse(page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains(remote), remote)
        }
        assertGolden(page, "pictures/seed003.html")
    }

    /// Steps through every view of each example in headless Chromium with the arrow keys
    /// (`#autotest`) and checks what the page showed.
    func testStepThroughEverySweepInChromium() throws {
        guard let chromium = PictureTests.chromium() else {
            throw XCTSkip("chromium is not installed: the browser tests need Debian's chromium package (CI installs it)")
        }
        for (name, program, at) in PictureTests.examples {
            // Reverse views against grad, forward views against grad --mode forward (their sums
            // are in a different order, so they may differ in the last bit).
            let grad = run(["grad"] + program + ["--at", at])
            let forward = run(["grad"] + program + ["--at", at, "--mode", "forward"])
            XCTAssertEqual(grad.status + forward.status, 0, grad.err + forward.err)
            let expected = try PictureTests.gradient(grad.out), tangents = try PictureTests.gradient(forward.out)
            let page = run(["trace"] + program + ["--at", at, "--format", "html"])
            XCTAssertEqual(page.status, 0, page.err)
            let file = try temporaryFile(page.out, name: "\(name).html")
            let dom = try PictureTests.dumpDOM(chromium, "file://" + file + "#autotest")
            let log = try XCTUnwrap(PictureTests.testLog(dom), "\(name): no test log in\n\(dom.prefix(2000))")
            try checkLog(log, name: name, gradient: expected.gradient, tangents: tangents.gradient, value: expected.value)
        }
    }

    /// What the log says, against `grad`: every step highlighted its row and said upstream × local
    /// = contribution with the right product; previous went back one; at the end of a reverse view
    /// each input shows ∂f/∂x as grad gives it, at the end of a forward view along x the output shows it.
    private func checkLog(_ log: [[String]], name: String, gradient: [String: Double], tangents: [String: Double],
                          value: Double) throws {
        var views: [String: (steps: Int, title: String)] = [:]
        var ends: [String: [String]] = [:]
        for line in log {
            let view = line[0]
            switch line[1] {
            case "back":
                XCTAssertEqual(Int(line[2]), views[view]!.steps - 2, "\(name): ← goes back one step")
            case "end":
                if line.count > 3 { ends[view, default: []].append(line[3]) }
            default:
                let step = try XCTUnwrap(Int(line[1]))
                XCTAssertEqual(step, views[view]?.steps ?? 0, "\(name): → goes forward one step")
                XCTAssertEqual(line[2], "row", "\(name): the step's row is highlighted")
                let status = line[3]
                XCTAssertTrue(status.hasPrefix("step \(step + 1) of "), status)
                views[view] = (step + 1, status)
                try checkProduct(status)
                if status.contains("forward pass: f = ") || status.contains("forward pass: E_total = ") {
                    XCTAssertEqual(status.components(separatedBy: " = ").last.flatMap(Double.init), value, status)
                }
            }
        }
        XCTAssertEqual(views.count, 1 + gradient.count, "\(name): one reverse view and one forward view per input")
        let output = name == "network" ? "E_total" : "f"
        for (view, shown) in ends {
            // View 0 is the reverse sweep: every input's adjoint; the others sweep along one input.
            let along = views[view]!.title.components(separatedBy: "tangents along ").dropFirst().first?.components(separatedBy: ":").first
            let inputs = view == "0" ? Array(gradient.keys) : [try XCTUnwrap(along, "\(name) view \(view)")]
            for x in inputs {
                let text = "∂\(output)/∂\(x) = "
                let line = try XCTUnwrap(shown.first { $0.hasPrefix(text) && !$0.contains("…") }, "\(name) view \(view): \(text) in \(shown)")
                XCTAssertEqual(line.components(separatedBy: " = ").last.flatMap(Double.init), (view == "0" ? gradient : tangents)[x],
                               "\(name) view \(view): \(line)")
            }
        }
    }

    /// `… += A × B = a × b = c …`: c is a × b (as the sweep forms it: a quotient q/d where the
    /// partial is 1/d, so to rounding).
    private func checkProduct(_ status: String) throws {
        guard status.contains(" += ") else { return }
        let parts = status.components(separatedBy: " = ")
        let numbers = try XCTUnwrap(parts.first { $0.contains(" × ") && Double($0.components(separatedBy: " × ")[0]) != nil }, status)
        let factors = numbers.components(separatedBy: " × ").map { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))) }
        let index = try XCTUnwrap(parts.firstIndex(of: numbers))
        let product = Double(parts[index + 1].components(separatedBy: ";")[0])
        let a = try XCTUnwrap(factors[0], status), b = try XCTUnwrap(factors[1], status), c = try XCTUnwrap(product, status)
        XCTAssertEqual(c, a * b, accuracy: 1e-15 * max(1, abs(c)), status)
    }

    // MARK: Screenshots

    /// An SVG of the notes, a page mid-sweep and the CS231n gate's gradient graph, each against
    /// its reviewed golden PNG, compared tolerantly (`ScreenshotGoldens`).
    func testScreenshotsMatchTheirGoldens() throws {
        guard let chromium = PictureTests.chromium() else {
            throw XCTSkip("chromium is not installed: the browser tests need Debian's chromium package (CI installs it)")
        }
        let (_, program, at) = PictureTests.examples[1]
        let (_, gate, gateAt) = MatrixPictureTests.examples[1]
        let svg = try temporaryFile(run(["graph"] + program + ["--format", "svg", "--at", at, "--grad"]).out, name: "graph.svg")
        let page = try temporaryFile(run(["trace"] + program + ["--at", at, "--format", "html"]).out, name: "page.html")
        let gateSVG = try temporaryFile(run(["graph"] + gate + ["--format", "svg", "--at", gateAt, "--grad"]).out, name: "gate.svg")
        try assertScreenshotMatchesGolden(chromium, "file://" + svg, width: 490, height: 180, "pictures/shot-graph-grad.png")
        try assertScreenshotMatchesGolden(chromium, "file://" + page + "#view=1&step=9", width: 1200, height: 400,
                                          "pictures/shot-trace-mid.png")
        try assertScreenshotMatchesGolden(chromium, "file://" + gateSVG, width: 953, height: 200, "pictures/shot-gate-grad.png")
    }

    /// The check is not so tolerant that it passes a changed picture: the same graph at another
    /// point (a = 3: the same boxes, a few other numbers), with one digit changed (the output's
    /// `value 6` drawn as `value 8`), and with the output's box moved 2 pixels down all fail it.
    func testScreenshotCheckFailsAChangedPicture() throws {
        guard let chromium = PictureTests.chromium() else {
            throw XCTSkip("chromium is not installed: the browser tests need Debian's chromium package (CI installs it)")
        }
        let directory = try temporaryDirectory()
        let golden = try Data(contentsOf: ScreenshotGoldens.golden("pictures/shot-graph-grad.png"))
        let graph = { (at: String) in self.run(["graph", "(a + b)*(b + 1)", "--format", "svg", "--at", at, "--grad"]).out }
        let changed = [
            ("another point", graph("a=3,b=1")),
            ("one digit", graph("a=2,b=1").replacingOccurrences(of: ">value 6<", with: ">value 8<")),
            ("a moved box", graph("a=2,b=1").replacingOccurrences(of: "<g class=\"node operation output\">",
                                                                  with: "<g class=\"node operation output\" transform=\"translate(0, 2)\">")),
        ]
        for (change, svg) in changed {
            XCTAssertNotEqual(svg, graph("a=2,b=1"), change)
            let file = try temporaryFile(svg, name: "graph.svg")
            let shot = try ScreenshotGoldens.screenshot(chromium, "file://" + file, width: 490, height: 180, in: directory)
            let comparison = try ScreenshotGoldens.compare(chromium, golden: golden, shot: shot, in: directory)
            XCTAssertEqual(comparison.size, comparison.goldenSize, change)
            XCTAssertFalse(comparison.passes, "\(change): \(comparison)")
        }
    }

    // MARK: Chromium

    static func chromium() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = String(dir) + "/" + name
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    static func chromiumRun(_ chromium: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--virtual-time-budget=5000"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func dumpDOM(_ chromium: String, _ url: String) throws -> String {
        try chromiumRun(chromium, ["--dump-dom", url])
    }

    /// The lines of `<pre id="testlog">`, split at tabs, entities decoded.
    static func testLog(_ dom: String) -> [[String]]? {
        guard let start = dom.range(of: "<pre id=\"testlog\" hidden=\"\">"),
              let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else { return nil }
        let text = dom[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return text.split(separator: "\n").map { $0.components(separatedBy: "\t") }
    }

    /// `value = v` and `d/dx = …` of `deriv grad`, read as text (Foundation's JSON reader rounds
    /// some numbers differently from Swift's `Double(String)`).
    static func gradient(_ text: String) throws -> (value: Double, gradient: [String: Double]) {
        var value: Double?
        var gradient: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.components(separatedBy: " = ")
            guard parts.count == 2, let v = Double(parts[1]) else { continue }
            if parts[0] == "value" { value = v } else if parts[0].hasPrefix("d/d") { gradient[String(parts[0].dropFirst(3))] = v }
        }
        return (try XCTUnwrap(value, text), gradient)
    }
}
