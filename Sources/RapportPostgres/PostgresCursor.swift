import Foundation
import NIOCore
import PostgresNIO
import RapportLoad

/// The rows of one query, turned into text on the connection's event loop
/// and handed over in batches through a queue of a few batches: when the
/// loader falls behind, the event loop waits, stops reading the socket, and
/// the server waits — memory holds a few batches, never the table
/// (docs/guide.md#data-sources). The event loop is this connection's own,
/// so its waiting holds up nothing else.
final class PostgresCursor: RowCursor, @unchecked Sendable {
    /// Rows of text values: `ends[i]` is where value `i` ends in `bytes`,
    /// negative (minus the end, minus one) for NULL.
    struct Batch {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var rows = 0
    }

    enum Item {
        case batch(Batch)
        case end
        case failed(RowSourceFailure)
    }

    static let rowsPerBatch = 4096
    static let batchesAhead = 4

    let connection: PostgresRowConnection
    private let condition = NSCondition()
    private var queue: [Item] = []
    /// Set by the loader when it stops early: the event loop drops what is left.
    private var abandoned = false
    private var columnNames: [String]?

    // The loader's side.
    private var current = Batch()
    private var row = -1
    private var finished = false
    private(set) var columns: [String] = []

    init(connection: PostgresRowConnection) { self.connection = connection }

    private var done: EventLoopFuture<PostgresQueryMetadata>?

    func start(_ query: PostgresQuery) {
        let state = ProducerState()
        let done = connection.connection.query(query, logger: PostgresRowConnection.logger) { [self] row in
            if state.failed { return }
            if !state.started {
                state.started = true
                publishColumns(row.map(\.columnName))
            }
            for cell in row {
                if let bytes = cell.bytes {
                    guard PostgresCellText.append(bytes, type: cell.dataType, to: &state.batch.bytes) else {
                        state.failed = true
                        let type = PostgresCellText.name(of: cell.dataType)
                        push(
                            .failed(
                                RowSourceFailure(
                                    "column '\(cell.columnName)' is of type \(type), which Rapport does not read; "
                                        + "cast it in a query, as \(cell.columnName)::text")))
                        return
                    }
                    state.batch.ends.append(state.batch.bytes.count)
                } else {
                    state.batch.ends.append(-state.batch.bytes.count - 1)
                }
            }
            state.batch.rows += 1
            if state.batch.rows == Self.rowsPerBatch {
                push(.batch(state.batch))
                state.batch = Batch()
                state.batch.bytes.reserveCapacity(1 << 16)
            }
        }
        self.done = done
        done.whenComplete { [self] result in
            // Queued before the columns are published, so that the loader,
            // woken by them, finds why a query gave no rows.
            if !state.failed {
                switch result {
                case .success:
                    if state.batch.rows > 0 { push(.batch(state.batch)) }
                    push(.end)
                case .failure(let error):
                    push(.failed(PostgresRowConnection.failure(error)))
                }
            }
            if !state.started { publishColumns([]) }
        }
    }

    /// What the event loop keeps between rows; touched only there.
    private final class ProducerState: @unchecked Sendable {
        var started = false
        var failed = false
        var batch = Batch()
    }

    private func publishColumns(_ names: [String]) {
        condition.lock()
        columnNames = names
        condition.broadcast()
        condition.unlock()
    }

    private func push(_ item: Item) {
        condition.lock()
        defer { condition.unlock() }
        while !abandoned && queue.count >= Self.batchesAhead { condition.wait() }
        if !abandoned { queue.append(item) }
        condition.broadcast()
    }

    private func pop() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }

    /// Waits for the first row or the end; a query the server refuses throws here.
    func waitForColumns() throws(RowSourceFailure) {
        condition.lock()
        while columnNames == nil { condition.wait() }
        columns = columnNames!
        let failure: RowSourceFailure? =
            if case .failed(let failure)? = queue.first, columns.isEmpty { failure } else { nil }
        condition.unlock()
        if let failure {
            _ = drain()
            throw failure
        }
    }

    func next() throws(RowSourceFailure) -> Bool {
        row += 1
        while row >= current.rows {
            guard !finished else { return false }
            switch pop() {
            case .batch(let batch):
                current = batch
                row = 0
            case .end:
                finished = true
                current = Batch()
                return false
            case .failed(let failure):
                finished = true
                current = Batch()
                throw failure
            }
        }
        return true
    }

    func withValue<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        let place = row * columns.count + index
        let end = current.ends[place]
        guard end >= 0 else { return body(nil) }
        let previous = place == 0 ? 0 : current.ends[place - 1]
        let start = previous >= 0 ? previous : -previous - 1
        return current.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Lets the event loop run the query to its end without keeping rows;
    /// the failure that ended it, if any (the transaction must then restart).
    func drain() -> RowSourceFailure? {
        condition.lock()
        abandoned = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
        finished = true
        // Waited for, so a failure is known before the next query runs.
        do {
            _ = try done?.wait()
            return nil
        } catch {
            return PostgresRowConnection.failure(error)
        }
    }
}
