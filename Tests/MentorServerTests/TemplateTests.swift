import Foundation
import Testing

@testable import MentorServer

/// Page templates: shipped ones embedded, an organization's folder replacing any of them, and a
/// broken template reported with its file and line.
struct TemplateTests {
    func folder(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    @Test("the shipped templates are embedded and parse")
    func shipped() throws {
        let templates = try PageTemplates(overrides: nil)
        for name in PageTemplates.required { #expect(templates.sources[name] == "Templates/\(name).mustache") }
        #expect(templates.stylesheet.contains("--accent"))
    }

    @Test("a Templates/ folder replaces a template and the stylesheet")
    func override() async throws {
        let path = try folder([
            "sign-in.mustache": "<h1>Acme mentoring: {{title}}</h1><input name=\"csrf\" value=\"{{csrf}}\">",
            "style.css": "body { color: rebeccapurple; }",
        ])
        let fixture = try ServerFixture(templates: path)
        try await fixture.test { client in
            let page = try await client.get("/sign-in")
            #expect(page.body.contains("<h1>Acme mentoring: Sign in</h1>"))
            #expect(try await client.get("/style.css").body == "body { color: rebeccapurple; }")
        }
    }

    @Test("a broken template names its file, line and column")
    func broken() throws {
        let path = try folder(["home.mustache": "<h1>Mine</h1>\n<ul>\n{{#groups}}<li>{{group}}</li>\n</ul>\n"])
        #expect(throws: TemplateError.self) { try PageTemplates(overrides: path) }
        do {
            _ = try PageTemplates(overrides: path)
        } catch {
            #expect(error.file == path + "/home.mustache")
            #expect(error.line >= 3)
            #expect(error.description.hasPrefix(path + "/home.mustache:\(error.line):"))
            #expect(error.message.contains("never closed"))
        }
    }
}
