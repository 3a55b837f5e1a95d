import Foundation
import PackagePlugin

/// Compiles the default theme (`themes/default`), the demo site
/// (`content/`) and the unlock page of encrypted portals
/// (`Sources/RapportSeal/Browser`) into the module it is applied to, so that the `rapport`
/// binary is the whole install (README, *Install*). Every file is an input,
/// and the list of files is part of the command line, so adding, changing
/// or removing one regenerates the embedded copy.
@main
struct EmbedBuiltInFiles: BuildToolPlugin {
    /// The folders embedded, relative to the package root.
    static let folders = ["themes", "content", "Sources/RapportSeal/Browser"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var relativePaths: [String] = []
        for folder in Self.folders {
            relativePaths += Self.files(under: root.appendingPathComponent(folder), prefix: folder)
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltInFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(relativePaths.count) files of themes/ and content/",
                executable: try context.tool(named: "RapportEmbed").url,
                arguments: [output.path, root.path] + relativePaths,
                inputFiles: relativePaths.map { root.appendingPathComponent($0) },
                outputFiles: [output]
            )
        ]
    }

    /// Regular files below `folder`, sorted, skipping hidden names (editor
    /// and system droppings such as `.DS_Store` are not part of a theme).
    static func files(under folder: URL, prefix: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            result.append(prefix + "/" + relative)
        }
        return result.sorted()
    }
}
