extension Array where Element: Equatable {
    /// Keeps the first of each run of equal values: on a sorted array, every value once. Sorting
    /// then removing in place costs no hash table, which for millions of packed keys or pairs would
    /// cost several times the array itself.
    /// - Complexity: O(n), in place.
    public mutating func removeDuplicatesFromSorted() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
