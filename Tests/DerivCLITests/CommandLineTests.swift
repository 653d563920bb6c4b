@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivCLI
import Foundation
import XCTest
@testable import DerivCLI
import DerivKit

/// The command line of docs/COMMANDS.md, run in-process: output formats and JSON shapes, where the
/// program comes from, the common options, usage errors, and exit statuses.
final class CommandLineTests: XCTestCase {
    // MARK: Output and JSON shapes

    func testEvalPrintsTheValue() {
        assertSucceeds(deriv(["eval", "c = a + b; d = b + 1; e = c * d", "--at", "a=2,b=1"]), "6\n")
        assertSucceeds(deriv(["eval", "x^2", "--at", "x=3", "--json"]), "{\"value\": 9, \"values\": {\"f\": 9}}\n")
        assertSucceeds(deriv(["eval", "2*pi"]), "6.283185307179586\n")
    }

    func testEvalSeveralOutputs() {
        let args = ["eval", "f = x*y; g = x+y", "--of", "f,g", "--at", "x=2,y=3"]
        assertSucceeds(deriv(args), "f = 6\ng = 5\n")
        assertSucceeds(deriv(args + ["--json"]), "{\"values\": {\"f\": 6, \"g\": 5}}\n")
        assertSucceeds(deriv(["eval", "f = x*y; g = x+y", "--of", "g,f", "--at", "x=2,y=3", "--json"]),
                       "{\"values\": {\"g\": 5, \"f\": 6}}\n")
    }

    func testGradPrintsValueAndGradientInInputOrder() {
        let expected = "value = -22\nd/dx = 1\nd/dy = -4\nd/dz = 5\n"
        assertSucceeds(deriv(["grad", "x + y*z", "--at", "x=-2,y=5,z=-4"]), expected)
        assertSucceeds(deriv(["grad", "x + y*z", "--at", "z=-4,y=5,x=-2", "--mode", "forward"]), expected)
        assertSucceeds(deriv(["grad", "1/(exp(-(w*x+b))+1)", "--at", "x=1,w=0,b=0", "--json"]),
                       "{\"value\": 0.5, \"gradient\": {\"b\": 0.25, \"w\": 0.25, \"x\": 0}}\n")
    }

    func testGradJSONIsValidJSONWithKeysInInputOrder() throws {
        let run = deriv(["grad", "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))", "--at", "x=1.5", "--json"])
        XCTAssertEqual(run.status, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["value", "gradient"])
        let gradient = try XCTUnwrap(object["gradient"] as? [String: Double])
        XCTAssertEqual(gradient.keys.sorted(), ["x"])
        XCTAssert(run.out.hasPrefix("{\"value\": "), run.out)
    }

