import Foundation

/// A fresh directory under the system's temporary directory, for one snapshot test.
struct SnapshotTestDirectory {
    /// The directory.
    let url: URL

    /// Creates a uniquely named, empty directory.
    init() throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("wharf-snapshot-XXXXXX").path
        var path = Array(template.utf8CString)
        guard mkdtemp(&path) != nil else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        url = URL(
            fileURLWithPath: String(decoding: path.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self),
            isDirectory: true
        )
    }

    /// A path inside the directory.
    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
