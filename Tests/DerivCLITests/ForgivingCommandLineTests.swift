@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivCLI
import Foundation
import XCTest
@testable import DerivCLI
import DerivKit

/// A command line that forgives: misspelt commands, `help COMMAND`, the version words, `diff --at`,
/// `--at` values that are constant expressions or a JSON file, and inputs named like the constants.
final class ForgivingCommandLineTests: XCTestCase {
    private let general = "usage: deriv [COMMAND] PROGRAM [OPTIONS]; see 'deriv help'\n"

    // MARK: Commands

    func testMisspeltCommandIsNotReadAsAProgram() {
        assertFails(deriv(["gradd", "x^2", "--at", "x=1"]), 2, "error: unknown command 'gradd'; did you mean 'grad'?\n" + general)
        assertFails(deriv(["hesian", "-f", "p.deriv"]), 2, "error: unknown command 'hesian'; did you mean 'hessian'?\n" + general)
        assertFails(deriv(["Eval", "x", "--at", "x=1"]), 2, "error: unknown command 'Eval'; did you mean 'eval'?\n" + general)
        // Alone, the word could be a program: the error says how to differentiate it.
        assertFails(deriv(["jacobain"]), 2, "error: unknown command 'jacobain'; did you mean 'jacobian'?\n"
                        + "note: to differentiate the program 'jacobain', write: deriv diff jacobain\n" + general)
        assertFails(deriv(["gard", "--at", "gard=1"]), 2, "error: unknown command 'gard'; did you mean 'grad'?\n"
                        + "note: to differentiate the program 'gard', write: deriv diff gard\n" + general)
        assertSucceeds(deriv(["diff", "gradd"]), "d/dgradd = 1\n")
    }

    func testBareNameBeforeAnotherProgramArgument() {
        let message = "is not a command, and PROGRAM is one argument: quote the program "
        assertFails(deriv(["foo", "x^2", "--at", "x=1"]), 2,
                    "error: 'foo' \(message)(deriv 'foo x^2') or start with a command ('deriv help' lists them)\n" + general)
        assertFails(deriv(["x", "+", "y"]), 2,
                    "error: 'x' \(message)(deriv 'x + y') or start with a command ('deriv help' lists them)\n" + general)
        // An option's value is not a program argument.
        assertSucceeds(deriv(["x", "--wrt", "x"]), "1\n")
        assertSucceeds(deriv(["x", "--at", "x=2", "--order", "2"]), "# at x=2\nd^2/dx^2 = 0  # = 0\n")
        // A first word that is no bare name is the program, as before.
        assertFails(deriv(["x^2", "y"]), 2,
                    "error: expected one PROGRAM argument, got 2: 'x^2' 'y'; quote the program\n" + usage("diff"))
    }

    func testBareNameAloneIsAProgram() {
        assertSucceeds(deriv(["x"]), "d/dx = 1\n")
        assertSucceeds(deriv(["alpha"]), "d/dalpha = 1\n")
        assertSucceeds(deriv(["-v^2"]), "d/dv = -2*v\n")
        // '-v' first is the version; after a command it is a program.
        assertSucceeds(deriv(["diff", "-v"]), "d/dv = -1\n")
    }

    func testHelpAndVersionWords() {
        let version = "deriv \(DerivCLI.version)\n"
        for args in [["--version"], ["-v"], ["version"], ["grad", "--version"], ["grad", "x", "--version"]] {
            assertSucceeds(deriv(args), version)
        }
        assertFails(deriv(["version", "x"]), 2, "error: 'version' takes no arguments\n" + general)
        let grad = deriv(["grad", "--help"])
        XCTAssertEqual(deriv(["help", "grad"]), grad)
        XCTAssertEqual(deriv(["--help", "grad"]), grad)
        XCTAssertEqual(deriv(["help"]), deriv(["--help"]))
        XCTAssertEqual(deriv(["help", "help"]), deriv(["--help"]))
        XCTAssertEqual(deriv(["-h", "x^2"]), deriv(["--help"]))
        assertFails(deriv(["help", "gradd"]), 2, "error: unknown command 'gradd'; did you mean 'grad'?\n" + general)
        assertFails(deriv(["help", "zzz"]), 2, "error: unknown command 'zzz'; the commands are "
                        + DerivCLI.commands.map { $0.name }.joined(separator: " ") + " help version\n" + general)
        assertFails(deriv(["help", "grad", "eval"]), 2, "error: help takes one command name, e.g. deriv help grad\n" + general)
    }

