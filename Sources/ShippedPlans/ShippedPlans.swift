/// The plan templates shipped in the package's `Plans/` folder, embedded at build time.
public enum ShippedPlans {
    /// One shipped file: its path relative to the package (e.g. `Plans/career.yaml`) and its text.
    public struct File: Sendable, Equatable {
        /// Path relative to the package root, such as `Plans/career.yaml`.
        public let path: String
        /// The file's UTF-8 text, exactly as shipped.
        public let contents: String
    }

    /// Every shipped `.yaml`, `.yml` and `.json` file, sorted by path.
    public static var files: [File] {
        embedded.map { File(path: $0.path, contents: $0.contents) }
    }

    /// The shipped plan templates: YAML files directly in `Plans/` (examples in sub-folders excluded).
    public static var templates: [File] {
        files.filter { file in
            let rest = file.path.dropFirst("Plans/".count)
            return !rest.contains("/") && (rest.hasSuffix(".yaml") || rest.hasSuffix(".yml"))
        }
    }
}
