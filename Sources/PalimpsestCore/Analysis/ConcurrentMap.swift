import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores: the transform runs on each element concurrently, results in order.
    ///
    /// For independent, CPU-bound work per element (normalising and shingling a document); the
    /// elements are handed out one at a time so uneven sizes balance across cores.
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Int, Element) -> Result) -> [Result] {
        guard count > 1 else { return enumerated().map { transform($0.offset, $0.element) } }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let output = results
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: input.count) { index in
                output[index] = transform(index, input[index])
            }
        }
        return results.map { $0! }
    }
}
