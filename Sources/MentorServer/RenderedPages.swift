import Synchronization

/// Pages rendered before, kept while what they were made from is unchanged, so that a page seen
/// again costs a comparison and a copy instead of its agendas and a Mustache render (rendering was
/// about half of the server's time under load; see BENCHMARKS.md, "mentor serve under load").
///
/// A page is kept with the `inputs` it was made from (a group's folded state, say) and used again
/// only when the caller's current inputs are equal. Everything else a page shows must be named by
/// its key (program file version, group, the visitor's role and name), so that two visitors who may
/// see different things never share a page.
///
/// The CSRF token differs for every session, so a kept page is rendered with ``marker`` in its
/// place (a random text made when the server starts, never sent to anyone) and kept split at it;
/// each request joins the parts with its own token.
///
/// Pages are dropped least recently used first once they hold more than `budget` bytes.
final class RenderedPages<Key: Hashable & Sendable, Inputs: Equatable & Sendable>: Sendable {
    private struct Entry {
        var inputs: Inputs
        var parts: [String]
        var bytes: Int
        var used: UInt64
    }

    private struct Kept {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    /// What a kept page is rendered with instead of the visitor's CSRF token.
    let marker: String
    /// How many bytes of pages are kept at most.
    let budget: Int
    private let kept = Mutex(Kept())

    init(budget: Int = 32 << 20) {
        marker = "csrf" + SignIn.randomToken()
        self.budget = max(0, budget)
    }

    /// The page kept under `key` when it was made from `inputs`, with `csrf` as its token.
    func page(_ key: Key, inputs: Inputs, csrf: String) -> String? {
        let entry: Entry? = kept.withLock { kept in
            guard var entry = kept.entries[key] else { return nil }
            kept.clock += 1
            entry.used = kept.clock
            kept.entries[key] = entry
            return entry
        }
        // Compared outside the lock: states kept by GroupStateCache share their arrays' storage, so
        // an unchanged one compares in a few steps, but a changed one may take longer.
        guard let entry, entry.inputs == inputs else { return nil }
        return entry.parts.joined(separator: csrf)
    }

    /// Keeps `html`, rendered with ``marker`` as its CSRF token from `inputs`, under `key`, and
    /// returns it with `csrf` in place of the marker.
    func keep(_ html: String, for key: Key, inputs: Inputs, csrf: String) -> String {
        let parts = html.split(separator: marker, omittingEmptySubsequences: false).map(String.init)
        let bytes = parts.reduce(0) { $0 + $1.utf8.count }
        if bytes <= budget {
            kept.withLock { kept in
                kept.clock += 1
                if let old = kept.entries[key] { kept.bytes -= old.bytes }
                kept.entries[key] = Entry(inputs: inputs, parts: parts, bytes: bytes, used: kept.clock)
                kept.bytes += bytes
                if kept.bytes > budget {
                    // Drop the least recently used until a quarter of the budget is free, so that
                    // this sort is rare.
                    for (old, entry) in kept.entries.sorted(by: { $0.value.used < $1.value.used }) {
                        if kept.bytes <= budget - budget / 4 { break }
                        kept.entries[old] = nil
                        kept.bytes -= entry.bytes
                    }
                }
            }
        }
        return parts.joined(separator: csrf)
    }

    /// `html`, rendered with ``marker`` as its CSRF token, with `csrf` in its place; not kept.
    func filled(_ html: String, csrf: String) -> String {
        html.split(separator: marker, omittingEmptySubsequences: false).joined(separator: csrf)
    }

    /// How many pages are kept, and their bytes (for tests).
    var held: (pages: Int, bytes: Int) { kept.withLock { ($0.entries.count, $0.bytes) } }
}
