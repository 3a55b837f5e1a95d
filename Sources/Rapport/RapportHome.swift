import Foundation

/// Where the project's shipped files (themes/, content/) are: `RAPPORT_HOME`,
/// else the nearest folder above the running binary that has
/// `themes/default` (true for `.build/debug/rapport` in a checkout), else the
/// current folder.
public enum RapportHome {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["RAPPORT_HOME"], !home.isEmpty { return home }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("themes/default/templates").path) {
                return url.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return FileManager.default.currentDirectoryPath
    }

    /// A theme given by name (looked up in the site's `themes/`, then the
    /// project's) or by path.
    public static func theme(_ nameOrPath: String, site: String, home: String) -> String {
        var isDirectory: ObjCBool = false
        if nameOrPath.contains("/"), FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) {
            return nameOrPath
        }
        for candidate in [site + "/themes/" + nameOrPath, home + "/themes/" + nameOrPath]
        where FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue {
            return candidate
        }
        return nameOrPath.contains("/") ? nameOrPath : home + "/themes/" + nameOrPath
    }
}
