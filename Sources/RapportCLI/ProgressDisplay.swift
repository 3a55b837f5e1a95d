import Foundation
import Rapport
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws a build's progress on standard error when it is a terminal: the
/// stage, the count and the rate, redrawn in place at most ten times a
/// second, and a line per finished stage with its time. Not on a terminal
/// (CI logs, pipes) it draws nothing, unless `timings` asks for the stage
/// lines — the figures `bench/run` reads.
final class ProgressDisplay: Sendable {
    struct State {
        var started: [BuildProgress.Step: ContinuousClock.Instant] = [:]
        var cpuAtStart: [BuildProgress.Step: Double] = [:]
        var totals: [BuildProgress.Step: Int] = [:]
        var lastDraw: ContinuousClock.Instant?
        var drawn = false
    }

    let live: Bool
    let timings: Bool
    let state = Mutex(State())

    init(quiet: Bool, timings: Bool) {
        live = !quiet && isatty(STDERR_FILENO) == 1
        self.timings = timings
    }

    var progress: BuildProgress {
        BuildProgress { [self] event in handle(event) }
    }

    static let nouns: [BuildProgress.Step: String] = [
        .load: "records", .analyze: "accounts", .render: "pages", .write: "files", .print: "PDFs",
    ]

    func handle(_ event: BuildProgress.Event) {
        guard live || timings else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            switch event {
            case .started(let step, let total):
                if state.started[step] == nil {
                    state.started[step] = now
                    if timings { state.cpuAtStart[step] = Self.cpuSeconds() }
                }
                if let total { state.totals[step] = total }
                if live { draw("\(step.rawValue)…", &state) }
            case .advanced(let step, let done):
                guard live, state.lastDraw.map({ now - $0 > .milliseconds(100) }) ?? true else { return }
                state.lastDraw = now
                let seconds = state.started[step].map { Self.seconds(now - $0) } ?? 0
                let total = state.totals[step].map { " / \(Self.grouped($0))" } ?? ""
                let rate =
                    seconds > 0
                    ? "  \(Self.grouped(Int(saturating: (Double(done) / seconds).rounded(.towardZero))))/s" : ""
                draw("\(step.rawValue)  \(Self.grouped(done))\(total) \(Self.nouns[step]!)\(rate)", &state)
            case .finished(let step, let count):
                let seconds = state.started[step].map { Self.seconds(now - $0) } ?? 0
                let line =
                    step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "\(Self.grouped(count)) \(Self.nouns[step]!) in \(String(format: "%.2f", seconds)) s"
                    + (timings ? timingDetails(step, seconds: seconds, state) : "")
                if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                state.drawn = false
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
    }

    private func draw(_ text: String, _ state: inout State) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
        state.drawn = true
    }

    /// CPU seconds the stage used (all threads, user and system) and the
    /// resident memory at its end: whether a stage keeps both cores busy.
    private func timingDetails(_ step: BuildProgress.Step, seconds: Double, _ state: State) -> String {
        let cpu = state.cpuAtStart[step].map { Self.cpuSeconds() - $0 }
        return (cpu.map { String(format: ", CPU %.2f s (%.0f%%)", $0, seconds > 0 ? $0 / seconds * 100 : 0) } ?? "")
            + (Self.residentMemory().map { ", resident \($0) MB" } ?? "")
    }

    /// User and system time of the whole process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's resident memory now, in MB (Linux: /proc/self/statm).
    static func residentMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }
}
