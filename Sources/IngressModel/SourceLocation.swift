/// A position in an input file: 1-based line and column, as editors and compilers count them.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    /// 32 bits each, as every value of the model carries a location: a line past 2^31 needs a
    /// file of 2 GB (inputs are refused above 32 MB by default), and is clamped, never trapped.
    @usableFromInline var storedLine: Int32
    @usableFromInline var storedColumn: Int32

    public var line: Int {
        @inlinable get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        @inlinable get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A field of a typed object together with the user's own field path and where its value sits.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    /// The field path as the user wrote it, e.g. `spec.rules[0].http.paths[1].backend.serviceName`.
    public var field: String
    public var location: SourceLocation

    public init(_ value: Value, field: String, location: SourceLocation) {
        self.value = value
        self.field = field
        self.location = location
    }

    public func map<T>(_ transform: (Value) -> T) -> Located<T> {
        Located<T>(transform(value), field: field, location: location)
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
