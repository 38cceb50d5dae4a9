extension Array {
    /// The first index whose element satisfies `belongsAfter`, for a predicate that is false for
    /// a leading run of the array and true for the rest (an array kept in order, the new element
    /// compared with each): found by halving, where `firstIndex(where:)` scanned every element
    /// before it and made inserting many equal elements quadratic.
    func partitionIndex(where belongsAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
