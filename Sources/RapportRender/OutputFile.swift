import RapportCore

/// One file of the portal: a path relative to the output folder and its bytes.
public struct OutputFile: Sendable, Equatable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// A file too large to hold at once (the accounts export at 100,000
/// accounts is 300 MB): written chunk by chunk, in order.
public struct StreamedFile: Sendable {
    public var path: String
    public var chunks: Int
    public var chunk: @Sendable (Int) -> [UInt8]

    /// All chunks in one array: for tests and small portfolios.
    public var bytes: [UInt8] { (0..<chunks).flatMap(chunk) }
}
