import XCTest
import DerivKit
@testable import DerivCLI

/// `deriv grad --points FILE.csv`: the CSV it writes, row by row, holds the numbers `--at` prints
/// at that point; its mistakes are usage errors naming the file and line.
final class GradPointsTests: XCTestCase {
    private struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    private func run(_ args: [String], files: [String: String] = [:]) -> Run {
        var out = "", err = ""
        let io = IO(out: { out += $0 }, err: { err += $0 }, readStandardInput: { nil },
                    readFile: { path in
                        guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
                        return text
                    })
        let status = DerivCLI.run(args, io: io)
        return Run(status: status, out: out, err: err)
    }

    func testEveryRowEqualsAtThatPoint() throws {
        let program = "a = x*y + sin(x)/y; b = exp(-a^2) + atan2(y, x); b*hypot(x, y)"
        let points = [[1.5, -2.0], [0.1, 3.0], [-0.7, 0.25], [2, 2], [1e-3, -1e3]]
        let csv = "x,y\n" + points.map { $0.map(formatNumber).joined(separator: ",") }.joined(separator: "\n") + "\n"
        for mode in ["reverse", "forward"] {
            let batch = run(["grad", program, "--points", "p.csv", "--mode", mode], files: ["p.csv": csv])
            XCTAssertEqual(batch.status, 0, batch.err)
            let rows = batch.out.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            XCTAssertEqual(rows[0], ["x", "y", "value", "d/dx", "d/dy"])
            XCTAssertEqual(rows.count, points.count + 1)
            for (k, point) in points.enumerated() {
                let at = run(["grad", program, "--at", "x=\(formatNumber(point[0])),y=\(formatNumber(point[1]))", "--mode", mode])
                let expected = at.out.split(separator: "\n").map { String($0.split(separator: "=")[1].dropFirst()) }
                XCTAssertEqual(Array(rows[k + 1].dropFirst(2)), expected, "\(mode), point \(point)")
                XCTAssertEqual(Array(rows[k + 1].prefix(2)), point.map(formatNumber))
            }
        }
    }

    func testWrtColumnsAndBlankLines() {
        let r = run(["grad", "x*y*z", "--points", "p.csv", "--wrt", "z"], files: ["p.csv": "z, y ,x\r\n\n1,2,3\r\n  \n4,5,6\n"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "z,x,y,value,d/dz\n1,3,2,6,6\n4,6,5,120,30\n")
    }

    func testAProgramWithoutInputsHasItsValueOnEveryRow() {
        let r = run(["grad", "y = 3; y", "--points", "p.csv"], files: ["p.csv": "x\n1\n2\n"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "value\n3\n3\n")
    }

    func testWarningsOncePerProblemWithTheLine() {
        let r = run(["grad", "log(x) + 1/y", "--points", "p.csv"], files: ["p.csv": "x,y\n1,1\n-1,1\n-2,1\n3,0\n"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out.split(separator: "\n").count, 5)
        XCTAssertEqual(r.err.components(separatedBy: "warning:").count - 1, 3, r.err)
        XCTAssert(r.err.contains("note: at the point on line 3 of p.csv\n"), r.err)
        XCTAssert(r.err.contains("log(-2) is NaN"), r.err)
        XCTAssert(r.err.contains("note: at the point on line 5 of p.csv\n"), r.err)
    }

    func testMistakesAreUsageErrors() {
        let cases: [(String, [String], String)] = [
            ("x,y\n1,abc\n", [], "p.csv:2: 'abc' in column 'y' is not a number"),
            ("x,y\n1,1e400\n", [], "p.csv:2: '1e400' in column 'y' overflows; write inf for infinity"),
            ("x,y\n1,2,3\n", [], "p.csv:2: expected 2 values (x,y), got 3"),
            ("x\n1\n", [], "p.csv has no column for input 'y'; its header names the inputs: x,y"),
            ("x,x\n1,2\n", [], "p.csv:1: the header names 'x' twice"),
            ("", [], "p.csv has no header"),
            ("x,y\n1,2\n", ["--at", "x=1,y=2"], "give either --at or --points, not both"),
            ("x,y\n1,2\n", ["--json"], "--points writes CSV"),
        ]
        for (csv, extra, message) in cases {
            let r = run(["grad", "x*y", "--points", "p.csv"] + extra, files: ["p.csv": csv])
            XCTAssertEqual(r.status, 2, csv)
            XCTAssert(r.err.contains("error: " + message), "\(csv): \(r.err)")
            XCTAssertEqual(r.out, "")
        }
        let missing = run(["grad", "x*y", "--points", "nowhere.csv"])
        XCTAssertEqual(missing.status, 2)
        XCTAssert(missing.err.contains("cannot read 'nowhere.csv'"), missing.err)
    }
}
