// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way: SaylauCore, SaylauGeo, SaylauElections and SaylauDistricting are pure
// (no I/O); SaylauData bundles the dataset; SaylauReports renders; the `saylau` tool is a thin face.
let package = Package(
    name: "Saylau",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SaylauCore", targets: ["SaylauCore"]),
        .library(name: "SaylauGeo", targets: ["SaylauGeo"]),
        .library(name: "SaylauData", targets: ["SaylauData"]),
        .library(name: "SaylauElections", targets: ["SaylauElections"]),
        .library(name: "SaylauDistricting", targets: ["SaylauDistricting"]),
        .library(name: "SaylauReports", targets: ["SaylauReports"]),
        .library(name: "SaylauStore", targets: ["SaylauStore"]),
        .library(name: "SaylauServer", targets: ["SaylauServer"]),
        .executable(name: "saylau", targets: ["saylau"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "SaylauCore"),
        .target(name: "SaylauGeo"),
        .target(
            name: "SaylauData",
            dependencies: ["SaylauCore", "SaylauGeo"],
            resources: [.copy("Resources")]
        ),
        .target(name: "SaylauElections", dependencies: ["SaylauCore"]),
        .target(name: "SaylauDistricting", dependencies: ["SaylauCore", "SaylauGeo"]),
        .target(name: "SaylauReports", dependencies: ["SaylauCore", "SaylauGeo", "SaylauElections", "SaylauData"]),
        .target(
            name: "SaylauStore",
            dependencies: [
                "SaylauCore", "SaylauData",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SaylauServer",
            dependencies: [
                "SaylauCore", "SaylauGeo", "SaylauData", "SaylauElections", "SaylauReports", "SaylauStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "saylau",
            dependencies: [
                "SaylauCore", "SaylauGeo", "SaylauData", "SaylauElections", "SaylauDistricting", "SaylauReports",
                "SaylauServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SaylauCoreTests", dependencies: ["SaylauCore"]),
        .testTarget(
            name: "SaylauDataTests", dependencies: ["SaylauData", "SaylauCore", "SaylauGeo"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SaylauElectionsTests", dependencies: ["SaylauElections", "SaylauData"]),
        .testTarget(name: "SaylauDistrictingTests", dependencies: ["SaylauDistricting", "SaylauData", "SaylauElections"]),
        .testTarget(
            name: "SaylauReportsTests", dependencies: ["SaylauReports", "SaylauData", "SaylauElections", "SaylauCore", "SaylauGeo"]),
        .testTarget(name: "SaylauCLITests", dependencies: ["saylau"]),
        .testTarget(name: "SaylauStoreTests", dependencies: ["SaylauStore", "SaylauData", "SaylauCore"]),
        .testTarget(
            name: "SaylauServerTests",
            dependencies: [
                "SaylauServer", "SaylauStore", "SaylauData", "SaylauCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
