import Foundation

/// Limits on one plugin call.
public struct PluginLimits: Sendable, Equatable {
    /// Seconds a call may take before the process is killed.
    public var timeout: Double
    /// Bytes of standard output accepted before the process is killed.
    public var outputLimit: Int

    /// Creates limits.
    public init(timeout: Double = 10, outputLimit: Int = 4 << 20) {
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// The defaults (10 s, 4 MiB), with the timeout from `MENTORKIT_PLUGIN_TIMEOUT` when it is usable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PluginLimits {
        var limits = PluginLimits()
        if let seconds = environment[timeoutVariable].flatMap(usableTimeout) { limits.timeout = seconds }
        return limits
    }

    /// A warning when `MENTORKIT_PLUGIN_TIMEOUT` is set but unusable, and so ignored.
    public static func environmentProblem(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let text = environment[timeoutVariable], usableTimeout(text) == nil else { return nil }
        return "\(timeoutVariable)='\(text)' is not a number of seconds above 0 and at most \(Int(longestTimeout)); "
            + "plugins get the default \(PluginError.seconds(PluginLimits().timeout))"
    }

    /// Seconds written in `text`, when above 0 and at most `longestTimeout`.
    private static func usableTimeout(_ text: String) -> Double? {
        guard let seconds = Double(text), seconds > 0, seconds <= longestTimeout else { return nil }
        return seconds
    }

    /// The environment variable that sets the timeout.
    public static let timeoutVariable = "MENTORKIT_PLUGIN_TIMEOUT"
    /// The longest timeout accepted: an hour (DispatchTime arithmetic overflows on huge values).
    static let longestTimeout = 3_600.0
}
