@_spi(DerivCore) import DerivCore
import XCTest
@testable import DerivCLI
import DerivKit

/// Every class of bad program (issue 7): each gets exactly this message on stderr, with
/// `line:column`, the source line and a caret, exit status 1, and nothing on stdout.
final class BadInputTests: XCTestCase {
    /// Runs `eval` on `program` (through standard input, so any bytes can be given) and checks the
    /// failure is exactly `stderr`.
    private func assertRejects(_ program: String, _ stderr: String, file: StaticString = #filePath, line: UInt = #line) {
        let run = deriv(["eval", "-", "--at", "x=1"], stdin: program)
        assertFails(run, 1, stderr, file: file, line: line)
        // The same text as an argument, and through grad, gives the same message.
        if !program.contains("\0"), program != "-" {
            assertFails(deriv(["grad", program, "--at", "x=1"]), 1, stderr, file: file, line: line)
        }
    }

    func testUnbalancedAndStrayBrackets() {
        assertRejects("(x + 1", "error: 1:7: expected ')' to close '(' at 1:1\n 1 | (x + 1\n   |       ^\n")
        assertRejects("x + 1)", "error: 1:6: unmatched ')'\n 1 | x + 1)\n   |      ^\n")
        assertRejects("sin(x", "error: 1:6: expected ')' to close the call of 'sin' at 1:4\n 1 | sin(x\n   |      ^\n")
        assertRejects("max(x, (y)", "error: 1:11: expected ')' to close the call of 'max' at 1:4\n 1 | max(x, (y)\n   |           ^\n")
        assertRejects(")", "error: 1:1: expected an expression, found ')'\n 1 | )\n   | ^\n")
        assertRejects("()", "error: 1:2: expected an expression inside '()'\n 1 | ()\n   |  ^\n")
        assertRejects("(x, y)", "error: 1:3: ',' outside the arguments of a function call\n 1 | (x, y)\n   |   ^\n")
        assertRejects("max(x, )", "error: 1:8: expected an argument after ','\n 1 | max(x, )\n   |        ^\n")
        assertRejects("y = (x +\n  1", "error: 2:4: expected ')' to close '(' at 1:5\n 2 |   1\n   |    ^\n")
    }

    func testEmptyAndBlankPrograms() {
        let empty = "error: 1:1: the program is empty: write an expression such as 'x^2'\n"
        assertRejects("", empty + " 1 | \n   | ^\n")
        assertRejects("  \t ", empty + " 1 |     \n   | ^\n")     // the tab shown as one space
        assertRejects("\n\n;;\n", empty + " 1 | \n   | ^\n")
        assertRejects("# only a comment\n", empty + " 1 | # only a comment\n   | ^\n")
    }

    func testTrailingOperators() {
        assertRejects("x +", "error: 1:4: expected an expression after '+'\n 1 | x +\n   |    ^\n")
        assertRejects("x ^\n\n", "error: 1:4: expected an expression after '^'\n 1 | x ^\n   |    ^\n")
        assertRejects("y = x *; y", "error: 1:8: expected an expression after '*'\n 1 | y = x *; y\n   |        ^\n")
        assertRejects("x ? 1", "error: 1:6: expected ':' to go with '?' at 1:3\n 1 | x ? 1\n   |      ^\n")
        assertRejects("-", "error: 1:2: expected an expression after '-'\n 1 | -\n   |  ^\n")
    }

    func testMalformedNumbers() {
        assertRejects("2..3", "error: 1:1: malformed number '2..3'\n 1 | 2..3\n   | ^~~~\n")
        assertRejects("1.2.3*x", "error: 1:1: malformed number '1.2.3'\n 1 | 1.2.3*x\n   | ^~~~~\n")
        assertRejects("1e", "error: 1:1: exponent of '1e' has no digits\n 1 | 1e\n   | ^~\n")
        assertRejects("x*1e+", "error: 1:3: exponent of '1e+' has no digits\n 1 | x*1e+\n   |   ^~~\n")
        assertRejects("1e400",
                      "error: 1:1: number '1e400' overflows: the largest finite value is 1.7976931348623157e308\n 1 | 1e400\n   | ^~~~~\n")
        assertRejects("x + 1e-400",
                      "error: 1:5: number '1e-400' underflows to 0: the smallest positive value is 5e-324\n 1 | x + 1e-400\n   |     ^~~~~~\n")
        assertRejects("3x", "error: 1:2: expected an operator between '3' and 'x'\n 1 | 3x\n   |  ^\n  fix-it: insert '*'\n")
        assertRejects(".", "error: 1:1: unexpected character '.'\n 1 | .\n   | ^\n")
        // Digits without end still give one short message.
        let digits = String(repeating: "9", count: 400)
        assertRejects(digits, "error: 1:1: number '\(String(repeating: "9", count: 40))…' overflows: the largest finite value is 1.7976931348623157e308\n"
                      + " 1 | \(String(repeating: "9", count: 100))…\n   | ^\(String(repeating: "~", count: 99))\n")
    }

