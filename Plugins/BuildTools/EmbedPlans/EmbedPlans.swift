import Foundation
import PackagePlugin

/// Embeds the package's top-level `Plans/` folder into the target it is applied to, so that an
/// installed `mentor` finds the shipped templates from any directory without a resource bundle.
@main
struct EmbedPlans: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let plans = context.package.directoryURL.appending(path: "Plans")
        let inputs = Self.yamlFiles(under: plans)
        let output = context.pluginWorkDirectoryURL.appending(path: "ShippedPlans+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) shipped plan files",
                executable: try context.tool(named: "PlanEmbedder").url,
                arguments: [plans.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// Every `.yaml`/`.yml` file below `root`, sorted so the generated file is stable.
    static func yamlFiles(under root: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if ["yaml", "yml", "json"].contains(url.pathExtension) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }
}