    func testNonFiniteNumbersAreJSONStringsAndWarnings() {
        assertSucceeds(deriv(["grad", "log(x)", "--at", "x=0", "--json"]),
                       "{\"value\": \"-Infinity\", \"gradient\": {\"x\": \"Infinity\"}}\n",
                       err: "warning: 1:1: log(0) is -Infinity (a pole)\n 1 | log(x)\n   | ^~~~~~\n")
        assertSucceeds(deriv(["eval", "sqrt(x)", "--at", "x=-1"]), "NaN\n",
                       err: "warning: 1:1: sqrt(-1) is NaN (outside the domain)\n 1 | sqrt(x)\n   | ^~~~~~~\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=nan", "--json"]), "{\"value\": \"NaN\", \"values\": {\"f\": \"NaN\"}}\n")
    }

    // MARK: --wrt, --of, --mode

    func testWrtChoosesAndOrdersTheInputs() {
        assertSucceeds(deriv(["grad", "x*y", "--wrt", "y,x", "--at", "x=2,y=3", "--json"]),
                       "{\"value\": 6, \"gradient\": {\"y\": 2, \"x\": 3}}\n")
        assertSucceeds(deriv(["grad", "x*y", "--wrt", "y", "--at", "x=2,y=3"]), "value = 6\nd/dy = 2\n")
    }

    func testWrtNameTheProgramDoesNotUseIsAWarningWithDerivativeZero() {
        assertSucceeds(deriv(["grad", "x*y", "--wrt", "y,z", "--at", "x=2,y=3", "--json"]),
                       "{\"value\": 6, \"gradient\": {\"y\": 2, \"z\": 0}}\n",
                       err: "warning: 'z' in --wrt does not appear in the program; its derivative is 0\n")
    }

    /// `--wrt` names that would silently give a derivative of 0 are usage errors.
    func testWrtNamesThatAreNotInputs() {
        assertFails(deriv(["grad", "x*y", "--wrt", "x,x", "--at", "x=2,y=3"]), 2, "error: --wrt names 'x' twice\n" + usage("grad"))
        assertFails(deriv(["grad", "a = x*y; a + 1", "--wrt", "a", "--at", "x=2,y=3"]), 2,
                    "error: --wrt names 'a', which the program assigns; derivatives are taken with respect to inputs\n" + usage("grad"))
        assertFails(deriv(["grad", "pi*x", "--wrt", "pi", "--at", "x=2"]), 2,
                    "error: --wrt names 'pi', the constant 3.141592653589793 unless the program assigns it; "
                        + "write pi_ or Pi for an input named pi\n" + usage("grad"))
    }

    func testEmptyNameLists() {
        assertFails(deriv(["grad", "x", "--of", ",", "--at", "x=1"]), 2, "error: --of needs at least one name\n" + usage("grad"))
        assertFails(deriv(["eval", "x", "--of", "", "--at", "x=1"]), 2, "error: --of needs at least one name\n" + usage("eval"))
        assertFails(deriv(["grad", "x", "--wrt", " , ", "--at", "x=1"]), 2, "error: --wrt needs at least one name\n" + usage("grad"))
    }

    func testOfPicksAssignedOutputs() {
        assertSucceeds(deriv(["grad", "a = x^2; b = a + y", "--of", "a", "--at", "x=3,y=1"]),
                       "value = 9\nd/dx = 6\nd/dy = 0\n")
        assertFails(deriv(["eval", "f = x*y; g = x+y", "--of", "h", "--at", "x=2,y=3"]), 2,
                    "error: --of names 'h', which the program does not assign\n" + usage("eval"))
        assertFails(deriv(["eval", "f = x*y; g = x+y", "--of", "f,f", "--at", "x=2,y=3"]), 2,
                    "error: --of names 'f' twice\n" + usage("eval"))
        assertFails(deriv(["eval", "loss = x*y", "--of", "los", "--at", "x=2,y=3"]), 2,
                    "error: --of names 'los', which the program does not assign; did you mean 'loss'?\n" + usage("eval"))
        assertFails(deriv(["grad", "f = x*y; g = x+y", "--of", "f,g", "--at", "x=2,y=3"]), 2,
                    "error: grad takes one output; for several use 'deriv jacobian --of …'\n" + usage("grad"))
    }

    func testModes() {
        let reverse = deriv(["grad", "sin(x)*exp(y)", "--at", "x=0.5,y=-1", "--mode", "reverse"])
        let forward = deriv(["grad", "sin(x)*exp(y)", "--at", "x=0.5,y=-1", "--mode", "forward"])
        XCTAssertEqual(reverse.status, 0)
        XCTAssertEqual(reverse, forward)
        XCTAssertEqual(deriv(["grad", "sin(x)*exp(y)", "--at", "x=0.5,y=-1", "--mode=forward"]), forward)
        assertFails(deriv(["grad", "x", "--at", "x=1", "--mode", "sideways"]), 2,
                    "error: --mode takes 'forward' or 'reverse', not 'sideways'\n" + usage("grad"))
    }

    /// Forward mode costs a sweep per input; where that would take hours it is refused at once.
    func testForwardModeWorkLimit() {
        let n = 40_000
        let program = (1...n).map { "x\($0)" }.joined(separator: "+")
        let at = (1...n).map { "x\($0)=1" }.joined(separator: ",")
        assertFails(deriv(["grad", program, "--at", at, "--mode", "forward"]), 2,
                    "error: forward mode takes one sweep per input: 40000 sweeps over 79999 nodes is more than deriv does "
                        + "(10^9 node visits); use --mode reverse, which takes one sweep\n" + usage("grad"))
        let reverse = deriv(["grad", program, "--at", at, "--json"])
        XCTAssertEqual(reverse.status, 0)
        XCTAssert(reverse.out.hasPrefix("{\"value\": 40000, \"gradient\": {\"x1\": 1, "))
    }

    /// `check`: the AD gradient against central differences, with a verdict; exit 0 either way.
    func testCheckComparesWithCentralDifferences() {
        let ok = deriv(["check", "x^2*y", "--at", "x=1.5,y=-2", "--json"])
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(ok.out, "{\"value\": -4.5, \"gradient\": {\"x\": -6, \"y\": 2.25}, \"finiteDifferences\": "
                           + "{\"x\": -6, \"y\": 2.2500000000045834}, \"agree\": true}\n")
        let text = deriv(["check", "sin(x)*exp(y)", "--at", "x=0.3,y=0.1"])
        XCTAssertEqual(text.status, 0)
        XCTAssert(text.out.hasSuffix("all 2 agree with central differences\n"), text.out)
        let kink = deriv(["check", "sqrt(x)", "--at", "x=0"])
        XCTAssertEqual(kink.status, 0)
        XCTAssert(kink.out.contains("DIFFERS") && kink.out.hasSuffix("1 of 1 differ from central differences "
                      + "(near a kink or a singularity the difference cannot agree)\n"), kink.out)
        assertFails(deriv(["check", "x^2"]), 2, "error: give a point with --at, e.g. --at x=1\n" + usage("check"))
    }

    /// `diff --order 2` and the Hessian's formulas take a simplified sweep per input, and a
    /// Hessian has n(n + 1)/2 entries: past their limits they are refused at once.
    func testWorkPerInputLimits() {
        let program = (1...5_000).map { "x\($0)" }.joined(separator: "+")
        assertFails(deriv(["hessian", program]), 2,
                    "error: the Hessian has 12502500 entries for 5000 inputs, more than deriv writes (10^7); "
                        + "choose fewer inputs with --wrt\n" + usage("hessian"))
        assertFails(deriv(["diff", program, "--order", "2"]), 2,
                    "error: --order 2 takes one sweep per input: 5000 sweeps over 9999 nodes is more than deriv "
                        + "simplifies (2·10^7 node visits); choose fewer inputs with --wrt\n" + usage("diff"))
        XCTAssertEqual(deriv(["diff", program, "--order", "2", "--wrt", "x7"]).out, "0\n")
        // A derivative past the simplifier's limit is not differentiated again (each order would
        // multiply the text).
        let long = (1...20_000).map { "sin(\($0)*x)" }.joined(separator: " + ")
        assertFails(deriv(["diff", long, "--order", "2"]), 2,
                    "error: the derivative of order 1 in x has 79997 operations, more than deriv simplifies (50000); "
                        + "ask for order 1 or less\n" + usage("diff"))
    }

    // MARK: --at

    func testAtAcceptsSpecialValues() {
        assertSucceeds(deriv(["eval", "x", "--at", "x=-inf", "--json"]), "{\"value\": \"-Infinity\", \"values\": {\"f\": \"-Infinity\"}}\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=pi"]), "3.141592653589793\n")
        assertSucceeds(deriv(["eval", "x+y", "--at", "x=1", "--at", "y=2"]), "3\n")
        assertSucceeds(deriv(["eval", "x", "--at=x=1e-3"]), "0.001\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=1", "--at", "x=2"]), "2\n",
                       err: "warning: 'x' is given more than once in --at; the last value is used\n")
    }

    func testUnusedAtNameIsAWarningNotAnError() {
        assertSucceeds(deriv(["eval", "x^2", "--at", "x=3,y=1"]), "9\n",
                       err: "warning: 'y' in --at is not an input of the program\n")
        // The warning suggests the input it was probably meant for; the missing input is then an error.
        assertFails(deriv(["eval", "alpha*2", "--at", "alpah=1"]), 2,
                    "warning: 'alpah' in --at is not an input of the program; did you mean 'alpha'?\n"
                        + "error: no value for input 'alpha': add it to --at, e.g. --at alpha=1\n" + usage("eval"))
    }

    func testBadPoints() {
        assertFails(deriv(["eval", "x", "--at", "x=abc"]), 2,
                    "error: --at: the value of 'x', 'abc', is not a number or a constant expression: it uses the name 'abc' "
                        + "(the constants are pi and e)\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x"]), 2,
                    "error: --at expects name=value pairs such as x=1.5, got 'x'\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "=1"]), 2,
                    "error: --at expects name=value pairs such as x=1.5, got '=1'\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x=1e400"]), 2,
                    "error: --at: the value of 'x', '1e400', overflows; write inf for infinity\n" + usage("eval"))
        assertFails(deriv(["eval", "x + y", "--at", "x=1"]), 2,
                    "error: no value for input 'y': add it to --at, e.g. --at y=1\n" + usage("eval"))
        assertFails(deriv(["eval", "2*PI"]), 2,
                    "error: give a point with --at, e.g. --at PI=1\n" + usage("eval"))
        assertFails(deriv(["eval", "2*PI", "--at", "x=1"]), 2,
                    "warning: 'x' in --at is not an input of the program\n"
                        + "error: no value for input 'PI': add it to --at, e.g. --at PI=1; or did you mean 'pi'?\n"
                        + usage("eval"))
    }

    func testLongNamesAreCutInMessages() {
        let name = String(repeating: "a", count: 100_000)
        assertFails(deriv(["eval", name]), 2, "error: give a point with --at, e.g. --at NAME=1\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "\(name)=1"]), 2,
                    "warning: '\(String(repeating: "a", count: 40))…' in --at is not an input of the program\n"
                        + "error: no value for input 'x': add it to --at, e.g. --at x=1\n" + usage("eval"))
        assertFails(deriv(["eval", name + "(x)", "--at", "x=1"]), 1, """
            error: 1:1: unknown function '\(String(repeating: "a", count: 40))…'
             1 | \(String(repeating: "a", count: 100))…
               | ^\(String(repeating: "~", count: 99))
            note: the functions are \(Op.functionNames.joined(separator: " "))
            note: to multiply, write '*' after '\(String(repeating: "a", count: 40))…'

            """)
    }

    func testMisspeltVariableBecomesAnInputWithASuggestion() {
        assertFails(deriv(["eval", "loss = x^2; 2*los", "--at", "x=1"]), 2,
                    "error: no value for input 'los': add it to --at, e.g. --at los=1; or did you mean 'loss'?\n" + usage("eval"))
    }

    // MARK: Where the program comes from

    func testProgramFromStandardInput() {
        assertSucceeds(deriv(["eval", "-", "--at", "x=2"], stdin: "y = x^2\n# a comment\ny + 1\n"), "5\n")
        assertSucceeds(deriv(["grad", "-f", "-", "--at", "x=2", "--json"], stdin: "x^3"),
                       "{\"value\": 8, \"gradient\": {\"x\": 12}}\n")
        assertFails(deriv(["eval", "-"], stdin: ""), 1,
                    "error: 1:1: the program is empty: write an expression such as 'x^2'\n 1 | \n   | ^\n")
    }

    func testProgramFromFile() throws {
        let path = try temporaryFile("a = x + 1\nb = a * a\n")
        assertSucceeds(deriv(["grad", "-f", path, "--at", "x=2"]), "value = 9\nd/dx = 6\n")
        assertSucceeds(deriv(["eval", "--at", "x=2", "-f", path]), "9\n")
        let bad = try temporaryFile("a = x + 1\nb = a * \n")
        assertFails(deriv(["eval", "-f", bad, "--at", "x=2"]), 1,
                    "error: 2:8: expected an expression after '*'\n 2 | b = a * \n   |        ^\n")
    }

    func testUnreadableFiles() throws {
        let path = try temporaryFile("x")
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        assertFails(deriv(["eval", "-f", dir + "/missing.deriv"]), 2,
                    "error: cannot read '\(dir)/missing.deriv': no such file\n" + usage("eval"))
        assertFails(deriv(["eval", "-f", dir]), 2, "error: cannot read '\(dir)': it is a directory\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "-f", path]), 2,
                    "error: give the program either as an argument or with -f, not both\n" + usage("eval"))
    }

    func testProgramsThatStartWithAMinusAreNotOptions() {
        assertSucceeds(deriv(["eval", "-x^2", "--at", "x=3"]), "-9\n")
        assertSucceeds(deriv(["eval", "-2"]), "-2\n")
        assertSucceeds(deriv(["eval", "--at", "x=3", "-x"]), "-3\n")
        assertSucceeds(deriv(["eval", "--at", "x=3", "--", "--x"]), "3\n")
    }

    // MARK: Usage errors

    func testUnknownOptionsAndMissingValues() {
        assertFails(deriv(["grad", "x", "--bogus"]), 2, "error: unknown option '--bogus'\n" + usage("grad"))
        assertFails(deriv(["grad", "x", "--jsn", "--at", "x=1"]), 2,
                    "error: unknown option '--jsn'; did you mean '--json'?\n" + usage("grad"))
        assertFails(deriv(["eval", "x", "--mode", "forward"]), 2, "error: unknown option '--mode'\n" + usage("eval"))
        assertFails(deriv(["grad", "x", "--at"]), 2, "error: option '--at' needs a value: --at x=1.5,y=-2\n" + usage("grad"))
        assertFails(deriv(["grad", "x", "--json=yes", "--at", "x=1"]), 2,
                    "error: option '--json' takes no value\n" + usage("grad"))
        assertFails(deriv(["grad", "-f"]), 2, "error: option '-f' needs a value: -f FILE\n" + usage("grad"))
    }

    func testProgramCount() {
        assertFails(deriv(["eval"]), 2, "error: no program given: write it as one argument, e.g. deriv 'x^2*sin(x)'\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "y"]), 2,
                    "error: expected one PROGRAM argument, got 2: 'x' 'y'; quote the program\n" + usage("eval"))
        // Arguments are quoted on one line whatever they hold.
        assertFails(deriv(["eval", "x", "a\nb"]), 2,
                    "error: expected one PROGRAM argument, got 2: 'x' 'a\\nb'; quote the program\n" + usage("eval"))
    }

    func testHelpAndVersion() {
        assertSucceeds(deriv(["--version"]), "deriv \(DerivCLI.version)\n")
        for args in [["--help"], ["-h"], ["help"]] {
            let run = deriv(args)
            XCTAssertEqual(run.status, 0)
            XCTAssertEqual(run.err, "")
            XCTAssert(run.out.contains("usage: deriv [COMMAND] PROGRAM [OPTIONS]"), run.out)
            for command in ["eval", "grad"] { XCTAssert(run.out.contains("\n  \(command) "), command) }
        }
        for command in ["eval", "grad"] {
            let run = deriv([command, "--help"])
            XCTAssertEqual(run.status, 0)
            XCTAssertEqual(run.err, "")
            XCTAssert(run.out.hasPrefix("deriv \(command): "), run.out)
            for option in ["--at", "-f FILE", "--help", "--json"] { XCTAssert(run.out.contains("  \(option)"), option) }
            XCTAssertEqual(deriv([command, "-h"]), run)
            XCTAssertEqual(deriv([command, "x", "--bogus", "--help"]).status, 2, "a bad option is reported before --help")
        }
        XCTAssert(deriv(["grad", "--help"]).out.contains("--mode forward|reverse"))
    }

    /// Every option's description starts in one column, after at least two spaces, however long
    /// the option (`--lang c|swift|python|javascript` once ran into its description).
    func testHelpColumnsAreAligned() {
        for command in DerivCLI.commands.map({ $0.name }) {
            let lines = deriv([command, "--help"]).out.split(separator: "\n").filter { $0.hasPrefix("  -") }
            XCTAssertFalse(lines.isEmpty, command)
            let starts = Set(lines.map { line -> Int in
                let chars = Array(line)
                var i = 2
                while i + 1 < chars.count, !(chars[i] == " " && chars[i + 1] == " ") { i += 1 }
                while i < chars.count, chars[i] == " " { i += 1 }
                return i
            })
            XCTAssertEqual(starts.count, 1, "\(command): \(lines)")
        }
    }

    func testNoArgumentsPrintsHelpOnStandardErrorAndExits2() {
        let run = deriv([])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.out, "")
        XCTAssert(run.err.contains("usage: deriv [COMMAND] PROGRAM [OPTIONS]"))
    }

    // MARK: Exit statuses

    func testExitStatuses() {
        XCTAssertEqual(deriv(["eval", "x", "--at", "x=1"]).status, 0)
        XCTAssertEqual(deriv(["eval", "log(x)", "--at", "x=-1"]).status, 0, "domain trouble is a warning")
        XCTAssertEqual(deriv(["eval", "x +", "--at", "x=1"]).status, 1)
        XCTAssertEqual(deriv(["grad", "sinn(x)", "--at", "x=1"]).status, 1)
        XCTAssertEqual(deriv(["eval", "x", "--at", "x=abc"]).status, 2)
        XCTAssertEqual(deriv(["eval", "x", "--nope"]).status, 2)
        // A bad program is reported before a bad point.
        XCTAssertEqual(deriv(["eval", "x +", "--at", "x=abc"]).status, 1)
        XCTAssertEqual(deriv(["eval", "x +", "--at", "y=1"]).status, 1)
    }
}