    func testUnknownFunctionsWithSuggestions() {
        assertRejects("sinn(x)",
                      "error: 1:1: unknown function 'sinn'; did you mean 'sin'?\n 1 | sinn(x)\n   | ^~~~\n  fix-it: replace 'sinn' with 'sin'\n")
        assertRejects("Exp(x)",
                      "error: 1:1: unknown function 'Exp'; did you mean 'exp'?\n 1 | Exp(x)\n   | ^~~\n  fix-it: replace 'Exp' with 'exp'\n")
        assertRejects("sigmiod(x)",
                      "error: 1:1: unknown function 'sigmiod'; did you mean 'sigmoid'?\n 1 | sigmiod(x)\n   | ^~~~~~~\n  fix-it: replace 'sigmiod' with 'sigmoid'\n")
        assertRejects("frobnicate(x)", """
            error: 1:1: unknown function 'frobnicate'
             1 | frobnicate(x)
               | ^~~~~~~~~~
            note: the functions are \(Op.functionNames.joined(separator: " "))
            note: to multiply, write '*' after 'frobnicate'

            """)
        assertRejects("a = 2; a(x)",
                      "error: 1:8: 'a' is a variable, not a function; write '*' to multiply\n 1 | a = 2; a(x)\n   |        ^\n  fix-it: insert '*'\n")
        assertRejects("sin + 1", "error: 1:1: 'sin' is a function; call it as 'sin(…)'\n 1 | sin + 1\n   | ^~~\n")
    }

    func testWrongArity() {
        assertRejects("sin(x, 2)", "error: 1:1: 'sin' takes 1 argument, got 2\n 1 | sin(x, 2)\n   | ^~~~~~~~~\n")
        assertRejects("sin()", "error: 1:1: 'sin' takes 1 argument, got 0\n 1 | sin()\n   | ^~~~~\n")
        assertRejects("atan2(x)", "error: 1:1: 'atan2' takes 2 arguments, got 1\n 1 | atan2(x)\n   | ^~~~~~~~\n")
        assertRejects("1 + max(x)", "error: 1:5: 'max' takes at least 2 arguments, got 1\n 1 | 1 + max(x)\n   |     ^~~~~~\n")
    }

    func testAssignments() {
        assertRejects("y =", "error: 1:4: expected an expression after 'y ='\n 1 | y =\n   |    ^\n")
        assertRejects("y = ;x", "error: 1:5: expected an expression after 'y ='\n 1 | y = ;x\n   |     ^\n")
        assertRejects("= 3", "error: 1:1: expected a name before '='\n 1 | = 3\n   | ^\n")
        assertRejects("x + 1 = y",
                      "error: 1:7: the left side of '=' must be a name; use '==' to compare\n 1 | x + 1 = y\n   |       ^\n  fix-it: replace '=' with '=='\n")
        assertRejects("a = 1\nb = a\na = 2", """
            error: 3:1: 'a' is assigned twice; it was first assigned at 1:1
             3 | a = 2
               | ^
            note: a program gives each name one value (SSA); use a new name

            """)
        assertRejects("b = a + 1; a = 2", "error: 1:5: 'a' is used before it is assigned at 1:12\n 1 | b = a + 1; a = 2\n   |     ^\n")
        assertRejects("a < b < c",
                      "error: 1:7: comparisons cannot be chained: '<' is followed by '<'; combine them with '?:'\n 1 | a < b < c\n   |       ^\n")
    }

