import IngressModel

/// Field paths (`spec.rules[0].http.paths[1].backend.service.name`) repeat in every object of a
/// file: each distinct one is stored once and shared by every value that names it, instead of once
/// per value (they were a tenth of a large lint's memory). Compared by bytes, so that annotation
/// keys spelled in NFC and NFD keep their own spelling.
final class FieldNames {
    private var known: [ByteText: String] = [:]
    /// Off for a file's first object: a file of one object (every admission) shares nothing, and
    /// the table would be all cost.
    private var sharing = false
    private var objects = 0
    /// The fixed fields of the decoders, walked down by name and index (see `FieldPath`).
    let root = FieldPath("")

    /// Called as each object's decoding begins.
    func objectBegins() {
        objects += 1
        sharing = objects > 1
    }

    func callAsFunction(_ field: String) -> String {
        // Strings this short are stored inline: nothing to share.
        guard sharing, field.utf8.count > 15 else { return field }
        let key = ByteText(field)
        if let shared = known[key] { return shared }
        known[key] = field
        return field
    }
}

/// One field path of a file's objects, spelled once: the decoders walk down from the root by field
/// name and list index, and every value at `spec.rules[0].http.paths[1].path` in the file gets the
/// same string. Finding it again compares a few short names (stored inline, compared as words)
/// instead of spelling the whole path and hashing it, which a large lint did for every value.
final class FieldPath {
    let text: String
    /// A handful per path (an Ingress backend has at most five): a list beats a table.
    private var named: [(name: String, path: FieldPath)] = []
    private var items: [FieldPath] = []

    init(_ text: String) {
        self.text = text
    }

    func child(_ name: String) -> FieldPath {
        for entry in named where entry.name == name { return entry.path }
        let path = FieldPath(text.isEmpty ? name : "\(text).\(name)")
        named.append((name, path))
        return path
    }

    /// The path of item `index` of this list; items are reached in order, so the list only grows
    /// by the ones a document holds.
    func item(_ index: Int) -> FieldPath {
        while items.count <= index { items.append(FieldPath("\(text)[\(items.count)]")) }
        return items[index]
    }
}