    /// The help of every command, reviewed as golden files when it changes.
    func testHelpTextsGolden() {
        assertGolden(deriv(["help"]).out, "help/deriv.txt")
        for command in DerivCLI.commands {
            assertGolden(deriv(["help", command.name]).out, "help/\(command.name).txt")
        }
    }

    // MARK: diff --at

    func testDiffAtAPointPrintsValuesAsComments() {
        assertSucceeds(deriv(["x^2", "--at", "x=2"]), "# at x=2\nd/dx = 2*x  # = 4\n")
        assertSucceeds(deriv(["x^2*y + sin(x*y)", "--at", "x=2,y=3"]), """
            # at x=2, y=3
            d/dx = 2*x*y + y*cos(x*y)  # = 14.880510859951098
            d/dy = x^2 + x*cos(x*y)    # = 5.920340573300732

            """)
        assertSucceeds(deriv(["diff", "x^3", "--order", "2", "--at", "x=2"]), "# at x=2\nd^2/dx^2 = 6*x  # = 12\n")
        assertSucceeds(deriv(["x^2*y", "--at", "x=1,y=2", "--format", "latex"]), """
            % at x=1, y=2
            \\begin{aligned}
            \\frac{\\partial f}{\\partial x} &= 2 x y \\\\  % = 4
            \\frac{\\partial f}{\\partial y} &= x^{2}  % = 1
            \\end{aligned}

            """)
        assertSucceeds(deriv(["log(x)", "--at", "x=0"]), "# at x=0\nd/dx = 1/x  # = Infinity\n",
                       err: "warning: 1:1: 1 / 0 is Infinity (division by zero)\n 1 | log(x)\n   | ^~~~~~\n")
        assertFails(deriv(["x*y", "--at", "x=1"]), 2,
                    "error: no value for input 'y': add it to --at, e.g. --at y=1\n" + usage("diff"))
    }

    /// With `--wrt x` the output stays one line that deriv reads back: the value is a comment.
    func testDiffWrtAtAPointReadsBack() {
        let program = "sqrt(x^2+exp(x^2))+cos(x^2+exp(x^2))"
        let line = deriv([program, "--wrt", "x", "--at", "x=1.5"])
        assertSucceeds(line, "t1 = x^2 + exp(x^2); 2*x*(0.5/sqrt(t1) - sin(t1))*(exp(x^2) + 1)  # = 27.780454912911722 at x=1.5\n")
        assertSucceeds(deriv(["eval", line.out, "--at", "x=1.5"]), "27.780454912911722\n")
    }

    func testDiffAtListsAtMostEightInputs() {
        let program = (1...10).map { "x\($0)" }.joined(separator: "*")
        let at = (1...10).map { "x\($0)=\($0)" }.joined(separator: ",")
        let lines = deriv([program, "--at", at, "--wrt", "x1,x2"]).out.split(separator: "\n")
        XCTAssertEqual(lines, [
            "# at x1=1, x2=2, x3=3, x4=4, x5=5, x6=6, x7=7, x8=8, … (10 inputs)",
            "t1 = x10*x3*x4*x5*x6*x7*x8*x9",
            "d/dx1 = x2*t1  # = 3628800",
            "d/dx2 = x1*t1  # = 1814400",
        ])
    }

    // MARK: --at values

