/// The shared storage of a copy-on-write value: model types whose copies are frequent and whose
/// fields hold many references keep them here, so that a copy is one retain. Mutated only through
/// `unique(_:)`, when the box has a single owner; that is what makes `@unchecked Sendable` hold.
@usableFromInline
final class CopyOnWriteBox<Value: Sendable>: @unchecked Sendable {
    @usableFromInline var value: Value

    @usableFromInline
    init(_ value: Value) {
        self.value = value
    }

    /// The box to write to: this one when nothing else holds it, else a fresh copy put in its place.
    @inlinable
    static func unique(_ box: inout CopyOnWriteBox<Value>) -> CopyOnWriteBox<Value> {
        if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
        return box
    }
}
