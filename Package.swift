// swift-tools-version:6.1
import PackageDescription

/// Language settings shared by every Wharf module: Swift 6 mode plus the three upcoming features
/// that keep existentials explicit and imports honest.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "wharf",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wharf", targets: ["WharfCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // L0: wire types and contracts, no I/O.
        .target(
            name: "EtcdWire",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(name: "StoreCore", swiftSettings: strictSettings),
        // A linearizability checker for recorded histories (tests only; no I/O).
        .target(name: "Linearizability", swiftSettings: strictSettings),
        // What the load generators share: latency percentiles, their clock, process memory.
        .target(name: "BenchSupport", swiftSettings: strictSettings),
        // The Common Expression Language: parser, checker and evaluator (no I/O).
        .target(name: "CEL", swiftSettings: strictSettings),
        .target(name: "KubeModel", dependencies: ["CEL"], swiftSettings: strictSettings),
        .target(
            name: "WharfRuntime",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // L1: engines.
        .target(
            name: "BrainEngine",
            dependencies: [
                "StoreCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "BrainPostgres",
            dependencies: [
                "BrainEngine",
                "StoreCore",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // L2: servers.
        .target(
            name: "WharfGRPC",
            dependencies: [
                "WharfRuntime",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EtcdService",
            dependencies: [
                "EtcdWire",
                "StoreCore",
                "WharfGRPC",
                "WharfRuntime",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "APIServer",
            dependencies: [
                "CEL",
                "KubeModel",
                "StoreCore",
                "WharfRuntime",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "EtcdClient",
            dependencies: [
                "EtcdWire",
                "StoreCore",
                "WharfGRPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EtcdBench",
            dependencies: ["BenchSupport", "EtcdClient", "EtcdService", "EtcdWire", "StoreCore", "WharfGRPC"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubeBench",
            dependencies: [
                "BenchSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),

        // L3: the `wharf` binary.
        .executableTarget(
            name: "WharfCLI",
            dependencies: [
                "APIServer",
                "BenchSupport",
                "BrainEngine",
                "BrainPostgres",
                "EtcdClient",
                "KubeModel",
                "EtcdBench",
                "KubeBench",
                "EtcdService",
                "StoreCore",
                "WharfGRPC",
                "WharfRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Test support and tests.
        .target(
            name: "WharfTestSupport",
            dependencies: ["StoreCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CELTests",
            dependencies: ["CEL"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubeModelTests",
            dependencies: ["KubeModel", "CEL", "WharfTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LinearizabilityTests",
            dependencies: ["Linearizability"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StoreCoreTests",
            dependencies: ["StoreCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WharfGRPCTests",
            dependencies: [
                "WharfGRPC",
                "EtcdWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BrainEngineTests",
            dependencies: ["BrainEngine", "StoreCore", "WharfTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WharfRuntimeTests",
            dependencies: [
                "WharfRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EtcdClientTests",
            dependencies: ["EtcdClient", "EtcdService", "EtcdWire", "StoreCore", "WharfGRPC"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "APIServerTests",
            dependencies: [
                "APIServer",
                "CEL",
                .product(name: "Crypto", package: "swift-crypto"),
                "BrainEngine",
                "KubeModel",
                "StoreCore",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BrainPostgresTests",
            dependencies: [
                "BrainEngine", "BrainPostgres", "StoreCore", "WharfTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BenchSupportTests",
            dependencies: ["BenchSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubeBenchTests",
            dependencies: ["KubeBench"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WharfIntegrationTests",
            dependencies: [
                "WharfTestSupport", "BenchSupport", "EtcdWire", "EtcdClient", "EtcdBench", "KubeBench", "Linearizability",
                "StoreCore", "WharfGRPC",
            ],
            exclude: ["python", "python-kubernetes"],
            swiftSettings: strictSettings
        ),
    ]
)
