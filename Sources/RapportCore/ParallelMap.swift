import Dispatch
import Synchronization

/// The work of several threads collected by chunk: each chunk's result is
/// put in its own slot under a lock (one per chunk, so there is no
/// contention to speak of), and nothing else is shared. Swift checks every
/// closure that runs on the threads: they are `@Sendable`.
private final class ChunkResults<Result: Sendable>: Sendable {
    let slots: Mutex<[Result?]>
    init(_ count: Int) { slots = Mutex([Result?](repeating: nil, count: count)) }
}

/// `body(chunk, range)` for `chunks` fixed, contiguous ranges of `0..<count`
/// across the machine's cores, the results in chunk order. The ranges depend
/// only on the counts, so whatever the threads do, results combined in
/// chunk order are the same on every run.
public func parallelChunks<Result: Sendable>(
    count: Int, chunks: Int, _ body: @Sendable (Int, Range<Int>) -> Result
) -> [Result] {
    guard count > 0 else { return [] }
    let chunks = max(1, min(chunks, count))
    let results = ChunkResults<Result>(chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let value = body(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
        results.slots.withLock { $0[chunk] = value }
    }
    return results.slots.withLock { slots in slots.map { $0! } }
}

/// `first()` on another thread while `second()` runs on this one; both
/// results. `second` may use this thread's state freely: only `first`
/// crosses threads, and it is `@Sendable`.
public func concurrently<First: Sendable, Second>(
    _ first: @escaping @Sendable () -> First, _ second: () -> Second
) -> (First, Second) {
    let result = ChunkResults<First>(1)
    let done = DispatchGroup()
    DispatchQueue.global().async(group: done) {
        let value = first()
        result.slots.withLock { $0[0] = value }
    }
    let other = second()
    done.wait()
    return (result.slots.withLock { $0[0]! }, other)
}

/// What `parallelMap`'s threads share: the result, and the chunks done
/// ahead of the next one to append.
private struct OrderedAppend<Result> {
    var result: [Result] = []
    var waiting: [Int: [Result]] = [:]
    var next = 0
}

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; results in input order.
    ///
    /// Each chunk's results are appended to the one result array as soon as
    /// the chunks before it are in, and then freed: collecting all the
    /// chunks first held every result twice at the end (80 MB more peak for
    /// 100,000 account analyses; BENCHMARKS.md, issue 16).
    /// - Parameter minimumCount: below this many elements, a plain `map`.
    public func parallelMap<Result: Sendable>(
        minimumCount: Int = 64, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        guard count >= Swift.max(minimumCount, 2) else { return map(transform) }
        var start = OrderedAppend<Result>()
        start.result.reserveCapacity(count)
        let shared = Mutex(start)
        let chunks = Swift.min(count, 64)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let part = self[(count * chunk / chunks)..<(count * (chunk + 1) / chunks)].map(transform)
            shared.withLock { state in
                state.waiting[chunk] = part
                while let ready = state.waiting.removeValue(forKey: state.next) {
                    state.result.append(contentsOf: ready)
                    state.next += 1
                }
            }
        }
        return shared.withLock { state in
            precondition(state.next == chunks && state.waiting.isEmpty)
            let result = state.result
            state.result = []
            return result
        }
    }
}

/// Σ body(range) over `count` items in fixed chunks summed in order: the same
/// result on every run. Small counts run inline.
public func parallelSum(count: Int, minimumCount: Int = 4_096, _ body: @Sendable (Range<Int>) -> Double) -> Double {
    guard count >= minimumCount else { return body(0..<count) }
    return parallelChunks(count: count, chunks: 8) { _, range in body(range) }.reduce(0, +)
}
