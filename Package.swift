// swift-tools-version: 6.1
// 6.1 is the lowest version whose manifest can enable package traits, which
// package-benchmark needs (`traits: ["MallocInterposer"]`).
import PackageDescription

/// A package-benchmark target: its folder must sit in a folder named `Benchmarks`.
func benchmark(_ name: String, dependencies: [Target.Dependency], exclude: [String] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies + [.product(name: "Benchmark", package: "benchmark")],
        path: "Tests/Benchmarks/\(name)",
        exclude: exclude,
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "MentorKit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mentor", targets: ["mentor"]),
        // What other packages reuse (README, "Use MentorKit as a library").
        .library(name: "MentorCore", targets: ["MentorCore"]),
        .library(name: "PlanYAML", targets: ["PlanYAML"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "BuiltInProgramTypes", targets: ["BuiltInProgramTypes"]),
        .library(name: "ExternalProgramTypes", targets: ["ExternalProgramTypes"]),
        .library(name: "ShippedPlans", targets: ["ShippedPlans"]),
        .library(name: "MentorStore", targets: ["MentorStore"]),
        .library(name: "MentorStorePostgres", targets: ["MentorStorePostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The PostgreSQL journal backend (shared deployments).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - Diagnostics (positions, messages, the caret renderer; no dependencies)
        // What every reader of a user's file reports with: the YAML parser, the roster CSV reader.
        .target(name: "Diagnostics"),

        // MARK: - YAML
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "PlanYAML", dependencies: ["CLibYAML", "Diagnostics"]),

        // MARK: - Matching (pure algorithms, no dependencies)
        .target(name: "Assignment"),

        // MARK: - Engine
        .target(name: "MentorCore", dependencies: ["PlanYAML", "Diagnostics"]),
        .executableTarget(name: "PlanEmbedder"),
        .plugin(
            name: "EmbedPlans", capability: .buildTool(), dependencies: ["PlanEmbedder"], path: "Plugins/BuildTools/EmbedPlans"),
        .target(name: "ShippedPlans", plugins: ["EmbedPlans"]),

        .target(name: "MentorMatch", dependencies: ["MentorCore", "Assignment", "Diagnostics", "PlanYAML"]),

        // MARK: - Progress journal
        .target(
            name: "MentorStore",
            dependencies: [
                "MentorCore", "Diagnostics", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the bulk insert's rows bound in place (BulkRows).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // PostgreSQL for shared deployments; MentorStore itself never depends on postgres-nio.
        .target(
            name: "MentorStorePostgres",
            dependencies: [
                "MentorStore",
                "MentorCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Program types (each imports MentorCore only)
        .target(name: "OneToOneProgram", dependencies: ["MentorCore"], path: "Plugins/ProgramTypes/OneToOne"),
        .target(name: "ReverseProgram", dependencies: ["MentorCore"], path: "Plugins/ProgramTypes/Reverse"),
        .target(name: "CircleProgram", dependencies: ["MentorCore"], path: "Plugins/ProgramTypes/Circle"),
        .target(name: "PeerProgram", dependencies: ["MentorCore"], path: "Plugins/ProgramTypes/Peer"),
        .target(
            name: "BuiltInProgramTypes",
            dependencies: ["MentorCore", "OneToOneProgram", "ReverseProgram", "CircleProgram", "PeerProgram"],
            path: "Plugins/ProgramTypes/BuiltIn"
        ),

        // MARK: - External program types (executables speaking a JSON protocol)
        // prctl (variadic) and an async-signal-safe signal handler, which Swift can't write.
        .target(name: "CProcessControl"),
        .target(name: "ExternalProgramTypes", dependencies: ["MentorCore", "PlanYAML", "Diagnostics", "CProcessControl"]),

        // MARK: - Mail (outbox folder or a mail command)
        .target(name: "Delivery", dependencies: ["MentorCore", "MentorStore"]),

        // MARK: - Web app
        .plugin(
            name: "EmbedTemplates", capability: .buildTool(), dependencies: ["PlanEmbedder"], path: "Plugins/BuildTools/EmbedTemplates"),
        .target(
            name: "MentorServer",
            dependencies: [
                "MentorCore",
                "MentorMatch",
                "PlanYAML",
                "MentorStore",
                "Delivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The page templates are data, embedded by EmbedTemplates, not sources or resources.
            exclude: ["Templates"],
            plugins: ["EmbedTemplates"]
        ),

        // MARK: - Command line
        .target(
            name: "MentorCLI",
            dependencies: [
                "MentorCore",
                "PlanYAML",
                "Diagnostics",
                "ShippedPlans",
                "BuiltInProgramTypes",
                "ExternalProgramTypes",
                "MentorStore",
                "MentorStorePostgres",
                "MentorMatch",
                "MentorServer",
                "Delivery",
                "CProcessControl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "mentor", dependencies: ["MentorCLI"]),

        // MARK: - Tests
        // What every test target shares: a seeded generator, and which tools CI requires.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PlanYAMLTests", dependencies: ["TestSupport", "PlanYAML", "Diagnostics"]),
        .testTarget(name: "AssignmentTests", dependencies: ["TestSupport", "Assignment"], exclude: ["Vectors"]),
        .testTarget(
            name: "MentorCoreTests",
            dependencies: ["TestSupport", "MentorCore", "PlanYAML", "Diagnostics", "ShippedPlans", "BuiltInProgramTypes"],
            exclude: ["Malformed"]),
        .testTarget(
            name: "MentorMatchTests", dependencies: ["TestSupport", "MentorMatch", "MentorCore", "BuiltInProgramTypes", "ShippedPlans"]),
        .testTarget(
            name: "MentorCLITests",
            dependencies: [
                "TestSupport", "MentorCLI", "mentor", "MentorStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "MentorServerTests",
            dependencies: [
                "TestSupport",
                "MentorServer", "MentorCore", "MentorStore", "Delivery", "BuiltInProgramTypes", "ExternalProgramTypes", "ShippedPlans",
                "mentor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Browser"]
        ),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "MentorCore", "MentorStore", "BuiltInProgramTypes", "ShippedPlans"]),
        .testTarget(
            name: "MentorStoreTests",
            dependencies: [
                "TestSupport", "MentorStore", "MentorStorePostgres", "MentorCore", "StoreWriter",
                "BuiltInProgramTypes", "ShippedPlans",
            ]),
        .executableTarget(
            name: "StoreWriter", dependencies: ["MentorStore", "MentorStorePostgres", "MentorCore"], path: "Tests/StoreWriter"),
        // The load test's ceiling: Hummingbird's plain "hello" route (Tests/LoadTest/load_test.py).
        .executableTarget(
            name: "HelloServer", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/LoadTest/HelloServer"),
        .testTarget(
            name: "ExternalProgramTypeTests",
            dependencies: [
                "TestSupport", "ExternalProgramTypes", "MentorCore", "BuiltInProgramTypes", "ShippedPlans",
            ]
        ),
        .testTarget(
            name: "ProgramTypeTests",
            dependencies: [
                "MentorCore", "BuiltInProgramTypes", "ShippedPlans", "OneToOneProgram", "ReverseProgram", "CircleProgram",
                "PeerProgram",
            ]
        ),

        // MARK: - Benchmarks (run with `swift package benchmark`)
        benchmark("PlanLoading", dependencies: ["MentorCore", "PlanYAML"], exclude: ["libyaml-floor.c", "process-compare.sh"]),
        benchmark("AgendaGeneration", dependencies: ["MentorCore", "BuiltInProgramTypes", "ShippedPlans"]),
        benchmark(
            "Matching", dependencies: ["Assignment", "MentorMatch", "MentorCore", "BuiltInProgramTypes", "ShippedPlans"],
            exclude: ["scipy_baseline.py", "make_roster.py"]),
        benchmark(
            "ProgressJournal", dependencies: ["MentorCore", "MentorStore", "MentorStorePostgres", "BuiltInProgramTypes", "ShippedPlans"],
            exclude: ["make_journal.py", "import_baseline.py"]),
        benchmark(
            "PluginPool", dependencies: ["ExternalProgramTypes", "MentorCore", "BuiltInProgramTypes", "ShippedPlans"],
            exclude: ["measure-agenda.sh"]),
    ],
    swiftLanguageModes: [.v6]
)
