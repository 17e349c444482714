import Foundation
import Testing

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny deterministic generator, so that a random
/// test that fails can be run again from its seed. The one copy the test targets share.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; the seed to start from.
    public var state: UInt64

    /// A generator starting from `state`.
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (a slight modulo bias, which tests don't mind).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True or false, evenly.
    public mutating func bool() -> Bool { next() & 1 == 1 }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}

/// What CI requires to be present: tests that need a tool skip without it on a developer's
/// machine, and fail in CI, which sets these variables to 1 and installs the tools.
public enum Required {
    /// `MENTORKIT_REQUIRE_PYTHON=1`: python3 with icalendar, jsonschema and selenium.
    public static let python = ProcessInfo.processInfo.environment["MENTORKIT_REQUIRE_PYTHON"] == "1"
    /// `MENTORKIT_REQUIRE_SERVICES=1`: PostgreSQL, Chromium and chromedriver.
    public static let services = ProcessInfo.processInfo.environment["MENTORKIT_REQUIRE_SERVICES"] == "1"

    /// True when `python3` runs here (the example plugin and the Python checks need it).
    public static let pythonRuns: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Whether a test that needs python3 (and the `modules` it imports) can go on: false when
    /// they can't be used here, after recording an issue (a failure) where python is required, as
    /// in CI. Every test that runs Python asks here, so "skip on a laptop, fail in CI" is one rule.
    public static func havePython(importing modules: String..., sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard pythonRuns else {
            if python { Issue.record("python3 is required here (MENTORKIT_REQUIRE_PYTHON=1)", sourceLocation: sourceLocation) }
            return false
        }
        guard !modules.isEmpty else { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var imported = false
        if (try? process.run()) != nil {
            process.waitUntilExit()
            imported = process.terminationStatus == 0
        }
        if !imported, python {
            let names = modules.joined(separator: " ")
            Issue.record("python3 with \(names) is required here (pip install \(names))", sourceLocation: sourceLocation)
        }
        return imported
    }
}
