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
