import Foundation

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
}
