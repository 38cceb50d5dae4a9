import StructuredText

/// JSON text written by hand for the few small documents made on every admission (the answer, the
/// log line): Foundation's writer, with sorted keys, was a quarter of an admission's time.
public enum JSONText {
    /// A JSON string literal (the reports' escaping).
    public static func string(_ text: String) -> String {
        JSONValue.quoted(text)
    }

    public static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ",") + "]"
    }

    /// An object from members whose values are already JSON text, in the order given.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}
