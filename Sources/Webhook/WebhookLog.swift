import Admission
import Foundation

/// The webhook's JSON log lines: time, level and message first, then the fields in the order given.
enum WebhookLog {
    /// Made once: a formatter per log line was a tenth of an admission's time.
    static let timeFormat = Date.ISO8601FormatStyle()

    static func event(_ message: String, fields: [(String, Value)] = [], level: String = "info") -> String {
        var members: [(String, String)] = [
            ("time", JSONText.string(Date().formatted(timeFormat))), ("level", JSONText.string(level)), ("msg", JSONText.string(message)),
        ]
        for (key, value) in fields { members.append((key, value.json)) }
        return JSONText.object(members)
    }

    enum Value {
        case string(String)
        case strings([String])
        case bool(Bool)
        case number(Double)

        var json: String {
            switch self {
            case .string(let text): return JSONText.string(text)
            case .strings(let list): return JSONText.array(list)
            case .bool(let value): return value ? "true" : "false"
            case .number(let value): return String(value)
            }
        }
    }
}
