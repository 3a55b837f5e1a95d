import RapportCore

/// Writes into a folder of another sink: one audience's portal inside the
/// output (docs/guide.md#publishing-privately).
public struct PrefixedSink: OutputSink {
    let base: any OutputSink
    let prefix: String

    public init(_ base: any OutputSink, folder: String) {
        self.base = base
        prefix = folder.hasSuffix("/") ? folder : folder + "/"
    }

    public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? { base.write(prefix + path, bytes) }

    public func write(_ path: String, text: String) -> Diagnostic? { base.write(prefix + path, text: text) }

    public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
        base.write(prefix + path, chunks: chunks, chunk: chunk)
    }
}
