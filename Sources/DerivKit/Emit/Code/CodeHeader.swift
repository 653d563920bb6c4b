extension CodeEmitter {
    /// `deriv emit --header`: the header comment, then the declaration of each function the code
    /// defines (JavaScript: a TypeScript `.d.ts` beside the module, docs/EMIT.md).
    static func header(_ program: Program, _ options: EmitOptions, _ plans: [Plan], _ names: FunctionNames,
                       pieces write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let template = options.language.template
        guard let declaration = template.declaration else { throw HeaderNotWritten(language: options.language) }
        let functions = plans.map { $0.text($0.graph(), template, options, names, source: program.source) }
        let operations = functions.map(\.body.printer.graph.operationCount)
        var lines = CodeEmitter.header(program, options, Array(zip(plans.map(\.name), operations)))
            .map { $0.isEmpty ? template.comment("").trimmingTrailingSpaces : template.comment($0) }
        for function in functions { lines += [""] + declaration(function) }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        bytes.withUnsafeMutableBufferPointer { write(UnsafeBufferPointer($0)) }
    }
}
