import Foundation
import PackagePlugin

/// Embeds the `Templates/` folder of the target it is applied to (the web app's Mustache page
/// templates, `Sources/MentorServer/Templates`) into that target, as `EmbeddedTemplates.files`, the way EmbedPlans embeds `Plans/`:
/// an installed `mentor serve` needs no resource bundle.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = target.directoryURL.appending(path: "Templates")
        let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)
        var inputs: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if ["mustache", "css"].contains(url.pathExtension) { inputs.append(url) }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) page templates",
                executable: try context.tool(named: "PlanEmbedder").url,
                arguments: [
                    templates.path(percentEncoded: false), output.path(percentEncoded: false),
                    "EmbeddedTemplates", "mustache,css",
                ],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
