import IngressModel

/// Placeholders of templates that were not rendered: `${VAR}`, `$(VAR)`, `$VAR`, `<FQDN>`,
/// `__VAR__`, `REPLACEME`, `YOUR_X` and `{{ }}`. Only names, hosts, paths and references are
/// searched, never annotation values, where `$host` and `${binary_remote_addr}` are NGINX variables
/// and `<script>` may be the very thing a policy tests.
enum TemplatePlaceholders {
    struct Occurrence {
        var placeholder: String
        var value: Located<String>
    }

    /// Every placeholder in the Ingress's searched fields, in document order.
    static func find(in ingress: Ingress) -> [Occurrence] {
        // Every Ingress of every run is searched and almost none holds a placeholder: values are
        // looked at where they are, and only an occurrence is kept.
        var found: [Occurrence] = []
        func search(_ value: Located<String>?) {
            guard let value, let placeholder = placeholder(in: value.value) else { return }
            found.append(Occurrence(placeholder: placeholder, value: value))
        }
        search(ingress.metadata.name)
        search(ingress.metadata.namespace)
        search(ingress.ingressClassName)
        for backend in ingress.backends {
            if let service = backend.service {
                search(service.name)
                search(service.portName)
            }
        }
        for rule in ingress.rules {
            search(rule.host)
            for path in rule.http?.paths ?? [] { search(path.path) }
        }
        for tls in ingress.tls {
            for host in tls.hosts { search(host) }
            search(tls.secretName)
        }
        guard found.count > 1 else { return found }
        return found.sorted { ($0.value.location.line, $0.value.location.column) < ($1.value.location.line, $1.value.location.column) }
    }

    /// The first placeholder in a value, as written.
    static func placeholder(in text: String) -> String? {
        // Most values are lowercase names and paths: one pass shows there is nothing to look for.
        guard text.utf8.contains(where: { byte in
            byte == UInt8(ascii: "$") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "_")
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }) else { return nil }
        let bytes = Array(text.utf8)
        func isUpperName(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95 }
        func slice(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "$"):
                // ${VAR} and $(VAR) in capitals (lowercase ones are NGINX variables), or $VAR.
                if index + 1 < bytes.count, let close = bytes[index + 1] == UInt8(ascii: "{") ? UInt8(ascii: "}") : bytes[index + 1] == UInt8(ascii: "(") ? UInt8(ascii: ")") : nil {
                    var end = index + 2
                    while end < bytes.count, isUpperName(bytes[end]) { end += 1 }
                    if end > index + 2, end < bytes.count, bytes[end] == close { return slice(index, end + 1) }
                } else {
                    var end = index + 1
                    while end < bytes.count, isUpperName(bytes[end]) { end += 1 }
                    if end > index + 2, bytes[index + 1] >= 65, bytes[index + 1] <= 90 { return slice(index, end) }
                }
            case UInt8(ascii: "<"):
                if let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">")), close > index + 1, close - index <= 64,
                    !bytes[(index + 1)..<close].contains(UInt8(ascii: "<")) {
                    return slice(index, close + 1)
                }
            case UInt8(ascii: "{"):
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                    var end = index + 2
                    while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
                    if end + 1 < bytes.count { return slice(index, end + 2) }
                }
            case UInt8(ascii: "_"):
                // __VAR__
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "_") {
                    var end = index + 2
                    while end < bytes.count, isUpperName(bytes[end]), bytes[end] != UInt8(ascii: "_") || !(end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "_")) { end += 1 }
                    if end > index + 2, end + 1 < bytes.count, bytes[end] == UInt8(ascii: "_"), bytes[end + 1] == UInt8(ascii: "_") { return slice(index, end + 2) }
                }
            default:
                break
            }
            index += 1
        }
        for marker in ["REPLACEME", "REPLACE_ME", "CHANGEME"] where text.containsBytes(marker) { return marker }
        let your = Array("YOUR_".utf8)
        if let start = bytes.indices.first(where: { bytes[$0...].starts(with: your) }) {
            let rest = bytes[start...].prefix { isUpperName($0) }
            if rest.count > 5 { return String(decoding: rest, as: UTF8.self) }
        }
        return nil
    }
}
