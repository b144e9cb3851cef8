// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way (see README, "Layout"): the engines (Core, Geo, Registry, Apportionment,
// Elections, Districting) are pure and country-agnostic; SaylauData holds Kazakhstan; SaylauReports renders;
// SaylauStore persists; SaylauServer and the `saylau` tool are thin faces.
let package = Package(
  name: "Saylau",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "SaylauCore", targets: ["SaylauCore"]),
    .library(name: "SaylauGeo", targets: ["SaylauGeo"]),
    .library(name: "SaylauRegistry", targets: ["SaylauRegistry"]),
    .library(name: "SaylauApportionment", targets: ["SaylauApportionment"]),
    .library(name: "SaylauData", targets: ["SaylauData"]),
    .library(name: "SaylauElections", targets: ["SaylauElections"]),
    .library(name: "SaylauDistricting", targets: ["SaylauDistricting"]),
    .library(name: "SaylauForensics", targets: ["SaylauForensics"]),
    .library(name: "SaylauReports", targets: ["SaylauReports"]),
    .library(name: "SaylauAccounts", targets: ["SaylauAccounts"]),
    .library(name: "SaylauInterchange", targets: ["SaylauInterchange"]),
    .library(name: "SaylauStore", targets: ["SaylauStore"]),
    .library(name: "SaylauServer", targets: ["SaylauServer"]),
    .library(name: "SaylauCluster", targets: ["SaylauCluster"]),
    .executable(name: "saylau", targets: ["saylau"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"6.0.0"),
    .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
  ],
  targets: [
    .target(name: "SaylauCore"),
    .target(name: "SaylauGeo", dependencies: ["SaylauCore"]),
    .target(name: "SaylauRegistry", dependencies: ["SaylauCore"]),
    .target(name: "SaylauApportionment", dependencies: ["SaylauCore"]),
    .target(
      name: "SaylauData",
      dependencies: [
        "SaylauCore", "SaylauGeo", "SaylauRegistry", "SaylauApportionment", "SaylauElections",
        "SaylauDistricting",
      ],
      resources: [.copy("Resources")]
    ),
    .target(name: "SaylauElections", dependencies: ["SaylauCore", "SaylauApportionment"]),
    // zlib, for the compact plan store of ensembles.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "SaylauDistricting", dependencies: ["SaylauCore", "SaylauGeo", "CZlib"]),
    // Election forensics: remarkable protocols and distribution tests, pure and seeded.
    .target(name: "SaylauForensics", dependencies: ["SaylauCore", "SaylauElections"]),
    .target(
      name: "SaylauReports",
      dependencies: [
        "SaylauCore", "SaylauGeo", "SaylauRegistry", "SaylauApportionment", "SaylauElections",
        "SaylauDistricting", "SaylauForensics", "SaylauData",
      ]
    ),
    // Accounts, roles, password hashing, secrets, the sign-in throttle: one job, used by the store and the
    // server.
    .target(
      name: "SaylauAccounts",
      dependencies: [
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // Results interchange: the NIST SP 1500-100 v2 export, the CSV exports, the printable protocol, and
    // their Ed25519 signatures.
    .target(
      name: "SaylauInterchange",
      dependencies: [
        "SaylauCore", "SaylauElections", "SaylauReports",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "SaylauStore",
      dependencies: [
        "SaylauCore", "SaylauApportionment", "SaylauRegistry", "SaylauElections",
        "SaylauDistricting", "SaylauData", "SaylauAccounts",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        // The C API of the same SQLite, for the bulk path's prepared statement (binding without boxing).
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .target(
      name: "SaylauServer",
      dependencies: [
        "SaylauCore", "SaylauGeo", "SaylauRegistry", "SaylauApportionment", "SaylauData",
        "SaylauElections",
        "SaylauDistricting", "SaylauReports", "SaylauStore", "SaylauAccounts",
        "SaylauForensics", "SaylauInterchange",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      resources: [.copy("Resources/openapi.json")]
    ),
    // Work shared out through PostgreSQL: distributed ensembles (jobs, leases, checkpoints).
    .target(
      name: "SaylauCluster",
      dependencies: [
        "SaylauCore", "SaylauDistricting", "SaylauData", "SaylauStore",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "saylau",
      dependencies: [
        "SaylauCore", "SaylauGeo", "SaylauRegistry", "SaylauApportionment", "SaylauData",
        "SaylauElections",
        "SaylauDistricting", "SaylauReports", "SaylauStore", "SaylauServer", "SaylauAccounts",
        "SaylauForensics", "SaylauCluster", "SaylauInterchange",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The fuzz targets of every reader (Fuzz/README.md): run by libFuzzer (Fuzz/build.sh) and by the seeded
    // mutation tests of SaylauFuzzTests.
    .target(
      name: "SaylauFuzzing",
      dependencies: [
        "SaylauCore", "SaylauGeo", "SaylauApportionment", "SaylauElections", "SaylauDistricting",
        "SaylauData", "SaylauReports",
      ],
      path: "Fuzz/Harness"
    ),
    // Shared test helpers: databases, the built binary, child processes, SVG inspection.
    .target(
      name: "SaylauTestSupport",
      dependencies: ["SaylauStore", "SaylauElections", "SaylauData"],
      path: "Tests/SaylauTestSupport"
    ),
    .testTarget(name: "SaylauCoreTests", dependencies: ["SaylauCore"]),
    .testTarget(name: "SaylauRegistryTests", dependencies: ["SaylauRegistry", "SaylauCore"]),
    .testTarget(name: "SaylauGeoTests", dependencies: ["SaylauGeo", "SaylauCore", "SaylauData"]),
    .testTarget(
      name: "SaylauApportionmentTests",
      dependencies: ["SaylauApportionment", "SaylauElections", "SaylauData"]),
    .testTarget(
      name: "SaylauDataTests",
      dependencies: ["SaylauData", "SaylauCore", "SaylauGeo", "SaylauRegistry"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SaylauElectionsTests",
      dependencies: [
        "SaylauElections", "SaylauApportionment", "SaylauData", "SaylauCore", "SaylauRegistry",
        "SaylauTestSupport",
      ]),
    .testTarget(
      name: "SaylauDistrictingTests",
      dependencies: [
        "SaylauDistricting", "SaylauData", "SaylauElections", "SaylauApportionment", "SaylauCore",
        "SaylauRegistry",
      ]),
    .testTarget(
      name: "SaylauForensicsTests",
      dependencies: ["SaylauForensics", "SaylauElections", "SaylauCore", "SaylauData"]),
    .testTarget(
      name: "SaylauReportsTests",
      dependencies: [
        "SaylauReports", "SaylauData", "SaylauElections", "SaylauCore", "SaylauGeo",
        "SaylauRegistry", "SaylauTestSupport", "SaylauForensics",
      ],
      // The reference pictures are read from the source tree (#filePath), not bundled.
      exclude: ["Reference"]),
    .testTarget(name: "SaylauCLITests", dependencies: ["saylau", "SaylauTestSupport"]),
    .testTarget(
      name: "SaylauInterchangeTests",
      dependencies: [
        "SaylauInterchange", "SaylauElections", "SaylauData", "SaylauCore", "SaylauTestSupport",
        "saylau",
      ]),
    .testTarget(
      name: "SaylauFuzzTests",
      dependencies: ["SaylauFuzzing", "SaylauCore"],
      resources: [.copy("Regressions")]),
    .testTarget(
      name: "SaylauStoreTests",
      dependencies: [
        "SaylauStore", "SaylauData", "SaylauCore", "SaylauRegistry", "SaylauElections", "saylau",
        "SaylauTestSupport", "SaylauAccounts",
      ]),
    .testTarget(
      name: "SaylauClusterTests",
      dependencies: [
        "SaylauCluster", "SaylauStore", "SaylauDistricting", "SaylauData", "saylau",
        "SaylauTestSupport",
      ]),
    .testTarget(
      name: "SaylauServerTests",
      dependencies: [
        "SaylauServer", "SaylauStore", "SaylauData", "SaylauCore", "SaylauRegistry",
        "SaylauElections", "saylau", "SaylauTestSupport", "SaylauAccounts", "SaylauInterchange",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      // The Selenium script of the browser test is run from the source tree.
      exclude: ["Browser"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
