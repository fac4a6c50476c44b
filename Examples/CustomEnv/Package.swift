// swift-tools-version:6.0
// A custom environment outside Dojo: the Catch game, its preset, and a `catch-dojo` executable on
// which every dojo command (train, eval, watch, check-env, envs, bench) works. See ../../README.md,
// "Your own environment".
import PackageDescription

let package = Package(
    name: "CustomEnv",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Dojo by relative path; from elsewhere use .package(url: "...", from: "0.1.0").
        .package(name: "Dojo", path: "../.."),
    ],
    targets: [
        // The environment itself: depends on the environment protocol and the scene types only.
        .target(name: "Catch",
                dependencies: [.product(name: "DojoRL", package: "Dojo"),
                               .product(name: "DojoScene", package: "Dojo"),
                               .product(name: "DojoRandom", package: "Dojo")]),
        // The command line: Dojo's, with Catch-v0 registered.
        .executableTarget(name: "catch-dojo",
                          dependencies: ["Catch", .product(name: "DojoCLI", package: "Dojo")]),
        .testTarget(name: "CatchTests",
                    dependencies: ["Catch",
                                   .product(name: "DojoCLI", package: "Dojo"),
                                   .product(name: "DojoRL", package: "Dojo"),
                                   .product(name: "DojoAgents", package: "Dojo")]),
    ],
    swiftLanguageModes: [.v5]
)
