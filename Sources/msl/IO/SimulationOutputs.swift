import Foundation
import Graphics
import Imaging
import Physics

/// The files of one `msl simulate` run, collected in memory and written together: each image as
/// raw float32 and PNG (written by cairo through `Graphics`), then `simulation.json` last, so a folder
/// with a JSON file is complete.
struct SimulationOutputs {
    let folder: String
    private var files: [(name: String, data: Data)] = []
    private var pictures: [(name: String, image: RasterImage)] = []
    private var images: [String: [String: Double]] = [:]
    private var notes: [String: [String: Double]] = [:]

    init(folder: String) { self.folder = folder }

    var fileCount: Int { files.count + pictures.count + 1 }

    /// Adds `<name>.f32` and `<name>.png` (PNG windowed to `window`, default the image's range).
    mutating func add(_ name: String, _ image: Image2D, window: ClosedRange<Float>? = nil) {
        files.append(("\(name).f32", RawSliceFile.encode(image)))
        addPicture(name, image, window: window)
        images[name] = [
            "width": Double(image.width), "height": Double(image.height),
            "minimum": Double(image.pixels.min() ?? 0), "maximum": Double(image.pixels.max() ?? 0),
        ]
    }

    /// Adds only `<name>.png`.
    mutating func addPicture(_ name: String, _ image: Image2D, window: ClosedRange<Float>? = nil) {
        let range = window ?? ((image.pixels.min() ?? 0)...(image.pixels.max() ?? 1))
        pictures.append(("\(name).png", RasterImage(image, window: range)))
    }

    mutating func note(_ key: String, _ values: [String: Double]) { notes[key] = values }

    /// Writes every file atomically (temporary name, then rename), `simulation.json` last.
    func write(settings: SensorSimulation) throws {
        let directory = URL(fileURLWithPath: folder)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in files { try file.data.write(to: directory.appendingPathComponent(file.name), options: .atomic) }
            for picture in pictures { try picture.image.writePNG(to: directory.appendingPathComponent(picture.name)) }
            struct Summary: Encodable {
                let settings: SensorSimulation
                let images: [String: [String: Double]]
                let notes: [String: [String: Double]]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let summary = try encoder.encode(Summary(settings: settings, images: images, notes: notes))
            try summary.write(to: directory.appendingPathComponent("simulation.json"), options: .atomic)
        } catch {
            throw CommandLineError("\(folder): cannot write the simulation outputs: \(error.localizedDescription)")
        }
    }
}
