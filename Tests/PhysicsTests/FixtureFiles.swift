import Foundation

@testable import Physics

/// Files in the test bundle's Fixtures folder, shared by the CT and MR fixture readers.
enum FixtureFiles {
    static func url(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw PhysicsError.invalidParameter(
                name: "fixture", value: "\(name).\(ext)", requirement: "must be in the test bundle's Fixtures")
        }
        return url
    }

    /// A raw little-endian float32 file `<name>.f32`.
    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: url(name, "f32"))
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
    }

    /// A JSON file `<name>.json` decoded as `T`.
    static func json<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name, "json")))
    }
}