    func testAtTakesConstantExpressions() {
        assertSucceeds(deriv(["eval", "x", "--at", "x=pi/2"]), "1.5707963267948966\n")
        assertSucceeds(deriv(["eval", "x*y", "--at", "x=sqrt(2),y=sqrt(2)"]), "2.0000000000000004\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=2^10"]), "1024\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=-1e-3"]), "-0.001\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=-(1+2)*e"]), "-8.154845485377136\n")
        // Commas inside a call do not split pairs.
        assertSucceeds(deriv(["eval", "x - y", "--at", "x=atan2(1, 2),y=max(1,2,3)"]), "-2.536352390999194\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=min(atan2(1,2),(1)),"]), "0.4636476090008061\n")
        // The numbers of before still read as before.
        for (text, value) in [("nan", "NaN"), ("inf", "Infinity"), ("-inf", "-Infinity"), ("pi", "3.141592653589793"),
                              ("e", "2.718281828459045"), ("-pi", "-3.141592653589793"), ("Infinity", "Infinity")] {
            assertSucceeds(deriv(["eval", "x", "--at", "x=\(text)"]), value + "\n")
        }
        assertSucceeds(deriv(["eval", "x", "--at", "x=log(0)"]), "-Infinity\n",
                       err: "warning: --at: the value of 'x': log(0) is -Infinity (a pole)\n")
    }

    func testBadConstantExpressions() {
        let bad = "error: --at: the value of 'x', "
        assertFails(deriv(["eval", "x", "--at", "x=2*y"]), 2,
                    bad + "'2*y', is not a number or a constant expression: it uses the name 'y' (the constants are pi and e)\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x=2*"]), 2,
                    bad + "'2*', is not a number or a constant expression: expected an expression after '*'\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x=sinn(1)"]), 2,
                    bad + "'sinn(1)', is not a number or a constant expression: unknown function 'sinn'; did you mean 'sin'?\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x=a=1"]), 2,
                    bad + "'a=1', is not a number or a constant expression: it has statements\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "x=max(1,2"]), 2,
                    bad + "'max(1,2', is not a number or a constant expression: expected ')' to close the call of 'max' at 1:4\n" + usage("eval"))
    }

    func testAtReadsAJSONFile() throws {
        let path = try temporaryFile(#"{"x": 1.5, "y": "pi/2", "z": "-Infinity", "w": -2e-3}"#, name: "point.json")
        assertSucceeds(deriv(["eval", "x + y + w", "--at", "@" + path]), "3.068796326794897\n",
                       err: "warning: 'z' in --at is not an input of the program\n")
        assertSucceeds(deriv(["grad", "x*z", "--at", "@" + path, "--json"]),
                       "{\"value\": \"-Infinity\", \"gradient\": {\"x\": \"-Infinity\", \"z\": 1.5}}\n",
                       err: "warning: 'y' in --at is not an input of the program\nwarning: 'w' in --at is not an input of the program\n")
        // Pairs after the file add to it or replace its values.
        assertSucceeds(deriv(["eval", "x + w", "--at", "@" + path, "--at", "x=1"]), "0.998\n",
                       err: "warning: 'x' is given more than once in --at; the last value is used\n"
                           + "warning: 'y' in --at is not an input of the program\nwarning: 'z' in --at is not an input of the program\n")
        let escaped = try temporaryFile("\u{FEFF}{\"x\\u0031\": \"NaN\",\n \"\\u0079\" : 1}", name: "escaped.json")
        assertSucceeds(deriv(["eval", "x1", "--at", "@" + escaped]), "NaN\n",
                       err: "warning: 'y' in --at is not an input of the program\n")
        assertSucceeds(deriv(["eval", "2", "--at", "@" + (try temporaryFile(" {} \n", name: "empty.json"))]), "2\n")
    }

    func testBadJSONFilesSayWhere() throws {
        func fails(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let path = try temporaryFile(text, name: "p.json")
            assertFails(deriv(["eval", "x", "--at", "@" + path]), 2, "error: \(path):\(message)\n" + usage("eval"), file: file, line: line)
        }
        try fails("", "1:1: the file is empty: write an object such as {\"x\": 1.5}")
        try fails("[1]", "1:1: expected '{': the file holds one object such as {\"x\": 1.5}")
        try fails("{\"x\": 1,\n \"y\" 2}", "2:6: expected ':' after \"y\"")
        try fails("{\"x\": 1\n \"y\": 2}", "2:2: expected ',' or '}' after the value of \"x\"")
        try fails("{\"x\": [1, 2]}", "1:7: the value of \"x\" is an array; values are numbers, or strings holding "
                      + "constant expressions (\"pi/2\", \"NaN\", \"Infinity\")")
        try fails("{\"x\": null}", "1:7: the value of \"x\" is null; values are numbers, or strings holding "
                      + "constant expressions (\"pi/2\", \"NaN\", \"Infinity\")")
        try fails("{\"x\": \"2*y\"}", "1:7: the value of 'x', '2*y', is not a number or a constant expression: "
                      + "it uses the name 'y' (the constants are pi and e)")
        try fails("{\"x\": 1e999}", "1:7: the value of 'x', 1e999, overflows; write \"Infinity\" for infinity")
        try fails("{\"x\": 1-}", "1:7: '1-' is not a number")
        try fails("{\"αβ\": 1, \"x\": \"ab", "1:16: the string has no closing '\"'")
        try fails("{\"x\": 1} x", "1:10: unexpected text after the object")
        try fails("{\"x\": \"\\q\"}", "1:8: '\\q' is not an escape of JSON")
        try fails("{\"x\": 1", "1:8: expected ',' or '}' after the value of \"x\"")
        assertFails(deriv(["eval", "x", "--at", "@"]), 2, "error: --at @FILE needs a file name, e.g. --at @point.json\n" + usage("eval"))
        assertFails(deriv(["eval", "x", "--at", "@/nonexistent/p.json"]), 2,
                    "error: --at: cannot read '/nonexistent/p.json': no such file\n" + usage("eval"))
    }

    /// 20,000 pairs do not fit in one argument (Linux caps one at 128 KiB); a file holds them.
    func testTwentyThousandInputsFromAFile() throws {
        let n = 20_000
        let names = (1...n).map { "x\($0)" }
        let json = "{\n" + names.enumerated().map { "  \"\($1)\": \(Double($0) / 8)" }.joined(separator: ",\n") + "\n}\n"
        let path = try temporaryFile(json, name: "big.json")
        let started = Date()
        let run = deriv(["eval", names.joined(separator: " + "), "--at", "@" + path])
        let seconds = Date().timeIntervalSince(started)
        assertSucceeds(run, formatNumber(Double(n * (n - 1) / 2) / 8) + "\n")
        XCTAssertLessThan(seconds, 10, "20,000 inputs from a JSON file")
        XCTAssertGreaterThan(json.utf8.count, 128 << 10, "more than one argument may hold")
    }

    // MARK: Inputs named like the constants

    func testInputsNamedLikeTheConstants() {
        assertSucceeds(deriv(["eval", "e*x", "--at", "x=1,e=2"]), "2.718281828459045\n",
                       err: "warning: 'e' in --at is not an input: in this program e is the constant 2.718281828459045; "
                           + "write e_ or E for an input named e\n")
        assertSucceeds(deriv(["eval", "pi*x", "--at", "x=1,pi=3"]), "3.141592653589793\n",
                       err: "warning: 'pi' in --at is not an input: in this program pi is the constant 3.141592653589793; "
                           + "write pi_ or Pi for an input named pi\n")
        // The renamed input works; a program that assigns e uses its own e.
        assertSucceeds(deriv(["eval", "E*x", "--at", "x=1,E=2"]), "2\n")
        assertSucceeds(deriv(["eval", "e = 2*x; e + 1", "--at", "x=1,e=5"]), "3\n",
                       err: "warning: 'e' in --at is not an input of the program\n")
        assertSucceeds(deriv(["eval", "x", "--at", "x=1,e=2"]), "1\n", err: "warning: 'e' in --at is not an input of the program\n")
        assertFails(deriv(["grad", "e*x", "--wrt", "e", "--at", "x=1"]), 2,
                    "error: --wrt names 'e', the constant 2.718281828459045 unless the program assigns it; "
                        + "write e_ or E for an input named e\n" + usage("grad"))
        assertFails(deriv(["e*x", "--wrt", "e"]), 2,
                    "error: --wrt names 'e', the constant 2.718281828459045 unless the program assigns it; "
                        + "write e_ or E for an input named e\n" + usage("diff"))
    }
}
