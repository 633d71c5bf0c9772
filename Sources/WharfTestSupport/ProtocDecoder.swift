public import Foundation

/// protoc as an independent decoder of Kubernetes' protobuf, loaded with the descriptors of
/// kubectl 1.33 (which `scripts/generate-kube-protobuf.py --descriptor-set` writes as a
/// FileDescriptorSet), so tests check Wharf's bytes against a peer rather than against Wharf's own
/// decoder.
public enum ProtocDecoder {
    /// The kubectl binary whose descriptors are used.
    public static let kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"

    /// The descriptor set, written once; `nil` when protoc, python3 or kubectl.1.33 is missing.
    public static let descriptorSet: URL? = {
        guard FileManager.default.fileExists(atPath: Self.kubectl), (try? Self.run(["which", "protoc"])) != nil else {
            return nil
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wharf-k8s-\(UUID().uuidString).pb")
        let script = PackageRoot.url.appendingPathComponent("scripts/generate-kube-protobuf.py").path
        guard (try? Self.run(["python3", script, "--descriptor-set", output.path, Self.kubectl])) != nil else {
            return nil
        }
        return output
    }()

    /// Whether protoc and the descriptors are available.
    public static var isAvailable: Bool { Self.descriptorSet != nil }

    /// protoc's text form of `bytes` decoded as `message` (fully qualified, such as
    /// `k8s.io.api.core.v1.Pod`).
    ///
    /// - Throws: When the descriptors are missing or protoc cannot decode the bytes.
    public static func decode(_ bytes: [UInt8], as message: String) throws -> String {
        guard let set = Self.descriptorSet else { throw CocoaError(.fileNoSuchFile) }
        return try Self.run(["protoc", "--decode=\(message)", "--descriptor_set_in=\(set.path)"], input: bytes)
    }

    /// The `raw` field (2) of an object's `k8s\0` magic and `runtime.Unknown` envelope, the message
    /// to hand to ``decode(_:as:)``; `nil` when the bytes are not such an object.
    public static func raw(ofObject object: [UInt8]) -> [UInt8]? {
        guard object.starts(with: [0x6B, 0x38, 0x73, 0x00]) else { return nil }
        var index = 4
        while index < object.count {
            let key = object[index]
            index += 1
            var length = 0
            var shift = 0
            while index < object.count, object[index] >= 0x80, shift < 35 {
                length |= Int(object[index] & 0x7F) << shift
                shift += 7
                index += 1
            }
            guard index < object.count, key & 7 == 2 else { return nil }
            length |= Int(object[index]) << shift
            index += 1
            guard length <= object.count - index else { return nil }
            if key >> 3 == 2 { return Array(object[index..<(index + length)]) }
            index += length
        }
        return nil
    }

    /// Runs a tool found on `PATH` and returns its standard output; throws when it fails.
    @discardableResult
    private static func run(_ arguments: [String], input: [UInt8] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: output, as: UTF8.self)
    }
}
