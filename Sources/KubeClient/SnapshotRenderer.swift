import Foundation
import IngressModel

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
        guard var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            // Not readable as JSON: keep nothing of it rather than risk a key.
            return "{}"
        }
        if var data = object["data"] as? [String: Any] {
            for key in Array(data.keys) where key == Secret.privateKeyKey || key.hasSuffix(".key") {
                let bytes = (data[key] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? []
                data[key] = Data(replaceKey(bytes).utf8).base64EncodedString()
            }
            object["data"] = data
        }
        object.removeValue(forKey: "stringData")
        guard let rendered = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else { return "{}" }
        return String(decoding: rendered, as: UTF8.self)
    }
}
