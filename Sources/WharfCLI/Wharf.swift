import ArgumentParser

/// The `wharf` command: one binary for every Wharf server and tool.
@main
struct Wharf: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wharf",
        abstract: "Kubernetes-as-kernel toolkit: an etcd-compatible store and the servers around it.",
        version: WharfVersion.current,
        subcommands: [Up.self, Brain.self, APIServerCommand.self, Certs.self, Bench.self]
    )
}

/// The version of this build of Wharf.
enum WharfVersion {
    static let current = "0.1.0"
}
