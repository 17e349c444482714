// 1,000 agendas through the Python flash example kept running by a PluginPool (protocol 2),
// against the same 1,000 for a built-in type (issue 15, item 3: within 5 ms per agenda).
// Run: swift package benchmark --target PluginPool   (needs python3)
import Benchmark
import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore
import ShippedPlans

/// The package root, from this file's place: Tests/Benchmarks/PluginPool/PluginPool.swift.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let flashFolder = root.appending(path: "Plugins/Examples/flash")
let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
let agendasPerRun = 1_000

/// Builds `agendasPerRun` agendas (every meeting of a group, one schedule and one agenda request
/// each for a plugin) of the program `yaml`, loaded with `handle` as its only type.
func agendas(_ benchmark: Benchmark, handle: ProgramTypeHandle, yaml: String) {
    let harness = ProgramHarness(handle: handle, plans: shipped)
    let loaded = harness.load(yaml)
    guard let program = loaded.program else {
        benchmark.error("the program did not load: \(loaded.diagnostics.prefix(3))")
        return
    }
    let builder = AgendaBuilder(program: program, plans: loaded.plans, type: handle)
    for _ in benchmark.scaledIterations {
        var items = 0
        for index in 0..<agendasPerRun {
            do {
                for agenda in try builder.agendas(for: program.groups[index % program.groups.count]) { items += agenda.items.count }
            } catch {
                benchmark.error("an agenda failed: \(error)")
                return
            }
        }
        blackHole(items)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(30),
        maxIterations: 10
    )
    let yaml = (try? String(contentsOf: flashFolder.appending(path: "flash.yaml"), encoding: .utf8)) ?? ""

    Benchmark("1,000 agendas, flash plugin through a PluginPool (protocol 2)") { benchmark in
        let pool: PluginPool
        do {
            pool = try PluginPool(
                path: flashFolder.appending(path: "plugins/mentor-program-flash").path, fileID: "flash",
                configuration: .init(processes: 1, idleTimeout: nil, limits: PluginLimits()))
        } catch {
            benchmark.error("the flash plugin did not start (python3 missing?): \(error)")
            return
        }
        defer { pool.shutdown() }
        // No reply cache: every agenda is a real schedule and agenda request.
        agendas(benchmark, handle: ExternalProgramType.handle(pool: pool), yaml: yaml)
        if pool.statistics.started != 1 { benchmark.error("the pool started \(pool.statistics.started) processes, not 1") }
    }

    Benchmark("1,000 agendas, built-in one-to-one (the same program)") { benchmark in
        guard let type = BuiltInProgramTypes.registry.type("one-to-one") else {
            benchmark.error("no built-in one-to-one type")
            return
        }
        agendas(benchmark, handle: type, yaml: yaml.replacing("type: flash", with: "type: one-to-one"))
    }
}