    func testNonASCIIAndControlCharacters() {
        assertRejects("x + \0", "error: 1:5: unexpected control character U+0000 (NUL)\n 1 | x + ?\n   |     ^\n")
        assertRejects("x\u{1B}[31m", "error: 1:2: unexpected control character U+001B (escape)\n 1 | x?[31m\n   |  ^\n")
        assertRejects("x\u{7F}", "error: 1:2: unexpected control character U+007F (DEL)\n 1 | x?\n   |  ^\n")
        assertRejects("x + y\u{1}", "error: 1:6: unexpected control character U+0001\n 1 | x + y?\n   |      ^\n")
        // Characters beyond ASCII are shown as themselves, one column each, so the caret is under them.
        assertRejects("x é", "error: 1:3: unexpected character U+00E9 'é'; programs are written in ASCII\n 1 | x é\n   |   ^\n")
        assertRejects("2 × x", "error: 1:3: unexpected character U+00D7 '×'; did you mean '*'?\n 1 | 2 × x\n   |   ^\n  fix-it: replace '×' with '*'\n")
        assertRejects("x − 1", "error: 1:3: unexpected character U+2212 '−'; did you mean '-'?\n 1 | x − 1\n   |   ^\n  fix-it: replace '−' with '-'\n")
        assertRejects("x·y", "error: 1:2: unexpected character U+00B7 '·'; did you mean '*'?\n 1 | x·y\n   |  ^\n  fix-it: replace '·' with '*'\n")
        assertRejects("x² + 1 # x²", "error: 1:2: unexpected character U+00B2 '²'; did you mean '^2'?\n 1 | x² + 1 # x²\n   |  ^\n  fix-it: replace '²' with '^2'\n")
        // After the caret, text beyond ASCII takes one column a character too.
        assertRejects("x ) # ∂f/∂x", "error: 1:3: unmatched ')'\n 1 | x ) # ∂f/∂x\n   |   ^\n")
        // A long line is cut to a window counted in characters, the caret still under its character.
        let x = String(repeating: "x", count: 120), y = String(repeating: "y", count: 100)
        assertRejects(x + " ×" + y, "error: 1:122: unexpected character U+00D7 '×'; did you mean '*'?\n"
                      + " 1 | …\(x.prefix(49)) ×\(y.prefix(49))…\n   | \(String(repeating: " ", count: 51))^\n  fix-it: replace '×' with '*'\n")
        // A right-to-left override is named, never printed.
        assertRejects("x\u{202E}", "error: 1:2: unexpected character U+202E; programs are written in ASCII\n 1 | x?\n   |  ^\n")
        assertRejects("\u{FEFF}x", "error: 1:1: the program starts with a byte order mark (U+FEFF); save it without one\n 1 | ?x\n   | ^\n")
        assertRejects("x\u{FFFD}",
                      "error: 1:2: unexpected character U+FFFD, which also stands for bytes that are not UTF-8; programs are written in ASCII\n 1 | x\u{FFFD}\n   |  ^\n")
    }

    /// Mathematics as it is written on paper, with the fix-it that writes it in deriv's language.
    func testWrittenNotationGetsAFixIt() {
        assertRejects("sin x", "error: 1:1: 'sin' is a function; did you mean 'sin(x)'?\n 1 | sin x\n   | ^~~~~\n  fix-it: replace 'sin x' with 'sin(x)'\n")
        assertRejects("2*cos 3", "error: 1:3: 'cos' is a function; did you mean 'cos(3)'?\n 1 | 2*cos 3\n   |   ^~~~~\n  fix-it: replace 'cos 3' with 'cos(3)'\n")
        assertRejects("sin^2(x) + 1",
                      "error: 1:1: a power of a function is written after the call: 'sin(x)^2'\n 1 | sin^2(x) + 1\n   | ^~~~~~~~\n  fix-it: replace 'sin^2(x)' with 'sin(x)^2'\n")
        assertRejects("cos**2(x + 1)",
                      "error: 1:1: a power of a function is written after the call: 'cos(x + 1)**2'\n 1 | cos**2(x + 1)\n   | ^~~~~~~~~~~~~\n  fix-it: replace 'cos**2(x + 1)' with 'cos(x + 1)**2'\n")
        assertRejects("f(x) = x^2", """
            error: 1:1: a program does not define functions: write 'f = x^2', whose inputs are the names it uses
             1 | f(x) = x^2
               | ^~~~
              fix-it: replace 'f(x)' with 'f'

            """)
        assertRejects("|x| + 1", "error: 1:1: unexpected character '|'; the absolute value is written 'abs(x)'\n 1 | |x| + 1\n   | ^~~\n  fix-it: replace '|x|' with 'abs(x)'\n")
        assertRejects("2*|x - 1|",
                      "error: 1:3: unexpected character '|'; the absolute value is written 'abs(x - 1)'\n 1 | 2*|x - 1|\n   |   ^~~~~~~\n  fix-it: replace '|x - 1|' with 'abs(x - 1)'\n")
        assertRejects("√x", "error: 1:1: unexpected character U+221A '√'; did you mean 'sqrt(x)'?\n 1 | √x\n   | ^\n  fix-it: replace '√x' with 'sqrt(x)'\n")
        assertRejects("√(x + 1)", "error: 1:1: unexpected character U+221A '√'; did you mean 'sqrt(…)'?\n 1 | √(x + 1)\n   | ^\n  fix-it: replace '√' with 'sqrt'\n")
        assertRejects("x/5!", "error: 1:4: deriv has no factorial; 5! is 120\n 1 | x/5!\n   |    ^\n  fix-it: replace '5!' with '120'\n")
        assertRejects("x!", """
            error: 1:2: deriv has no factorial ('!'), nor the gamma function
             1 | x!
               |  ^
            note: for a whole number write its value (5! = 120); a product of a few factors can be written out (x*(x - 1)*(x - 2))

            """)
        assertRejects("!x", "error: 1:1: unexpected character '!'; deriv has no 'not': compare instead ('x == 0')\n 1 | !x\n   | ^\n")
    }

