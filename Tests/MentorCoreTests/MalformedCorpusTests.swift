import BuiltInProgramTypes
import Foundation
import MentorCore
import ShippedPlans
import Testing

/// Every file (or folder of files) in `Malformed/` is a broken template that states, in
/// `# expect: FILE:LINE:COLUMN: error: MESSAGE` comments, exactly the diagnostics it must produce.
struct MalformedCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Malformed")

    /// Case names: `name.yaml` files and folders directly in `Malformed/`.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || !$0.contains(".") }.sorted()
    }()

    static let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }

    /// The case's files, with paths relative to `Malformed/` as the expectations name them.
    static func sources(of name: String) throws -> [PlanSource] {
        let url = root.appending(path: name)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let paths =
            isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { "\(name)/\($0)" }
            : [name]
        // Read as the CLI reads files, so that cases with bad bytes (not UTF-8, NUL) load too.
        return try paths.map { path in
            var source = try PlanSource.read(path: root.appending(path: path).path)
            source.path = path
            return source
        }
    }

    /// The case's files as sources the loader reads from disk a piece at a time (`PlanSource.open`).
    static func fileSources(of name: String) throws -> [PlanSource] {
        try sources(of: name).map { read in
            var source = try PlanSource.open(path: root.appending(path: read.path).path)
            source.path = read.path
            return source
        }
    }

    static func expectations(in sources: [PlanSource]) -> [String] {
        sources.flatMap { source in
            source.text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
                guard let range = line.range(of: "# expect: ") else { return nil }
                return String(line[range.upperBound...])
            }
        }
    }

    @Test("the corpus has at least 40 malformed templates")
    func corpusSize() {
        #expect(Self.cases.count >= 40, "found \(Self.cases.count) cases in \(Self.root.path)")
    }

    @Test("a malformed template produces exactly the diagnostics it expects", arguments: cases)
    func malformed(_ name: String) throws {
        let sources = try Self.sources(of: name)
        let expected = Self.expectations(in: sources)
        try #require(!expected.isEmpty, "\(name) states no '# expect:' line")
        let result = PlanLoader(programTypes: BuiltInProgramTypes.registry.ids).load(sources, fallback: Self.shipped)
        #expect(result.diagnostics.map(\.description).sorted() == expected.sorted())
        #expect(result.hasErrors)
    }

    @Test("read from disk a piece at a time, a malformed template gives the same diagnostics and excerpts", arguments: cases)
    func malformedFromDisk(_ name: String) throws {
        let sources = try Self.sources(of: name)
        let files = try Self.fileSources(of: name)
        #expect(files.allSatisfy { $0.text.isEmpty && ($0.file != nil || $0.problem != nil) })
        let loader = PlanLoader(programTypes: BuiltInProgramTypes.registry.ids)
        let expected = loader.load(sources, fallback: Self.shipped).diagnostics
        let found = loader.load(files, fallback: Self.shipped).diagnostics
        #expect(found == expected)
        #expect(loader.check(files, fallback: Self.shipped).diagnostics == expected, "checked, not loaded (plans lint)")
        for (file, source) in zip(files, sources) {
            let lines = file.fileLines(Set(found.filter { $0.file == file.path }.map(\.mark.line)))
            for diagnostic in found where diagnostic.file == file.path {
                let text = source.text.isEmpty ? nil : source.text
                #expect(diagnostic.rendered(line: lines[diagnostic.mark.line]) == diagnostic.rendered(source: text))
            }
        }
    }
}
