import Diagnostics
import Foundation
import Testing

@testable import PlanYAML

/// `Parser(file:)` reads a file a piece at a time; everything it reports must be what
/// `Parser(text)` reports for the file's text, read and checked as `PlanSource.read` does.
struct FileInputTests {
    /// Writes `bytes` to a new file in a scratch folder and returns its path.
    static func file(_ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appending(path: "file-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appending(path: "t.yaml")
        try Data(bytes).write(to: url)
        return url.path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// What parsing `bytes` as a text gives: the invalid-UTF-8 error first (as a source read into
    /// memory reports it), else the tree as JSON or the parser's error.
    static func fromText(_ bytes: [UInt8], limits: Limits = .default) -> String {
        let (text, error) = bytes.withUnsafeBufferPointer { SourceText.decode($0) }
        if bytes.count > limits.maxBytes { return "\(YAMLError.sizeLimit(bytes: bytes.count, limit: limits.maxBytes))" }
        if let error { return "\(error)" }
        do { return "\(try Parser(text, limits: limits).document()?.json ?? .null)" } catch { return "\(error)" }
    }

    static func fromFile(_ path: String, limits: Limits = .default) -> String {
        do { return "\(try Parser(file: path, limits: limits).document()?.json ?? .null)" } catch { return "\(error)" }
    }

    static func same(_ bytes: [UInt8], limits: Limits = .default, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try file(bytes)
        defer { remove(path) }
        #expect(fromFile(path, limits: limits) == fromText(bytes, limits: limits), sourceLocation: sourceLocation)
    }

    /// A valid template of about `size` bytes (many chunks of the file reader).
    static func template(_ size: Int) -> String {
        var text = "plan: big\ntitle: Big\ntopics:\n"
        var index = 0
        while text.utf8.count < size {
            text += "  - id: t-\(index)\n    title: \"Topic \(index) – café\"\n    minutes: 5\n    prompts: [Why?, 'How?']\n"
            index += 1
        }
        return text
    }

    @Test("a file parses to the same tree as its text, across many chunks")
    func sameTree() throws {
        try Self.same(Array(Self.template(300_000).utf8))
        try Self.same(Array("plan: x\r\ntitle: y\r\n".utf8))
        try Self.same([])
        try Self.same(Array("# only a comment\n".utf8))
    }

    @Test("syntax errors, control characters and limits are reported as for the text, at the same marks")
    func sameErrors() throws {
        let big = Self.template(200_000)
        for text in [
            "plan: x\n\ttitle: y\n",
            "plan: x\ntitle: 'unclosed\n",
            big + "  - id: late\n\tminutes: 5\n",
            big + "title: \u{1}\n",
            "plan: x\nplan: y\n",
            "a: 1\n---\nb: 2\n",
            big + "topics: [\n",
        ] {
            try Self.same(Array(text.utf8))
        }
        try Self.same(Array("plan: x\ntitle: y\n".utf8), limits: Limits(maxBytes: 8))
        try Self.same(Array(big.utf8), limits: Limits(maxNodes: 1_000))
    }

    @Test("bytes that are not UTF-8 are the file's error wherever they are: first, last, across chunk boundaries, after a syntax error")
    func invalidUTF8() throws {
        let chunk = FileInput.chunkSize
        let good = Array(Self.template(3 * chunk).utf8)
        var cases: [[UInt8]] = [
            [0xFF] + good,
            good + [0xC3],
            Array("plan: x\ntitle: Caf".utf8) + [0xE9] + Array("\ntopics: []\n".utf8),
            Array("plan: x\n\ttitle: y\n".utf8) + good + [0x80], // a syntax error first, bad bytes later
        ]
        // A three-byte character and a bad sequence cut by each chunk boundary, at each offset.
        for shift in 0..<4 {
            var bytes = Array(good[0..<(chunk - shift)])
            bytes += Array("# €\n".utf8) + good[...]
            cases.append(bytes)
            var bad = Array(good[0..<(chunk - shift)])
            bad += [0x23, 0xE2, 0x82, 0x41] + good[...] // '#', then € cut short
            cases.append(bad)
            var surrogate = Array(good[0..<(2 * chunk - shift)])
            surrogate += [0x23, 0xED, 0xA0, 0x80, 0x0A] + good[...]
            cases.append(surrogate)
        }
        for bytes in cases { try Self.same(bytes) }
    }

    @Test("the streamed check finds the first bad byte the standard library's check finds, however the bytes are split")
    func utf8CheckMatches() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xE2, 0x82], [0xF0, 0x9F], [0xC3],
        ]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
                if Bool.random(using: &generator) { bytes += Array("ab cd".utf8) }
            }
            let expected = bytes.withUnsafeBufferPointer { SourceText.firstInvalidByte(in: $0) }
            var check = UTF8Check()
            var found: Int?
            var start = 0
            while start < bytes.count, found == nil {
                let end = min(bytes.count, start + Int.random(in: 1...5, using: &generator))
                found = bytes[start..<end].withUnsafeBytes { check.check($0, at: start) }?.offset
                start = end
            }
            if found == nil { found = check.finish()?.offset }
            #expect(found == expected, "\(bytes)")
        }
    }

    @Test("a file that is missing is an error at its first line that says so")
    func missing() {
        #expect(throws: YAMLError.self) { try Parser(file: "/nonexistent/t.yaml") }
        do {
            _ = try Parser(file: "/nonexistent/t.yaml")
        } catch {
            #expect(error.mark == Mark(line: 1, column: 1))
            #expect(error.message.contains("could not be read (no such file or directory)"))
        }
    }

    @Test("the lines a diagnostic shows are read from the file as the whole text would give them")
    func lines() throws {
        let text = "a\r\nb\rc\u{85}d\u{2028}e\n\nlast"
        var bytes = Array(text.utf8)
        bytes.insert(0xE9, at: 1) // not UTF-8: shown as U+FFFD
        let path = try Self.file(bytes)
        defer { Self.remove(path) }
        let whole = bytes.withUnsafeBufferPointer { SourceText.decode($0).text }
        let lines = SourceFileLines.read(Set(1...9), ofFile: path)
        for number in 1...9 {
            let diagnostic = Diagnostic(file: "t.yaml", mark: Mark(line: number, column: 2), message: "m")
            #expect(diagnostic.rendered(line: lines[number]) == diagnostic.rendered(source: whole), "line \(number)")
        }
        #expect(lines.count == 7)
        #expect(lines[1] == "a\u{FFFD}" && lines[6] == "" && lines[7] == "last")

        // A CRLF cut by a chunk boundary is one break, and a long file's last line is found.
        var long = [UInt8](repeating: UInt8(ascii: "x"), count: FileInput.chunkSize - 1) + Array("\r\nsecond\nthird".utf8)
        let longPath = try Self.file(long)
        defer { Self.remove(longPath) }
        #expect(SourceFileLines.read([2, 3, 4], ofFile: longPath) == [2: "second", 3: "third"])
        long = []
        let emptyPath = try Self.file(long)
        defer { Self.remove(emptyPath) }
        #expect(SourceFileLines.read([1], ofFile: emptyPath).isEmpty)
    }
}
