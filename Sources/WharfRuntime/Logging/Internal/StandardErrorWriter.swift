import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes whole lines to file descriptor 2, one line at a time across the process.
///
/// Bypasses stdio buffering (a crash loses no buffered lines) and retries short writes and `EINTR`, under
/// a process-wide lock so lines from concurrent loggers never interleave.
enum StandardErrorWriter {
    private static let lock = Mutex<Void>(())

    static func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            Self.lock.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = unistd_write(bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // Standard error is gone; nothing sensible is left to do with a log line.
                    }
                }
            }
        }
    }

    private static func unistd_write(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.write(STDERR_FILENO, pointer, count)
        #elseif canImport(Glibc)
        return Glibc.write(STDERR_FILENO, pointer, count)
        #else
        return Musl.write(STDERR_FILENO, pointer, count)
        #endif
    }
}
