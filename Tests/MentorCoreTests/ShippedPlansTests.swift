import Foundation
import MentorCore
import ShippedPlans
import Testing

struct ShippedPlansTests {
    static let result = PlanLoader().load(ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) })

    @Test("every shipped template loads without a single diagnostic")
    func clean() {
        #expect(Self.result.diagnostics.map(\.description) == [])
        #expect(Self.result.plans.count == ShippedPlans.templates.count)
    }

    @Test(
        "the shipped plans are the three parts plus orientation, check-in and closing",
        arguments: [
            ("career", Phase.ongoing), ("development-needs", .ongoing), ("current-workplace", .ongoing),
            ("orientation", .orientation), ("check-in", .checkIn), ("closing", .closing),
        ])
    func parts(_ id: String, _ phase: Phase) throws {
        let plan = try #require(Self.result.plan(id))
        #expect(plan.topics.count >= 4)
        #expect(plan.topics.allSatisfy { $0.phase == phase })
        #expect(plan.topics.allSatisfy { !$0.prompts.isEmpty })
        #expect((30...120).contains(plan.totalMinutes), "\(id): \(plan.totalMinutes) minutes")
    }

    @Test("the first meeting covers both sides' expectations, logistics, boundaries and confidentiality")
    func orientation() throws {
        let plan = try #require(Self.result.plan("orientation"))
        let leads = Set(plan.topics.map(\.lead))
        #expect(leads.isSuperset(of: [.mentor, .mentee]))
        let text = plan.topics.map { ($0.title + " " + $0.prompts.joined(separator: " ")).lowercased() }.joined()
        for word in ["expect", "confidential", "boundar", "six-month", "no-fault"] {
            #expect(
                text.contains(word) || plan.topics.contains { $0.id.contains(word) || $0.title.lowercased().contains(word) },
                "orientation never mentions '\(word)'")
        }
    }

    @Test("trouble with a manager or peers is confidential")
    func confidential() throws {
        let plan = try #require(Self.result.plan("current-workplace"))
        #expect(plan.topics.filter(\.confidential).count >= 1)
    }

    @Test("new-supervisor shows extends: it starts from career and changes it")
    func extendsExample() throws {
        let plan = try #require(Self.result.plan("new-supervisor"))
        let career = try #require(Self.result.plan("career"))
        #expect(plan.extends == "career")
        let shared = Set(plan.topics.map(\.id)).intersection(career.topics.map(\.id))
        #expect(!shared.isEmpty && shared.count < career.topics.count)
        #expect(plan.topics.count > shared.count)
    }

    @Test("the embedded copy is the Plans/ folder as it is on disk")
    func embeddedIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for file in ShippedPlans.files {
            let disk = try String(contentsOf: root.appending(path: file.path), encoding: .utf8)
            #expect(disk == file.contents, "\(file.path) differs from the embedded copy")
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: root.appending(path: "Plans").path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(ShippedPlans.templates.count == onDisk.count)
    }
}
