// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "bidui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bidui", targets: ["bidui"]),
        .executable(name: "bidui-ingest", targets: ["bidui-ingest"]),
        .executable(name: "bidui-bench", targets: ["bidui-bench"]),
        .executable(name: "bidui-synth", targets: ["bidui-synth"]),
        .executable(name: "bidui-normalize", targets: ["bidui-normalize"]),
        .executable(name: "bidui-match", targets: ["bidui-match"]),
        .executable(name: "bidui-eval", targets: ["bidui-eval"]),
        .executable(name: "bidui-reconcile", targets: ["bidui-reconcile"]),
        .executable(name: "bidui-report", targets: ["bidui-report"]),
        // libFuzzer harness (`make fuzz`); built normally it replays saved inputs instead.
        .executable(name: "bidui-fuzz", targets: ["bidui-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // System libraries, used only by the readers and writers that need them.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // Named apart from ZIPFoundation's own `CZLib` so both can live in one build.
        .systemLibrary(
            name: "CBiduiZlib", path: "Sources/CBiduiZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),

        .target(
            name: "BiduiCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Ingest",
            dependencies: [
                "BiduiCore", "CLibXML2", "CBiduiZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The readers' per-cell state lives in final classes; dynamic exclusivity checks on it
            // cost 7% of XLSX ingest (measured with perf on 1,000,000 rows).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // Canonical person records from raw cells (issue 5).
        .target(
            name: "Normalize",
            dependencies: ["BiduiCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            exclude: ["Tables/make_tables.py"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // Spreadsheet and text writers: the synthetic exports now, the officers' reports later.
        .target(
            name: "Match",
            dependencies: [
                "BiduiCore", "Normalize", "Ingest",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // DOMAIN.md's seven findings over the matched persons (issue 7).
        .target(
            name: "Reconcile",
            // Ingest's SheetDump reads the officers' filled-in work lists (核实结果, issue 9).
            dependencies: ["BiduiCore", "Normalize", "Ingest", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Writers", dependencies: ["BiduiCore", "CBiduiZlib"]),
        // The officers' work lists, the summary page and the machine contract, from the findings (issue 8).
        .target(
            name: "Report",
            dependencies: ["BiduiCore", "Normalize", "Match", "Reconcile", "Writers", .product(name: "GRDB", package: "GRDB.swift")]),
        // The synthetic population and its department exports, with their truth (issue 4).
        .target(name: "Synth", dependencies: ["BiduiCore", "Writers"]),
        .target(
            name: "BiduiCLI",
            dependencies: [
                "BiduiCore", "Ingest", "Normalize", "Match", "Reconcile", "Report", "Synth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(name: "bidui", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-ingest", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-synth", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-normalize", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-match", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-eval", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-reconcile", dependencies: ["BiduiCLI"]),
        .executableTarget(name: "bidui-report", dependencies: ["BiduiCLI"]),
        .executableTarget(
            name: "bidui-bench",
            dependencies: [
                "BiduiCore", "Ingest", "Writers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        // The fuzz targets (issue 10): raw bytes through the real readers, normalizers and parser.
        .target(name: "FuzzTargets", dependencies: ["BiduiCore", "Ingest", "Normalize"]),
        .executableTarget(name: "bidui-fuzz", dependencies: ["FuzzTargets"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "BiduiCoreTests", dependencies: ["BiduiCore", "TestSupport"],
            path: "Tests/BiduiCoreTests"),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "BiduiCore", "TestSupport"],
            path: "Tests/IngestTests"),
        .testTarget(
            name: "NormalizeTests", dependencies: ["Normalize", "Ingest", "Synth", "BiduiCore", "TestSupport"],
            path: "Tests/NormalizeTests"),
        .testTarget(
            name: "MatchTests", dependencies: ["Match", "Normalize", "Ingest", "Synth", "BiduiCore", "TestSupport"],
            path: "Tests/MatchTests"),
        .testTarget(
            name: "ReconcileTests", dependencies: ["Reconcile", "Match", "Normalize", "Ingest", "Synth", "BiduiCore", "TestSupport"],
            path: "Tests/ReconcileTests"),
        .testTarget(
            name: "ReportTests", dependencies: ["Report", "Reconcile", "Match", "Ingest", "Writers", "BiduiCore", "TestSupport"],
            path: "Tests/ReportTests"),
        .testTarget(
            name: "WritersTests", dependencies: ["Writers", "Ingest", "BiduiCore", "TestSupport"],
            path: "Tests/WritersTests"),
        .testTarget(
            name: "SynthTests", dependencies: ["Synth", "Ingest", "BiduiCore", "TestSupport"],
            path: "Tests/SynthTests"),
        .testTarget(
            name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "BiduiCore"],
            path: "Tests/FuzzRegressionTests"),
        .testTarget(
            name: "EndToEndTests", dependencies: ["BiduiCore", "Reconcile", "Report", "Ingest", "TestSupport"],
            path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
