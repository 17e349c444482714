/// Bounds the parser enforces so that hostile or accidental input can't exhaust memory or time.
///
/// The defaults fit real plan templates with a wide margin: a 20 MB template with 1.5 million
/// nodes loads, while "billion laughs" (nine levels of ten aliases) is refused after about
/// ten thousand expanded nodes, in well under a millisecond.
public struct Limits: Sendable, Equatable {
    /// Largest input accepted, in bytes. Default 64 MiB.
    public var maxBytes: Int
    /// Deepest nesting of lists and mappings. Default 64.
    public var maxDepth: Int
    /// Most nodes in one document, counting alias expansions. Default 10 million.
    public var maxNodes: Int
    /// Most nodes that aliases may add by expansion, in total. Default 10,000.
    public var maxAliasExpansion: Int

    /// Creates limits; every argument has the default described on its property.
    public init(
        maxBytes: Int = 64 << 20, maxDepth: Int = 64,
        maxNodes: Int = 10_000_000, maxAliasExpansion: Int = 10_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// The default limits.
    public static let `default` = Limits()
}
