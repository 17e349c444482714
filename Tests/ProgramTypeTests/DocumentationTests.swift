import BuiltInProgramTypes
import Foundation
import MentorCore
import Testing

/// Keeps the DocC articles honest: their examples must load, and the worked example must be the
/// code that `DocExampleTests` compiles and tests.
@Suite("The documentation's examples")
struct DocumentationTests {
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Sources/MentorCore/MentorCore.docc")

    /// The fenced code blocks of `language` in an article, in order.
    static func blocks(_ language: String, in article: String) throws -> [String] {
        let text = try String(contentsOf: catalog.appending(path: article), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append((current ?? []).joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("every plan template in the plan reference loads without a problem")
    func planBlocks() throws {
        let plans = try Self.blocks("yaml", in: "PlanTemplateReference.md").filter { $0.contains("\nplan: ") || $0.hasPrefix("plan: ") }
        #expect(plans.count == 2)
        for (index, yaml) in plans.enumerated() {
            let result = PlanLoader().load([PlanSource(path: "block-\(index).yaml", text: yaml)], fallback: ExampleTests.shipped)
            #expect(result.diagnostics.map(\.description) == [], "block \(index)")
            #expect(result.plans.count == 1)
        }
    }

    @Test("every program file in the program reference loads without a problem")
    func programBlocks() throws {
        let programs = try Self.blocks("yaml", in: "ProgramFileReference.md").filter { $0.hasPrefix("program: ") }
        #expect(programs.count == 1)
        for yaml in programs {
            let result = ProgramLoader(registry: BuiltInProgramTypes.registry)
                .load(PlanSource(path: "program.yaml", text: yaml), shippedPlans: ExampleTests.shipped)
            #expect(result.diagnostics.map(\.description) == [])
            #expect(result.program?.groups.map(\.id) == ["ruiz-lin"])
        }
    }

    @Test("the lint output the plan reference shows is what lint prints for that mistake")
    func lintOutput() throws {
        let shown = try #require(try Self.blocks("text", in: "PlanTemplateReference.md").first { $0.contains("minuts") })
        let broken =
            "plan: career\ntitle: Your career\ntopics:\n  - id: direction\n    title: Where you want to go\n"
            + "    minuts: 10\n    prompts: [Where do you want to be in five years?]\n"
        let result = PlanLoader().load([PlanSource(path: "Plans/career.yaml", text: broken)])
        let rendered = result.diagnostics.map { $0.rendered(source: broken) }
        #expect(rendered.count == 1)
        #expect(shown.hasPrefix(try #require(rendered.first)))
    }

    @Test("the worked example in 'Writing a program type' is the tested code")
    func workedExample() throws {
        let shown = try #require(try Self.blocks("swift", in: "WritingAProgramType.md").first)
        let tests = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appending(path: "DocExampleTests.swift"), encoding: .utf8)
        let start = try #require(tests.range(of: "// snippet: situational\n"))
        let end = try #require(tests.range(of: "// end snippet"))
        #expect(shown == String(tests[start.upperBound..<end.lowerBound]))
    }
}
