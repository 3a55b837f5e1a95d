/// Where a build's files go: the staging folder for `build`, memory for a
/// preview server and for tests. Writes may come from several threads;
/// each returns the failure, if any, as a diagnostic at the file.
public protocol OutputSink: Sendable {
    func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic?
    func write(_ path: String, text: String) -> Diagnostic?
    /// A file made of `chunks` pieces, each made when it is needed.
    func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic?
}
