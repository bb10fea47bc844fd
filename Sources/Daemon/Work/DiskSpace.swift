import Foundation

/// Free space of a folder's file system, as an unprivileged user may use it (`statvfs` f_bavail × f_frsize).
enum DiskSpace {
    static func freeBytes(_ folder: String) -> Int? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}
