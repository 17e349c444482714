import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore
import Testing

/// The example flash plugin (Python) through the engine, like a built-in type: its examples are
/// its tests, and its replies conform to the published schema.
struct ExamplePluginTests {
    func flash() throws -> ProgramTypeHandle {
        try ExternalProgramType.handle(path: flashPlugin, fileID: "flash", limits: PluginLimits())
    }

    @Test("the flash plugin describes itself; its valid example loads and its invalid one fails as stated")
    func examples() throws {
        guard havePython() else { return }
        let type = try flash()
        #expect(type.description.name == "Flash mentoring")
        let harness = ProgramHarness(handle: type, plans: shippedPlans)
        let valid = type.description.examples.filter { $0.expectedError == nil }
        let invalid = type.description.examples.filter { $0.expectedError != nil }
        #expect(!valid.isEmpty && !invalid.isEmpty)
        for example in valid {
            #expect(harness.load(example.yaml).diagnostics.map(\.description) == [], "\(example.title)")
            let agendas = try #require(try harness.agendas(example.yaml)?.values.first)
            #expect(agendas.map(\.phase) == [.orientation, .ongoing, .closing])
            for agenda in agendas {
                #expect(agenda.items.reduce(0) { $0 + $1.minutes } == agenda.minutes)
                #expect(agenda.items.contains { $0.kind == .skill && $0.title.hasSuffix("presenting to council") })
            }
        }
        for example in invalid {
            let errors = harness.load(example.yaml).diagnostics.filter { $0.severity == .error }
            #expect(errors.map(\.message) == [example.expectedError], "\(example.title)")
            // The example says where its error points, and it does.
            #expect(errors.map(\.mark) == [try #require(example.expectedMark)], "\(example.title)")
        }
    }

    @Test("the flash plugin's measures count planned sessions, and held ones with a state")
    func measures() throws {
        guard havePython() else { return }
        let type = try flash()
        let yaml = try #require(type.description.examples.first?.yaml)
        let result = ProgramHarness(handle: type, plans: shippedPlans).load(yaml)
        let program = try #require(result.program)
        let group = program.groups[0]
        let agendas = try AgendaBuilder(program: program, plans: result.plans, type: type).agendas(for: group)
        #expect(
            try type.measures(for: group, agendas: agendas, state: nil, in: program)
                == [Measure("Focused sessions planned", "3")])
        var state = GroupState(group: group.id)
        state.meetings = [MeetingRecord(number: 1, held: true, notes: "private"), MeetingRecord(number: 2, held: false)]
        #expect(
            try type.measures(for: group, agendas: agendas, state: state, in: program)
                == [Measure("Focused sessions held", "1 of 3")])
    }

    @Test("a plugin claiming a built-in id is refused, naming both")
    func clash() throws {
        let path = try fakePlugin(id: "circle", body: "exit 0")
        let handle = try ExternalProgramType.handle(path: path, fileID: "circle", limits: PluginLimits(timeout: 5))
        #expect(throws: RegistryError.clash("circle", first: .compiled, second: .external(path: path))) {
            _ = try BuiltInProgramTypes.registry.adding([handle])
        }
        let message = RegistryError.clash("circle", first: .compiled, second: .external(path: path)).description
        #expect(
            message == "program type id 'circle' is claimed twice: by the built-in type and by plugin '\(path)'; "
                + "rename the plugin (its file is 'mentor-program-ID') or remove one of them")
    }

    @Test("discovery: plugins/ first, then PATH; non-executable and badly named files get warnings")
    func discovery() throws {
        let root = try scripts([
            "plugins/mentor-program-alpha": "#!/bin/sh\n",
            "plugins/mentor-program-Bad_Name": "#!/bin/sh\n",
            "bin/mentor-program-alpha": "#!/bin/sh\n",
            "bin/mentor-program-gamma": "#!/bin/sh\n",
            "bin/unrelated": "#!/bin/sh\n",
        ])
        let plain = root.appending(path: "plugins/mentor-program-beta")
        try "#!/bin/sh\n".write(to: plain, atomically: true, encoding: .utf8)
        let plugins = root.appending(path: "plugins").path
        let bin = root.appending(path: "bin").path
        let found = PluginDiscovery.find(folders: [plugins], searchPath: "/nonexistent:\(bin)")
        #expect(
            found.candidates == [
                .init(id: "alpha", path: plugins + "/mentor-program-alpha", place: "plugins folder"),
                .init(id: "gamma", path: bin + "/mentor-program-gamma", place: "PATH"),
            ])
        #expect(
            found.warnings == [
                "'\(plugins)/mentor-program-Bad_Name' looks like a program type plugin, but 'Bad_Name' is not lowercase words "
                    + "joined by '-'; rename it 'mentor-program-ID'",
                "'\(plugins)/mentor-program-beta' looks like the program type plugin 'beta' but is not executable; "
                    + "run 'chmod +x \(plugins)/mentor-program-beta'",
            ])
        #expect(PluginDiscovery.folder(besideProgram: "Plans/examples/x.yaml") == "Plans/examples/plugins")
        #expect(PluginDiscovery.folder(besideProgram: "x.yaml") == "plugins")
    }
}
