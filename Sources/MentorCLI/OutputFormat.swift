import ArgumentParser
import Foundation

/// Formats for commands whose output people and programs both read.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
