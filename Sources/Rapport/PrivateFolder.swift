import Foundation

/// A folder only this user can open, outside the output: where an
/// encrypted portal's packets are printed from in clear (docs/guide.md#publishing-privately), removed when the build
/// ends.
enum PrivateFolder {
    static func make() -> String? {
        var template = Array((NSTemporaryDirectory() + "/rapport-print-XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let made = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: made)
        }
    }
}
