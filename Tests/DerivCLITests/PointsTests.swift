@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivKit
@_spi(DerivCore) import DerivCLI
import XCTest
@testable import DerivCLI

/// `deriv grad --points FILE.csv` and `deriv eval --points FILE.csv`: the CSV (or JSON lines) they
/// write, row by row, holds the numbers `--at` prints at that point; bad rows are all reported,
/// or skipped with `--skip-bad`; a domain warning is given once per place with a count.
final class PointsTests: XCTestCase {
    private func run(_ args: [String], files: [String: String] = [:]) -> Run {
        var out = "", err = ""
        let io = IO(out: { out += $0 }, err: { err += $0 }, readStandardInput: { nil },
                    readFile: { path in
                        guard let text = files[path] else { throw FileError("no such file") }
                        return text
                    })
        let status = DerivCLI.run(args, io: io)
        return Run(status: status, out: out, err: err)
    }

    private func grad(_ program: String, _ csv: String, _ extra: [String] = []) -> Run {
        run(["grad", program, "--points", "p.csv"] + extra, files: ["p.csv": csv])
    }

    func testEveryRowEqualsAtThatPoint() throws {
        let program = "a = x*y + sin(x)/y; b = exp(-a^2) + atan2(y, x); b*hypot(x, y)"
        let points = [[1.5, -2.0], [0.1, 3.0], [-0.7, 0.25], [2, 2], [1e-3, -1e3]]
        let csv = "x,y\n" + points.map { $0.map(formatNumber).joined(separator: ",") }.joined(separator: "\n") + "\n"
        for mode in ["reverse", "forward"] {
            let batch = grad(program, csv, ["--mode", mode])
            XCTAssertEqual(batch.status, 0, batch.err)
            let rows = batch.out.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            XCTAssertEqual(rows[0], ["x", "y", "value", "d/dx", "d/dy"])
            XCTAssertEqual(rows.count, points.count + 1)
            let lines = grad(program, csv, ["--mode", mode, "--json"]).out.split(separator: "\n")
            XCTAssertEqual(lines.count, points.count)
            for (k, point) in points.enumerated() {
                let at = ["--at", "x=\(formatNumber(point[0])),y=\(formatNumber(point[1]))", "--mode", mode]
                let text = run(["grad", program] + at)
                let expected = text.out.split(separator: "\n").map { String($0.split(separator: "=")[1].dropFirst()) }
                XCTAssertEqual(Array(rows[k + 1].dropFirst(2)), expected, "\(mode), point \(point)")
                XCTAssertEqual(Array(rows[k + 1].prefix(2)), point.map(formatNumber))
                XCTAssertEqual(lines[k] + "\n", run(["grad", program, "--json"] + at).out)
            }
        }
    }

    func testWrtColumnsAndBlankLines() {
        let r = grad("x*y*z", "z, y ,x\r\n\n1,2,3\r\n  \n4,5,6\n", ["--wrt", "z"])
        assertSucceeds(r, "z,x,y,value,d/dz\n1,3,2,6,6\n4,6,5,120,30\n")
    }

    func testAProgramWithoutInputsHasItsValueOnEveryRow() {
        assertSucceeds(grad("y = 3; y", "x\n1\n2\n"), "value\n3\n3\n",
                       err: "warning: 'x' in p.csv is not an input of the program\n")
    }

    func testEvalWritesTheOutputsAtEveryPoint() {
        let csv = "x,y\n1,2\n-1,0.5\n"
        assertSucceeds(run(["eval", "x*y + 1", "--points", "p.csv"], files: ["p.csv": csv]), "x,y,value\n1,2,3\n-1,0.5,0.5\n")
        let two = ["eval", "f = x*y; g = x/y", "--of", "f,g", "--points", "p.csv"]
        assertSucceeds(run(two, files: ["p.csv": csv]), "x,y,f,g\n1,2,2,0.5\n-1,0.5,-0.5,-2\n")
        assertSucceeds(run(two + ["--json"], files: ["p.csv": csv]),
                       "{\"values\": {\"f\": 2, \"g\": 0.5}}\n{\"values\": {\"f\": -0.5, \"g\": -2}}\n")
        assertSucceeds(run(["eval", "x*y + 1", "--points", "p.csv", "--json"], files: ["p.csv": csv]),
                       "{\"value\": 3, \"values\": {\"f\": 3}}\n{\"value\": 0.5, \"values\": {\"f\": 0.5}}\n")
    }

