import CYaml

/// libyaml's event stream, one event at a time, with 1-based positions. The composer builds the
/// tree from these events itself: Yams' own tree resolves aliases across documents (kubectl splits
/// documents first, so an anchor holds within its own) and finds duplicate keys by Unicode
/// equivalence (the API server compares bytes: `café` written NFC and NFD are two keys).
final class YAMLEvents {
    enum Event {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(anchor: String)
        /// The scalar's text is already in the builder's text, at `span`.
        case scalar(span: Range<Int>, tag: String?, anchor: String?, plain: Bool)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    private var parser = yaml_parser_t()
    private let count: Int
    /// libyaml reads the input in place: it must stay put while the parser lives.
    private let input: UnsafeMutableBufferPointer<UInt8>

    init(_ text: String) {
        count = text.utf8.count
        input = .allocate(capacity: max(count, 1))
        _ = input.initialize(from: text.utf8)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, count)
    }

    deinit {
        yaml_parser_delete(&parser)
        input.deallocate()
    }

    /// The next event and the position of its first character; a scalar's text goes straight into
    /// `tree`'s text, with no string made for it.
    func next(into tree: inout DocumentTreeBuilder) throws(YAMLComposer.SyntaxError) -> (Event, line: Int, column: Int) {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_START_EVENT: return (.streamStart, line, column)
        case YAML_STREAM_END_EVENT: return (.streamEnd, line, column)
        case YAML_DOCUMENT_START_EVENT: return (.documentStart, line, column)
        case YAML_DOCUMENT_END_EVENT: return (.documentEnd, line, column)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: Self.string(event.data.alias.anchor) ?? ""), line, column)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let span = scalar.value.map { tree.appendText(UnsafeBufferPointer(start: $0, count: scalar.length)) } ?? tree.appendText("")
            return (.scalar(span: span, tag: Self.string(scalar.tag), anchor: Self.string(scalar.anchor), plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line, column)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return (.sequenceStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), line, column)
        case YAML_SEQUENCE_END_EVENT: return (.sequenceEnd, line, column)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return (.mappingStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), line, column)
        case YAML_MAPPING_END_EVENT: return (.mappingEnd, line, column)
        default:
            throw YAMLComposer.SyntaxError(message: "YAML error: an event libyaml does not document", line: line, column: column)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// libyaml's error in the words it uses, at the position it names.
    private func error() -> YAMLComposer.SyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            let (line, column) = position(ofByte: parser.problem_offset)
            return YAMLComposer.SyntaxError(message: "YAML reader error: \(problem)", line: line, column: column)
        }
        let line = Int(parser.problem_mark.line) + 1
        let column = Int(parser.problem_mark.column) + 1
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }), !context.isEmpty {
            message += " (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return YAMLComposer.SyntaxError(message: message, line: line, column: column)
    }

    /// Line and column of a byte as libyaml counts them: characters, and CR LF, CR, LF, NEL, LS
    /// and PS as line breaks.
    private func position(ofByte offset: Int) -> (Int, Int) {
        var line = 1
        var column = 1
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[..<min(max(0, offset), count)]), as: UTF8.self)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where previous == "\r": break
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                line += 1
                column = 1
            default:
                column += 1
            }
            previous = scalar
        }
        return (line, column)
    }
}
