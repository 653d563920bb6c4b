@_spi(DerivCore) import DerivCore
@_spi(DerivCore) import DerivSyntax
/// A parsed program over vectors and matrices (docs/MATRICES.md): its inputs and their declared
/// shapes. Its graph is made for values of given shapes (`graph(shapes:)`), which bind the
/// dimension names (`n` of `x: vector(n)`).
package struct MatrixProgram {
    /// The program's text.
    package let source: SourceFile
    package let ast: AST
    /// The inputs: the declared ones in declaration order, then the others (scalars) in natural order.
    package let inputs: [String]
    /// The declared shape of each input (`.scalar` for an undeclared one).
    package let declaredShapes: [AST.Declaration.Shape]
    /// Where each input is declared (nil for an undeclared one).
    package let declarationRanges: [SourceRange?]
    private let symbols: [Symbol]
    private let assignedAt: [SourceRange?]

    /// Where a program first uses vectors or matrices (a declaration of one, a literal, a
    /// transpose or an index), or nil for a scalar program, which `Program` takes.
    package static func firstMatrixFeature(in ast: AST) -> SourceRange? {
        if let d = ast.declarations.first(where: { $0.shape != .scalar }) { return d.shapeRange }
        for node in ast.nodes {
            switch node.kind {
            case .transpose, .list, .index: return node.range
            default: continue
            }
        }
        return nil
    }

    package init(source: SourceFile, ast: AST) throws {
        self.source = source
        self.ast = ast
        let lowering = Lowering(source: source, ast: ast)
        assignedAt = try lowering.assignments()
        let declared = try lowering.declaredInputs(assignedAt, allowingArrays: true)
        symbols = declared + lowering.undeclaredInputs(assignedAt)
        inputs = symbols.map(ast.spelling)
        declaredShapes = ast.declarations.map(\.shape) + Array(repeating: .scalar, count: symbols.count - declared.count)
        declarationRanges = ast.declarations.map { Optional($0.shapeRange) } + Array(repeating: nil, count: symbols.count - declared.count)
    }

    /// The names a program assigns, in order.
    package var assignedNames: [String] { ast.statements.compactMap { $0.target.map(ast.spelling) } }

    /// The shape of each input for values of shapes `given` (by input name; an input not given
    /// must have only whole-number dimensions) and dimensions `dimensions` (`n = 3`).
    package func shapes(given: [String: MatrixShape], dimensions: [String: Int]) throws -> [MatrixShape] {
        var bound = dimensions
        var boundBy: [String: String] = [:]
        func size(_ d: AST.Declaration.Dimension) -> Int? {
            switch d {
            case .size(let n): return n
            case .name(let s): return bound[ast.spelling(s)]
            }
        }
        // First bind every dimension name from the values, then check every value against them.
        for (k, name) in inputs.enumerated() {
            guard let s = given[name] else { continue }
            let pairs: [(AST.Declaration.Dimension, Int)]
            switch declaredShapes[k] {
            case .scalar: pairs = []
            case .vector(let n): pairs = [(n, s.rows)]
            case .matrix(let m, let n): pairs = [(m, s.rows), (n, s.columns)]
            }
            for (d, value) in pairs {
                guard case .name(let symbol) = d else { continue }
                let dim = ast.spelling(symbol)
                if let known = bound[dim], known != value {
                    throw MatrixInputError.dimensionDisagrees(dim, known, firstBy: boundBy[dim], value, secondBy: name)
                }
                bound[dim] = value
                boundBy[dim] = boundBy[dim] ?? name
            }
        }
        return try inputs.indices.map { k in
            let name = inputs[k]
            let declared: MatrixShape
            switch declaredShapes[k] {
            case .scalar: declared = .scalar
            case .vector(let n):
                guard let rows = size(n) else { throw MatrixInputError.unboundDimension(dimensionName(n), of: name) }
                declared = .vector(rows)
            case .matrix(let m, let n):
                guard let rows = size(m) else { throw MatrixInputError.unboundDimension(dimensionName(m), of: name) }
                guard let columns = size(n) else { throw MatrixInputError.unboundDimension(dimensionName(n), of: name) }
                declared = MatrixShape(rows, columns)
            }
            if let s = given[name], s != declared { throw MatrixInputError.wrongShape(name, declared: declared, given: s) }
            return declared
        }
    }

    private func dimensionName(_ d: AST.Declaration.Dimension) -> String {
        if case .name(let s) = d { return ast.spelling(s) }
        return ""
    }

    /// The graph for inputs of `shapes` (one per input), whose output is the last statement or
    /// the statement assigning `output`. Shapes that do not fit an operation throw a `Diagnostic`.
    package func graph(shapes: [MatrixShape], output: String? = nil) throws -> MatrixGraph {
        try MatrixLowering(ast: ast, inputs: symbols, shapes: shapes, assignedAt: assignedAt).lower(output: output)
    }
}

/// Values or dimensions that do not fit a program's declarations; the command line words them
/// (Sources/DerivCLI/UsageMessages.swift).
package enum MatrixInputError: Error, Equatable {
    /// Dimension `name` is `first` (by the value of input `firstBy`, or given when nil) and `second` by the value of `secondBy`.
    case dimensionDisagrees(String, Int, firstBy: String?, Int, secondBy: String)
    /// No value and no given size fixes dimension `name` of input `input`.
    case unboundDimension(String, of: String)
    case wrongShape(String, declared: MatrixShape, given: MatrixShape)
}
