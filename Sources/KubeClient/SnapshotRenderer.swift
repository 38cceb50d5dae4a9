import Foundation
import IngressModel
import StructuredText

/// `ingress-guard snapshot`: the objects read from a cluster as one YAML stream (each document the
/// object's indented JSON, which YAML reads as is), with every Secret's `tls.key` replaced by what
/// `replaceKey` makes of it (the public key's fingerprint): no private key is ever written.
public enum SnapshotRenderer {
    public static func render(
        _ documents: [ClusterReader.Document], context: String, scope: String, takenAt: Date,
        replaceKey: ([UInt8]) -> String
    ) -> String {
        let formatter = ISO8601DateFormatter()
        var output = """
            # ingress-guard snapshot of cluster context \(context) (\(scope)), taken \(formatter.string(from: takenAt)).
            # Use it offline: ingress-guard lint --snapshot FILE [PATH ...]. Private keys are replaced by
            # the SHA-256 of their public key.

            """
        for document in documents {
            output += "---\n# \(document.file)\n"
            output += document.kind == "Secret" ? redacted(document.text, replaceKey: replaceKey) : document.text
            output += "\n"
        }
        return output
    }

    static func redacted(_ text: String, replaceKey: ([UInt8]) -> String) -> String {
        guard let document = JSONDocument.parse(text), case .object(let members) = JSONValue(json: document, sortingKeys: true) else {
            // Not readable as JSON: keep nothing of it rather than risk a key.
            return "{}"
        }
        var kept: [(String, JSONValue)] = []
        for (name, value) in members where name != "stringData" {
            guard name == "data", case .object(let entries) = value else {
                kept.append((name, value))
                continue
            }
            kept.append((name, .object(entries.map { key, entry in
                guard key == Secret.privateKeyKey || key.hasSuffix(".key") else { return (key, entry) }
                var bytes: [UInt8] = []
                if case .string(let encoded) = entry, let decoded = Data(base64Encoded: encoded) { bytes = Array(decoded) }
                return (key, .string(Data(replaceKey(bytes).utf8).base64EncodedString()))
            })))
        }
        return JSONValue.object(kept).serialized()
    }
}
