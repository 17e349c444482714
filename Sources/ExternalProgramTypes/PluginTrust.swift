import Foundation

/// Decides whether a plugin file found on disk may run.
///
/// A plugin on the user's `PATH` (an absolute entry) runs: the user chose that folder. A plugin in
/// a project's `plugins/` folder, or in a relative `PATH` entry, is code that arrived with the
/// files being opened (a colleague's folder, a download, a clone), so it runs only when the trust
/// store lists its absolute path with the SHA-256 its content has now. Deciding runs nothing.
public enum PluginTrust {
    /// Whether a plugin may run.
    public enum Verdict: Sendable, Equatable {
        /// It may run: on `PATH`, or trusted with this content.
        case trusted
        /// It is in a project folder and was never trusted.
        case notTrusted
        /// It was trusted, but its content has changed since.
        case changed(trusted: String, now: String)
        /// It, or the list of trusted plugins, can't be read.
        case unreadable(reason: String)
    }

    /// The verdict on `candidate`; `store` is the trust store, or why it can't be used.
    public static func verdict(for candidate: PluginDiscovery.Candidate, store: Result<TrustStore, TrustError>) -> Verdict {
        guard candidate.needsTrust else { return .trusted }
        let trustStore: TrustStore
        switch store {
        case .success(let loaded): trustStore = loaded
        case .failure(let error): return .unreadable(reason: error.description)
        }
        guard let path = resolved(candidate.path), let entry = trustStore.entry(for: path) else { return .notTrusted }
        switch SHA256.hex(ofFile: path) {
        case .success(let hash): return hash == entry.sha256 ? .trusted : .changed(trusted: entry.sha256, now: hash)
        case .failure(let error): return .unreadable(reason: "can't read '\(candidate.path)': \(error.reason)")
        }
    }

    /// What refusing `candidate` for `verdict` tells the user, or nil when it is trusted.
    public static func refusal(_ candidate: PluginDiscovery.Candidate, _ verdict: Verdict) -> String? {
        let plugin = "program type plugin '\(candidate.id)' (\(candidate.path))"
        let trust = "mentor plugin trust \(shellQuoted(candidate.folder))"
        switch verdict {
        case .trusted:
            return nil
        case .notTrusted:
            return "\(plugin) is not trusted, so it was not run: it is in a project folder, not on your PATH; "
                + "if you trust its code, run '\(trust)'"
        case .changed(let trusted, let now):
            return "\(plugin) has changed since it was trusted (SHA-256 \(trusted.prefix(12))… then, \(now.prefix(12))… now), "
                + "so it was not run; read the change, then run '\(trust)' again"
        case .unreadable(let reason):
            return "\(plugin) was not run: \(reason)"
        }
    }

    /// The absolute path of `path` with symbolic links resolved, or nil when it doesn't exist.
    public static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A trust-store entry for the file at `path`: its resolved path and the SHA-256 of its content now.
    public static func entry(forFileAt path: String) throws(TrustError) -> TrustStore.Entry {
        guard let absolute = resolved(path) else {
            throw .unreadablePlugin(path: path, reason: String(cString: strerror(errno)))
        }
        switch SHA256.hex(ofFile: absolute) {
        case .success(let hash): return TrustStore.Entry(path: absolute, sha256: hash)
        case .failure(let error): throw .unreadablePlugin(path: path, reason: error.reason)
        }
    }

    /// `text` as a shell word: as it is when it holds only safe characters, else in single quotes.
    public static func shellQuoted(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+:@%=,")
        guard text.isEmpty || !text.allSatisfy(safe.contains) else { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