    func testJSONLinesSpellNonFiniteNumbersAsStrings() {
        let r = grad("log(x)/y", "x,y\n1,1\n-1,1\n1,0\n2,-0\n", ["--json"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, """
            {"value": 0, "gradient": {"x": 1, "y": -0}}
            {"value": "NaN", "gradient": {"x": -1, "y": "NaN"}}
            {"value": "NaN", "gradient": {"x": "Infinity", "y": "NaN"}}
            {"value": "-Infinity", "gradient": {"x": "-Infinity", "y": "-Infinity"}}

            """)
        assertSucceeds(grad("2", "x\n1\n", ["--json"]), "{\"value\": 2, \"gradient\": {}}\n",
                       err: "warning: 'x' in p.csv is not an input of the program\n")
    }

    func testAWarningOncePerPlaceWithACount() {
        let r = grad("log(x) + 1/y", "x,y\n1,1\n-1,1\n-2,1\n3,0\n-3,2\n")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out.split(separator: "\n").count, 6)
        XCTAssertEqual(r.err, """
            warning: 1:1: log(-1) is NaN (outside the domain)
             1 | log(x) + 1/y
               | ^~~~~~
            note: at the point on line 3 of p.csv, and at 2 more of the 5 points
            warning: 1:10: 1 / 0 is Infinity (division by zero)
             1 | log(x) + 1/y
               |          ^~~
            note: at the point on line 5 of p.csv

            """)
        let many = "x\n" + (1...2000).map { "\($0 % 2 == 0 ? 1 : -1)" }.joined(separator: "\n")
        XCTAssert(grad("log(x)", many).err.hasSuffix("note: at the point on line 2 of p.csv, and at 999 more of the 2,000 points\n"))
    }

    func testEveryBadRowIsReportedAndNothingWritten() {
        let csv = "x,y\n1,abc\n1,2\n1,2,3\n4\n,5\n1,1e400\n7,8\n"
        assertFails(grad("x*y", csv), 2, """
            error: p.csv:2: 'abc' in column 'y' is not a number
            error: p.csv:4: expected 2 values (x,y), got 3
            error: p.csv:5: expected 2 values (x,y), got 1
            error: p.csv:6: no value in column 'x'
            error: p.csv:7: '1e400' in column 'y' overflows; write inf for infinity
            error: p.csv has 5 bad rows; --skip-bad writes the good rows

            """ + usage("grad"))
        assertFails(grad("x*y", "x,y\n1,2\n3,x\n"), 2, "error: p.csv:3: 'x' in column 'y' is not a number\n" + usage("grad"))
    }

