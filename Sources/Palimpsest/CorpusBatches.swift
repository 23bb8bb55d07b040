import Foundation
import PalimpsestCore

/// One step of a corpus read in batches: documents, or the end with what the reading found.
public enum CorpusBatch: Sendable {
    /// The next documents, in input order.
    case documents([Document])
    /// The reading is over: its problems, inputs and digests (the documents were in the batches).
    case end(CorpusReader.Corpus)
}

/// A corpus read on a thread of its own and handed over in batches, at most a few batches ahead
/// of whoever takes them: memory stays at those batches whatever the size of the corpus, and
/// reading overlaps with the work done on each batch.
///
/// Iterate it once; the last element is always ``CorpusBatch/end(_:)``. A consumer that stops
/// early (an error, a cancelled task) lets the reading thread stop at its next document; call
/// ``close()`` before the process may exit, so no reading is under way while it does.
public struct CorpusBatches: AsyncSequence, Sendable {
    public typealias Element = CorpusBatch

    private let stream: AsyncStream<CorpusBatch>
    private let slots: DispatchSemaphore
    private let stop: StopFlag
    /// Signalled when the reading thread has returned.
    private let finished: DispatchSemaphore

    /// Whether the consumer has gone; set once, read by the reading thread.
    fileprivate final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isSet: Bool { lock.withLock { stopped } }
        func set() { lock.withLock { stopped = true } }
    }

    /// Held by the iterator: when the consumer drops it (a `break`, an error thrown out of the
    /// loop), the reading thread is told to stop and woken if it waits for room.
    fileprivate final class Consumer: Sendable {
        let slots: DispatchSemaphore
        let stop: StopFlag
        init(slots: DispatchSemaphore, stop: StopFlag) {
            self.slots = slots
            self.stop = stop
        }
        deinit {
            stop.set()
            slots.signal()
        }
    }

    /// Starts reading `paths` with `reader`.
    /// - Parameters:
    ///   - size: documents per batch (at least 1).
    ///   - ahead: batches the reader may have ready before the consumer takes them (at least 1).
    ///   - report: called on the reading thread with each problem as it happens.
    ///   - progress: called on the reading thread with the number of documents read so far.
    public init(
        reading paths: [String], with reader: CorpusReader, size: Int, ahead: Int = 2,
        report: @escaping @Sendable (InputProblem) -> Void = { _ in }, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        let size = Swift.max(1, size)
        // Made empty and filled by signals: libdispatch traps when a semaphore is freed holding less
        // than the value it was made with, as this one may when its consumer leaves early.
        let slots = DispatchSemaphore(value: 0), stop = StopFlag()
        for _ in 0..<Swift.max(1, ahead) { slots.signal() }
        let (stream, continuation) = AsyncStream<CorpusBatch>.makeStream()
        // A cancelled consuming task ends the stream: the reader stops as when the consumer goes.
        continuation.onTermination = { _ in
            stop.set()
            slots.signal()
        }
        let finished = DispatchSemaphore(value: 0)
        self.stream = stream
        self.slots = slots
        self.stop = stop
        self.finished = finished
        let thread = Thread {
            defer { finished.signal() }
            var batch: [Document] = []
            batch.reserveCapacity(size)
            /// Waits for room, then hands `batch` over; false when the consumer has gone.
            func handOver() -> Bool {
                slots.wait()
                guard !stop.isSet else { return false }
                continuation.yield(.documents(batch))
                batch = []
                batch.reserveCapacity(size)
                return true
            }
            let corpus = reader.read(paths, report: report, progress: progress) { document in
                batch.append(document)
                return batch.count < size || handOver()
            }
            if !stop.isSet, batch.isEmpty || handOver() { continuation.yield(.end(corpus)) }
            continuation.finish()
        }
        thread.name = "palimpsest-reader"
        thread.start()
    }

    /// Stops the reading if it is still under way and waits for the reading thread to return (at
    /// once when it is done). A process must not exit while that thread reads: the libraries it
    /// uses are torn down under it. Calling it again returns at once.
    public func close() {
        stop.set()
        slots.signal()
        finished.wait()
        // Left signalled, so a later call returns at once.
        finished.signal()
    }

    /// Iterates the batches; each step frees the room of the batch taken before it.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var base: AsyncStream<CorpusBatch>.Iterator
        fileprivate let consumer: Consumer
        fileprivate var holdsBatch = false

        /// The next batch, or nil after the end.
        public mutating func next() async -> CorpusBatch? {
            if holdsBatch { consumer.slots.signal() }
            let element = await base.next()
            if case .documents = element { holdsBatch = true } else { holdsBatch = false }
            return element
        }
    }

    /// Starts the iteration.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), consumer: Consumer(slots: slots, stop: stop))
    }
}
