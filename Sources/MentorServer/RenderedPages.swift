import Foundation
import MentorCore
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
/// each request joins the parts with its own token. A page whose key leaves out the visitor's
/// name (a dashboard, the same for all of a program's coordinators) is rendered with
/// ``nameMarker`` in the header instead, and each request puts its visitor's name there, escaped.
///
/// Pages are dropped least recently used first once they hold more than `budget` bytes.
final class RenderedPages<Key: Hashable & Sendable, Inputs: Equatable & Sendable>: Sendable {
    private struct Entry {
        var inputs: Inputs
        var page: Split
        var bytes: Int
        var used: UInt64
    }

    /// A page cut at its markers: `parts[0]`, then `fills[0]`'s value, then `parts[1]`, …
    private struct Split {
        var parts: [String]
        /// For each gap between parts, whether it takes the name (else the CSRF token).
        var fills: [Bool]

        /// Cuts `html` at each `stem` followed by "csrf" or "name" (``marker`` and ``nameMarker``).
        /// One pass over the bytes: searching the text for each marker in turn, character by
        /// character, cost more than the render it saved on a large dashboard.
        init(_ html: String, stem: String) {
            parts = []
            fills = []
            var html = html
            html.withUTF8 { page in
                var stem = stem
                stem.withUTF8 { stem in
                    guard let base = page.baseAddress, let stemBase = stem.baseAddress, stem.count > 0 else {
                        parts.append(String(decoding: page, as: UTF8.self))
                        return
                    }
                    let length = stem.count + 4
                    var start = 0
                    var from = 0
                    // memchr to the stem's first byte, then memcmp the rest (memmem is not in Glibc's Swift module).
                    while from < page.count,
                        let found = memchr(base + from, Int32(stemBase[0]), page.count - from)?.assumingMemoryBound(to: UInt8.self)
                    {
                        let at = base.distance(to: found)
                        guard at + length <= page.count else { break }
                        guard memcmp(found, stemBase, stem.count) == 0 else {
                            from = at + 1
                            continue
                        }
                        let tail = page[(at + stem.count)..<(at + length)]
                        let isName = tail.elementsEqual("name".utf8)
                        guard isName || tail.elementsEqual("csrf".utf8) else {
                            from = at + 1
                            continue
                        }
                        parts.append(String(decoding: page[start..<at], as: UTF8.self))
                        fills.append(isName)
                        start = at + length
                        from = start
                    }
                    parts.append(String(decoding: page[start...], as: UTF8.self))
                }
            }
        }

        var bytes: Int { parts.reduce(0) { $0 + $1.utf8.count } }

        /// The page with `csrf` and `name` (escaped) in place of the markers.
        func joined(csrf: String, name: String?) -> String {
            let name = name.map { AgendaRenderer.escape($0) } ?? ""
            var page = ""
            page.reserveCapacity(bytes + fills.count * max(csrf.utf8.count, name.utf8.count))
            for (index, part) in parts.enumerated() {
                if index > 0 { page += fills[index - 1] ? name : csrf }
                page += part
            }
            return page
        }
    }

    private struct Kept {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    /// What both markers start with (random, made when the server starts), then "csrf" or "name".
    private let stem: String
    /// What a kept page is rendered with instead of the visitor's CSRF token.
    let marker: String
    /// What a kept page is rendered with instead of the visitor's name, when its key leaves the name out.
    let nameMarker: String
    /// How many bytes of pages are kept at most.
    let budget: Int
    private let kept = Mutex(Kept())

    init(budget: Int = 32 << 20) {
        stem = "mk" + SignIn.randomToken()
        marker = stem + "csrf"
        nameMarker = stem + "name"
        self.budget = max(0, budget)
    }

    /// The page kept under `key` when it was made from `inputs`, with `csrf` as its token (and
    /// `name` in its header, when it was rendered with ``nameMarker``).
    func page(_ key: Key, inputs: Inputs, csrf: String, name: String? = nil) -> String? {
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
        return entry.page.joined(csrf: csrf, name: name)
    }

    /// Keeps `html`, rendered with ``marker`` as its CSRF token (and perhaps ``nameMarker`` as
    /// the visitor's name) from `inputs`, under `key`, and returns it with `csrf` and `name` in
    /// place of the markers.
    func keep(_ html: String, for key: Key, inputs: Inputs, csrf: String, name: String? = nil) -> String {
        let page = Split(html, stem: stem)
        let bytes = page.bytes
        if bytes <= budget {
            kept.withLock { kept in
                kept.clock += 1
                if let old = kept.entries[key] { kept.bytes -= old.bytes }
                kept.entries[key] = Entry(inputs: inputs, page: page, bytes: bytes, used: kept.clock)
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
        return page.joined(csrf: csrf, name: name)
    }

    /// `html`, rendered with the markers, with `csrf` and `name` in their place; not kept.
    func filled(_ html: String, csrf: String, name: String? = nil) -> String {
        Split(html, stem: stem).joined(csrf: csrf, name: name)
    }

    /// How many pages are kept, and their bytes (for tests).
    var held: (pages: Int, bytes: Int) { kept.withLock { ($0.entries.count, $0.bytes) } }
}
