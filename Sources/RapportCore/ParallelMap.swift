import Dispatch

/// Calls `body(range)` for `chunks` fixed, contiguous ranges of `0..<count`
/// across the machine's cores. The ranges depend only on the counts, so
/// whatever the threads do, results collected by chunk are the same.
func concurrentChunks(count: Int, chunks: Int, _ body: (Int, Range<Int>) -> Void) {
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            work(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
        }
    }
}

/// `body(chunk, range)` for `chunks` fixed ranges of `0..<count` across the
/// cores; a caller that keeps one result per chunk and combines them in
/// chunk order gets the same answer on every run.
public func parallelChunks(count: Int, chunks: Int, _ body: (Int, Range<Int>) -> Void) {
    guard count > 0 else { return }
    concurrentChunks(count: count, chunks: max(1, min(chunks, count)), body)
}

extension Array {
    /// `map` spread over the machine's cores; results in input order.
    /// `transform` must not touch shared mutable state.
    /// - Parameter minimumCount: below this many elements, a plain `map`.
    public func parallelMap<Result>(minimumCount: Int = 64, _ transform: (Element) -> Result) -> [Result] {
        guard count >= Swift.max(minimumCount, 2) else { return map(transform) }
        var results = [Result?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            self.withUnsafeBufferPointer { input in
                nonisolated(unsafe) let items = input
                concurrentChunks(count: items.count, chunks: Swift.min(items.count, 64)) { _, range in
                    for index in range { output[index] = transform(items[index]) }
                }
            }
        }
        return results.map { $0! }
    }

    /// Mutates every element in place, spread over the cores. In place
    /// matters: `parallelMap { var copy = $0; … }` made each element's arrays
    /// non-unique, so every mutation copied them (a million orders copied,
    /// seen in perf).
    public mutating func parallelUpdate(_ body: (inout Element) -> Void) {
        guard count >= 64 else {
            for index in indices { body(&self[index]) }
            return
        }
        self.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let items = buffer
            concurrentChunks(count: items.count, chunks: 64) { _, range in
                for index in range { body(&items[index]) }
            }
        }
    }
}

/// Σ body(range) over `count` items in fixed chunks summed in order: the same
/// result on every run. Small counts run inline.
public func parallelSum(count: Int, minimumCount: Int = 4_096, _ body: (Range<Int>) -> Double) -> Double {
    guard count >= minimumCount else { return body(0..<count) }
    var partial = [Double](repeating: 0, count: 8)
    partial.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let output = buffer
        concurrentChunks(count: count, chunks: 8) { chunk, range in output[chunk] = body(range) }
    }
    return partial.reduce(0, +)
}
