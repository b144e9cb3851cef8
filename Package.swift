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
        .executable(name: "saylau", targets: ["saylau"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        .executableTarget(
            name: "saylau",
            dependencies: [
                "SaylauCore", "SaylauGeo", "SaylauData", "SaylauElections", "SaylauDistricting", "SaylauReports",
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
    ],
    swiftLanguageModes: [.v6]
)
