// swift-tools-version:6.0
import PackageDescription

// The pipeline is split into one module per stage so that each stage can only
// see the stages before it: load → analyze → render → write. `Rapport` wires
// them together and is what the CLI and the tests call.
let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rapport", targets: ["RapportCLI"]),
        .library(name: "Rapport", targets: ["Rapport"]),
        .executable(name: "rapport-bench", targets: ["RapportBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hummingbird already resolves swift-crypto 4; 3.12.3 has all we use.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "RapportCore"),
        // The themes and the demo site, compiled into the binary (README, *Install*).
        .executableTarget(name: "RapportEmbed"),
        .plugin(name: "EmbedBuiltInFiles", capability: .buildTool(), dependencies: ["RapportEmbed"]),
        .target(name: "RapportBuiltIn", plugins: ["EmbedBuiltInFiles"]),
        .target(name: "RapportMarkdown", dependencies: ["CCmarkGFM"]),
        .target(
            name: "RapportLoad",
            dependencies: ["RapportCore", "RapportMarkdown", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "RapportAnalyze", dependencies: ["RapportCore"]),
        .target(name: "RapportRender", dependencies: ["RapportCore", "RapportAnalyze"]),
        .target(name: "RapportWrite", dependencies: ["RapportCore"]),
        // Encrypted portals: sealing on the build side, the unlock page and
        // its script (Browser/, compiled in by RapportBuiltIn) on the other.
        .target(
            name: "RapportSeal",
            dependencies: [
                "RapportCore", "RapportBuiltIn", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Browser"]
        ),
        .target(name: "RapportSample", dependencies: ["RapportCore"]),
        // Database sources (docs/guide.md#data-sources), each a module of its own.
        .target(name: "RapportSQLite", dependencies: ["CSQLite", "RapportLoad"]),
        .target(
            name: "RapportPostgres",
            dependencies: [
                "RapportCore", "RapportLoad", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Rapport",
            dependencies: [
                "RapportCore", "RapportLoad", "RapportAnalyze", "RapportRender", "RapportWrite",
                "RapportSeal", "RapportSample", "RapportBuiltIn", "RapportSQLite",
                "RapportPostgres",
            ]
        ),
        // `rapport serve`: the portal over HTTP, rebuilt as its files change.
        .target(
            name: "RapportServe",
            dependencies: [
                "Rapport", "RapportCore", "RapportRender", "RapportWrite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks that print figures (BENCHMARKS.md); run with bench/run.
        .executableTarget(
            name: "RapportBench",
            dependencies: [
                "Rapport", "RapportCore", "RapportLoad", "RapportAnalyze", "RapportRender", "RapportSample",
            ]
        ),
        .executableTarget(
            name: "RapportCLI",
            dependencies: [
                "Rapport", "RapportCore", "RapportLoad", "RapportSample", "RapportSeal", "RapportServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests mirror the sources: one target per module, what it tests
        // alone, plus the end-to-end target (the pipeline on fixture sites,
        // golden files, the real binary, serve, install) (docs/CONTRIBUTING.md#checks-and-measurements).
        // Fixture sites and golden files are in Tests/Fixtures and Tests/Golden.
        .target(
            name: "RapportTestSupport",
            dependencies: ["Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportRender", "CSQLite"],
            path: "Tests/RapportTestSupport"
        ),
        .testTarget(
            name: "RapportCoreTests",
            dependencies: ["Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportRender", "RapportSample"]
        ),
        .testTarget(
            name: "RapportLoadTests",
            dependencies: [
                "Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportRender", "RapportSample",
                "RapportTestSupport", "RapportWrite", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "RapportMarkdownTests", dependencies: ["Rapport", "RapportMarkdown", "RapportTestSupport"]),
        .testTarget(
            name: "RapportAnalyzeTests",
            dependencies: [
                "Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportMarkdown", "RapportRender",
                "RapportSample", "RapportTestSupport",
            ]
        ),
        .testTarget(
            name: "RapportRenderTests",
            dependencies: [
                "Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportRender", "RapportTestSupport",
                "RapportWrite", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "RapportSealTests", dependencies: ["RapportCore", "RapportLoad", "RapportSeal", "RapportTestSupport"]
        ),
        .testTarget(
            name: "RapportPostgresTests",
            dependencies: [
                "RapportPostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "RapportServeTests", dependencies: ["Rapport", "RapportServe", "RapportTestSupport"]),
        .testTarget(
            name: "RapportSampleTests",
            dependencies: ["RapportAnalyze", "RapportCore", "RapportLoad", "RapportSample", "RapportTestSupport"]
        ),
        .testTarget(
            name: "RapportTests",
            dependencies: [
                "Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportTestSupport", "RapportWrite",
            ]
        ),
        // The real `rapport` binary is built for it (RapportCLI).
        .testTarget(
            name: "RapportEndToEndTests",
            dependencies: [
                "Rapport", "RapportAnalyze", "RapportCore", "RapportLoad", "RapportTestSupport", "RapportWrite",
                "RapportCLI",
            ]
        ),
    ]
)
