import Dispatch

extension Array {
    /// `map` spread over the machine's cores in contiguous chunks; results in
    /// input order, so output never depends on scheduling. `transform` must
    /// not touch shared mutable state.
    /// - Parameter minimumCount: below this many elements, a plain `map`.
    public func parallelMap<Result>(minimumCount: Int = 64, _ transform: (Element) -> Result) -> [Result] {
        guard count >= Swift.max(minimumCount, 2) else { return map(transform) }
        let chunks = Swift.min(count, 64)
        var results = [Result?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let work = transform
                self.withUnsafeBufferPointer { input in
                    nonisolated(unsafe) let items = input
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = items.count * chunk / chunks
                        let end = items.count * (chunk + 1) / chunks
                        for index in start..<end { output[index] = work(items[index]) }
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

extension Array {
    /// Mutates every element in place, spread over the cores. In place
    /// matters: `parallelMap { var copy = $0; … }` made each element's arrays
    /// non-unique, so every mutation copied them (a million orders copied,
    /// seen in perf).
    public mutating func parallelUpdate(_ body: (inout Element) -> Void) {
        guard count >= 64 else {
            for index in indices { body(&self[index]) }
            return
        }
        let chunks = Swift.min(count, 64)
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            self.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let items = buffer
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = items.count * chunk / chunks
                    let end = items.count * (chunk + 1) / chunks
                    for index in start..<end { work(&items[index]) }
                }
            }
        }
    }
}

/// Σ body(range) over `count` items split into a fixed number of chunks, the
/// chunks summed in order: the same result on every run whatever the
/// threads do. Small counts run inline.
public func parallelSum(count: Int, minimumCount: Int = 4_096, _ body: (Range<Int>) -> Double) -> Double {
    guard count >= minimumCount else { return body(0..<count) }
    let chunks = 8
    var partial = [Double](repeating: 0, count: chunks)
    partial.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let output = buffer
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                output[chunk] = work((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
            }
        }
    }
    return partial.reduce(0, +)
}
