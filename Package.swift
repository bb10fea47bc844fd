// swift-tools-version: 6.0
// The msl package: one target per responsibility (see DESIGN.md §2); arrows point down this file.
import PackageDescription

/// Hot numeric loops: bounds checks off in release builds only; debug builds keep every check but are optimised,
/// since the tests run real networks and reconstructions that unoptimised Swift would take minutes over.
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)), .unsafeFlags(["-O"], .when(configuration: .debug)),
]
/// Optimised in every configuration: the phantom generator and the imaging core it builds on handle
/// millions of voxels in the tests, which unoptimised SIMD code would take minutes over.
let alwaysOptimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "msl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "msl", targets: ["msl"]),
        .library(name: "Tensor", targets: ["Tensor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CInotify",
            providers: [.apt(["libinotifytools0-dev"])]
        ),
        // C API over DCMTK (Debian libdcmtk-dev); its dcmtk.pc requires sndfile, so the libraries are named here.
        .target(
            name: "CDCMTK",
            cxxSettings: [.unsafeFlags(["-std=c++17", "-Wall"])],
            linkerSettings: [
                .linkedLibrary("dcmjpls"), .linkedLibrary("dcmtkcharls"), .linkedLibrary("dcmjpeg"),
                .linkedLibrary("ijg8"), .linkedLibrary("ijg12"), .linkedLibrary("ijg16"),
                .linkedLibrary("dcmnet"), .linkedLibrary("dcmimage"), .linkedLibrary("dcmimgle"), .linkedLibrary("dcmdata"),
                .linkedLibrary("oflog"), .linkedLibrary("ofstd"),
            ]
        ),

        // MARK: - Digests
        .target(name: "Digest", swiftSettings: numericSettings),

        // MARK: - Engine
        .target(
            name: "Tensor",
            dependencies: ["COpenBLAS"],
            swiftSettings: numericSettings
        ),

        // MARK: - Imaging and physics
        .target(
            name: "Imaging",
            dependencies: ["CZlib"],
            swiftSettings: alwaysOptimised
        ),
        .target(
            name: "Physics",
            dependencies: ["Imaging", "CFFTW"],
            swiftSettings: numericSettings
        ),

        // MARK: - Registration
        .target(
            name: "Registration",
            dependencies: ["Imaging"],
            swiftSettings: numericSettings
        ),

        // MARK: - DICOM
        .target(
            name: "DICOM",
            dependencies: ["Imaging", "Digest", "CDCMTK"]
        ),

        // MARK: - Command line
        .target(
            name: "Phantom",
            dependencies: ["Imaging", "DICOM"],
            resources: [.copy("Templates")],
            swiftSettings: alwaysOptimised
        ),
        .target(
            name: "Dataset",
            dependencies: ["Imaging", "Physics", "Registration", "Tensor", "Digest", "Phantom"],
            exclude: ["README.md"],
            swiftSettings: numericSettings
        ),

        .target(
            name: "MSLModel",
            dependencies: ["Tensor", "Imaging", "Digest", "Dataset", "Physics"],
            swiftSettings: numericSettings
        ),

        // MARK: - Reports and the pipeline
        .target(
            name: "Graphics",
            dependencies: ["CCairo", "Imaging"]
        ),
        .target(
            name: "Evaluation",
            dependencies: ["MSLModel", "Dataset", "Physics", "Imaging", "Graphics", "Tensor"]
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "Imaging", "Physics", "Registration", "DICOM", "Dataset", "MSLModel", "Graphics", "Digest",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Model")]
        ),

        // MARK: - The daemon
        .target(
            name: "Daemon",
            dependencies: [
                "Pipeline", "DICOM", "Imaging", "MSLModel", "Tensor", "Digest", "CInotify", "CSQLite",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),

        .target(
            name: "BenchmarkKit",
            dependencies: ["Tensor", "Imaging", "Physics", "DICOM", "Registration", "MSLModel"],
            swiftSettings: numericSettings
        ),
        .executableTarget(
            name: "msl",
            dependencies: [
                "Tensor",
                "Imaging",
                "Physics",
                "DICOM",
                "Registration",
                "Phantom",
                "Dataset",
                "MSLModel",
                "BenchmarkKit",
                "Graphics",
                "Pipeline",
                "Daemon",
                "Evaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        .testTarget(
            name: "TensorTests",
            dependencies: ["Tensor"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ImagingTests",
            dependencies: ["Imaging"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PhysicsTests",
            dependencies: ["Physics", "Imaging"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DICOMTests",
            dependencies: ["DICOM", "Imaging"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RegistrationTests",
            dependencies: ["Registration", "Imaging"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PhantomTests",
            dependencies: ["Phantom", "Imaging", "DICOM", "Registration"]
        ),
        .testTarget(
            name: "DatasetTests",
            dependencies: ["Dataset", "Phantom", "Imaging", "Physics", "Tensor"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MSLModelTests",
            dependencies: ["MSLModel", "Tensor", "Dataset", "Digest", "Physics", "Imaging"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GraphicsTests",
            dependencies: ["Graphics", "Imaging"]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "DICOM", "Imaging", "Phantom", "MSLModel", "Tensor"]
        ),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "MSLModel", "Dataset", "Phantom", "Imaging"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: ["Daemon", "Pipeline", "DICOM", "Imaging", "CSQLite"]
        ),
        .testTarget(
            name: "DigestTests",
            dependencies: ["Digest"]
        ),
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CFFTW", "CInotify"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["msl", "DICOM", "Imaging", "Registration", "Phantom", "Dataset", "Digest"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