    func testBadRowsPastAScreenfulAreCounted() {
        let csv = "x\n" + (1...25).map { "bad\($0)" }.joined(separator: "\n") + "\n1\n"
        let r = grad("x", csv)
        XCTAssertEqual(r.status, 2)
        let lines = r.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 22)
        XCTAssertEqual(lines[0], "error: p.csv:2: 'bad1' in column 'x' is not a number")
        XCTAssertEqual(lines[19], "error: p.csv:21: 'bad20' in column 'x' is not a number")
        XCTAssertEqual(lines[20], "error: p.csv has 25 bad rows (5 more not shown); --skip-bad writes the good rows")
        let skipped = grad("x", csv, ["--skip-bad"])
        assertSucceeds(skipped, "x,value,d/dx\n1,1,1\n", err: (2...21).map {
            "warning: p.csv:\($0): 'bad\($0 - 1)' in column 'x' is not a number; the row is skipped\n"
        }.joined() + "warning: 5 more bad rows of p.csv are skipped (25 in all)\n")
    }

    func testSkipBadWritesTheGoodRows() {
        let r = grad("x*y", "x,y\n1,abc\n1,2\n1,2,3\n3,4\n", ["--skip-bad"])
        assertSucceeds(r, "x,y,value,d/dx,d/dy\n1,2,2,2,1\n3,4,12,4,3\n", err: """
            warning: p.csv:2: 'abc' in column 'y' is not a number; the row is skipped
            warning: p.csv:4: expected 2 values (x,y), got 3; the row is skipped

            """)
        assertFails(run(["grad", "x*y", "--skip-bad", "--at", "x=1,y=2"]), 2,
                    "error: --skip-bad goes with --points FILE.csv\n" + usage("grad"))
    }

    /// A file of more than a megabyte without quotes is read in parts side by side (one a core);
    /// the points, their lines and the bad rows are those of reading it in one piece, which a
    /// quote anywhere in it makes happen.
    func testAFileReadInPartsIsReadAsInOnePiece() {
        func csv(quoted: Bool) -> String {
            let extra = quoted ? ",\"q\"" : ""
            var text = quoted ? "x,y,note\r\n" : "x,y\r\n"
            for i in 0..<120_000 {
                if i % 5000 == 7 { text += "\r\n"; continue }
                text += (i % 9973 == 5 ? "bad,\(i)" : "\(i),\(i % 7)") + extra + "\r\n"
            }
            return text
        }
        let parts = grad("x*y", csv(quoted: false), ["--skip-bad"])
        let whole = grad("x*y", csv(quoted: true), ["--skip-bad"])
        XCTAssertEqual(parts.status, 0)
        XCTAssertEqual(parts.out.count, whole.out.count)
        XCTAssert(parts.out == whole.out)
        XCTAssertEqual("warning: 'note' in p.csv is not an input of the program\n" + parts.err, whole.err)
        XCTAssert(parts.err.hasPrefix("warning: p.csv:7: 'bad' in column 'x' is not a number; the row is skipped\n"), parts.err)
        XCTAssert(parts.err.contains("warning: p.csv:9980: 'bad' in column 'x' is not a number; the row is skipped\n"), parts.err)
    }

    func testQuotesByteOrderMarkAndLineEnds() {
        // RFC 4180: quoted names and values, "" for a quote, commas and line breaks in quotes;
        // a UTF-8 byte-order mark; CRLF; a blank line at the end.
        let csv = "\u{FEFF}\"x\",note,\"y\"\r\n\"1.5\",\"a, \"\"b\"\"\",2\r\n-1,\"two\r\nlines\", \"3\" \r\n\r\n"
        assertSucceeds(grad("x*y", csv), "x,y,value,d/dx,d/dy\n1.5,2,3,2,1.5\n-1,3,-3,3,-1\n",
                       err: "warning: 'note' in p.csv is not an input of the program\n")
    }

    func testQuoteMistakes() {
        assertFails(grad("x*y", "x,y\n1,2\n3,\"4\n5,6\n"), 2, "error: p.csv:3: the quote in column 'y' is not closed\n" + usage("grad"))
        assertFails(grad("x*y", "x,y\n1,\"2\"3\n"), 2, "error: p.csv:2: text after the closing quote in column 'y'\n" + usage("grad"))
        assertFails(grad("x*y", "\"x,y\n"), 2, "error: p.csv:1: the quote in column 1 of the header is not closed\n" + usage("grad"))
    }

    func testMistakesAreUsageErrors() {
        let cases: [(String, [String], String)] = [
            ("x\n1\n", [], "p.csv has no column for input 'y'; its header names the inputs: x,y"),
            ("x,x\n1,2\n", [], "p.csv:1: the header names 'x' twice"),
            ("x,,y\n1,2,3\n", [], "p.csv:1: column 2 of the header has no name"),
            ("", [], "p.csv has no header: its first line names the inputs, e.g. x,y"),
            ("\n \n", [], "p.csv has no header: its first line names the inputs, e.g. x,y"),
            ("x,y\n1,2\n", ["--at", "x=1,y=2"], "give either --at or --points, not both"),
        ]
        for (csv, extra, message) in cases {
            assertFails(grad("x*y", csv, extra), 2, "error: " + message + "\n" + usage("grad"))
        }
        assertFails(run(["grad", "x*y", "--points", "nowhere.csv"]), 2, "error: cannot read 'nowhere.csv': no such file\n" + usage("grad"))
    }

    func testManyUnusedColumnsGetOneWarningEach() {
        let names = (1...12).map { "u\($0)" }
        let r = grad("x", (["x"] + names).joined(separator: ",") + "\n" + Array(repeating: "1", count: 13).joined(separator: ",") + "\n")
        assertSucceeds(r, "x,value,d/dx\n1,1,1\n", err: names.prefix(10).map {
            "warning: '\($0)' in p.csv is not an input of the program\n"
        }.joined() + "warning: 2 more columns of p.csv are not inputs of the program\n")
    }
}
