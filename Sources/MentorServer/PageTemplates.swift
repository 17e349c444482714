import Foundation
import Mustache

/// A page template that can't be used: which file, where, and why.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    /// The template's file (`Templates/group.mustache`, or the overriding file's path).
    public var file: String
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column of the problem.
    public var column: Int
    /// What is wrong.
    public var message: String

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// The target's `Templates/` folder, embedded by the EmbedTemplates build plugin as `embedded`.
enum EmbeddedTemplates {}

/// The web app's Mustache templates: the shipped ones (`Sources/MentorServer/Templates/`, embedded
/// at build time), each replaceable by a file of the same name in an organization's own folder.
/// Loaded and checked once, at start.
struct PageTemplates: Sendable {
    let library: MustacheLibrary
    /// The stylesheet served at `/style.css`.
    let stylesheet: String
    /// Where each template came from, by name.
    let sources: [String: String]

    /// The template names every page needs.
    static let required = ["layout-top", "layout-bottom", "sign-in", "home", "group", "dashboard", "match", "exit-confirm", "message"]

    /// Loads the shipped templates, then those of `folder` (when given) over them.
    init(overrides folder: String?) throws(TemplateError) {
        var texts: [String: (path: String, text: String)] = [:]
        for (path, text) in EmbeddedTemplates.embedded {
            texts[Self.name(of: path)] = (path, text)
        }
        if let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for file in names.sorted() where file.hasSuffix(".mustache") || file.hasSuffix(".css") {
                let path = (folder as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw TemplateError(file: path, line: 1, column: 1, message: "can't be read; check its permissions")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw TemplateError(file: path, line: 1, column: 1, message: "is not UTF-8 text; save it as UTF-8")
                }
                texts[Self.name(of: file)] = (path, text)
            }
        }
        var library = MustacheLibrary()
        for (name, source) in texts where source.path.hasSuffix(".mustache") {
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: source.path, line: error.context.lineNumber, column: error.context.columnNumber,
                    message: Self.describe(error.error))
            } catch {
                throw TemplateError(file: source.path, line: 1, column: 1, message: "\(error)")
            }
        }
        for name in Self.required where library.getTemplate(named: name) == nil {
            throw TemplateError(
                file: "Templates/\(name).mustache", line: 1, column: 1,
                message: "the page template '\(name)' is missing; the shipped templates include it")
        }
        self.library = library
        stylesheet = texts["style"]?.text ?? ""
        sources = texts.mapValues(\.path)
    }

    /// `name` rendered with `values`: the page's HTML, every `{{value}}` escaped.
    func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    /// A whole page: the layout around the `name` template.
    func page(_ name: String, title: String, _ values: [String: Any]) -> String {
        var values = values
        values["title"] = title
        return render("layout-top", values) + render(name, values) + render("layout-bottom", values)
    }

    private static func name(of path: String) -> String {
        let file = (path as NSString).lastPathComponent
        return (file as NSString).deletingPathExtension
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with another name than it was opened with ({{/name}})"
        case .unfinishedName?: return "a tag is not finished; close it with }}"
        case .expectedSectionEnd?: return "a section is never closed; add {{/name}}"
        case .invalidSetDelimiter?: return "a set-delimiter tag is malformed"
        default: return "the template can't be parsed (\(error)); check the tag near here"
        }
    }
}
