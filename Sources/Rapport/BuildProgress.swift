import Synchronization

/// What a build reports while it runs: which stage, how far, how many. The
/// library only emits events; the CLI decides whether to draw them (on a
/// terminal) and reads the clock — the pipeline itself never does.
public struct BuildProgress: Sendable {
    public enum Step: String, Sendable, CaseIterable {
        case load, analyze, render, write
        /// Review packets printed to PDF (`build --pdf`), before the swap.
        case print
    }

    public enum Event: Sendable, Equatable {
        /// `total` when known in advance (pages to render, files to write).
        case started(Step, total: Int?)
        case advanced(Step, done: Int)
        case finished(Step, count: Int)
    }

    let handler: @Sendable (Event) -> Void

    public init(_ handler: @escaping @Sendable (Event) -> Void) { self.handler = handler }

    public static let silent = BuildProgress { _ in }

    func callAsFunction(_ event: Event) { handler(event) }

    /// A thread-safe counter for work spread across cores; reports every
    /// `every` items so the display costs nothing measurable.
    final class Counter: Sendable {
        let step: Step
        let every: Int
        let progress: BuildProgress
        let done = Atomic<Int>(0)

        init(_ step: Step, every: Int = 250, progress: BuildProgress) {
            self.step = step
            self.every = every
            self.progress = progress
        }

        func add(_ count: Int = 1) {
            let now = done.add(count, ordering: .relaxed).newValue
            if now / every != (now - count) / every { progress(.advanced(step, done: now)) }
        }
    }
}
