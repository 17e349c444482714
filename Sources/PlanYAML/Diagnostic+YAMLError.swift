import Diagnostics

extension Diagnostic {
    /// Creates an error diagnostic from a `YAMLError`.
    public init(file: String, error: YAMLError) {
        self.init(file: file, mark: error.mark, message: error.message)
    }
}