    func testDeclarations() {
        assertRejects("x: scalar\nx: scalar\nx", "error: 2:1: 'x' is declared twice; it was first declared at 1:1\n 2 | x: scalar\n   | ^\n")
        assertRejects("y = 2\nx: scalar\nx",
                      "error: 2:1: a declaration must come before the statements; move it above line 1\n 2 | x: scalar\n   | ^\n")
        assertRejects("x, y: scalar\ny = x^2", """
            error: 1:4: 'y' is declared as an input, but the program assigns it at 2:1
             1 | x, y: scalar
               |    ^
            note: declare only the inputs, the names the program does not assign

            """)
        assertRejects("x: scaler\nx", "error: 1:4: unknown type 'scaler'; did you mean 'scalar'?\n 1 | x: scaler\n   |    ^~~~~~\n  fix-it: replace 'scaler' with 'scalar'\n")
        assertRejects("x: real\nx", "error: 1:4: unknown type 'real'; the types are scalar, vector(n) and matrix(m, n)\n 1 | x: real\n   |    ^~~~\n")
        assertRejects("x, y\nx", "error: 1:5: expected ':' and a type after the declared names, as in 'x, y: scalar'\n 1 | x, y\n   |     ^\n")
        assertRejects("x: vector(0)\nx",
                      "error: 1:11: expected a dimension (a positive whole number or a name), found '0'\n 1 | x: vector(0)\n   |           ^\n")
        assertRejects("A: matrix(2)\nA", "error: 1:12: expected ',' in 'matrix', as in 'matrix(m, n)', found ')'\n 1 | A: matrix(2)\n   |            ^\n")
        assertRejects("pi: scalar\nx", "error: 1:1: 'pi' is the constant 3.14159…, not an input; name the input otherwise\n 1 | pi: scalar\n   | ^~\n")
        assertRejects("sin: scalar\nx", "error: 1:1: 'sin' is a function, not an input; name the input otherwise\n 1 | sin: scalar\n   | ^~~\n")
        assertRejects("x: scalar", "error: 1:10: expected an expression after the declarations\n 1 | x: scalar\n   |          ^\n")
    }

    func testInvalidUTF8FromAFile() throws {
        let path = try temporaryFile("")
        try Data([0x78, 0x2B, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))    // "x+\xFF\n"
        assertFails(deriv(["eval", "-f", path, "--at", "x=1"]), 1,
                    "error: 1:3: unexpected character U+FFFD, which also stands for bytes that are not UTF-8; programs are written in ASCII\n 1 | x+\u{FFFD}\n   |   ^\n")
    }

    /// A multi-megabyte program with a mistake at its end or in its middle: one short message,
    /// the line cut to a window around the caret.
    func testMultiMegabyteInputs() {
        let window = String(repeating: "x+", count: 50)
        let run = deriv(["eval", "-", "--at", "x=1"], stdin: String(repeating: "x+", count: 1_000_000))   // 2 MB, one line
        assertFails(run, 1, "error: 1:2000001: expected an expression after '+'\n 1 | …\(window)\n   | \(String(repeating: " ", count: 101))^\n")
        let half = String(repeating: "x+", count: 250_000)
        assertFails(deriv(["eval", "-", "--at", "x=1"], stdin: half + ")" + half + "x"), 1,
                    "error: 1:500001: expected an expression, found ')'\n 1 | …\(window.prefix(50)))\(window.prefix(49))…\n"
                        + "   | \(String(repeating: " ", count: 51))^\n")
        // Over the size limit, the program is refused before it is parsed.
        let huge = String(repeating: "x+", count: 17 << 20) + "x"
        XCTAssertEqual(deriv(["eval", "-", "--at", "x=1"], stdin: huge).err,
                       "error: 1:1: the program is longer than 32 MiB, the most deriv reads\n 1 | \(String(repeating: "x+", count: 50))…\n   | ^\n")
    }
}
