import Foundation
import Testing

@testable import ExternalProgramTypes

/// The hash that recognises a trusted plugin, the store that records them, and the verdicts.
struct TrustTests {
    @Test("SHA-256 gives the FIPS 180-4 example digests, in one piece or many")
    func sha256Vectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { million.update(thousand) }
        #expect(million.finalHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Pieces that straddle block boundaries give the one-piece digest.
        let text = Array((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for size in [1, 13, 63, 64, 65, 200] {
            var hash = SHA256()
            for start in stride(from: 0, to: text.count, by: size) { hash.update(Array(text[start..<min(start + size, text.count)])) }
            #expect(hash.finalHex() == SHA256.hex(text), "pieces of \(size)")
        }
    }

    @Test("a file's SHA-256 is the one sha256sum prints")
    func sha256OfFile() throws {
        let folder = try scripts([:])
        let file = folder.appending(path: "big.bin")
        try Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sha256sum is missing")
        #expect(try SHA256.hex(ofFile: file.path).get() == String(printed.prefix(64)))
        #expect(throws: SHA256.FileReadError.self) { try SHA256.hex(ofFile: folder.appending(path: "none").path).get() }
    }

    @Test("the store's place: MENTORKIT_CONFIG_HOME, else XDG_CONFIG_HOME (when absolute), else ~/.config")
    func location() {
        #expect(
            TrustStore.location(["MENTORKIT_CONFIG_HOME": "/t/c", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/t/c/trusted-plugins.json")
        #expect(TrustStore.location(["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/mentorkit/trusted-plugins.json")
        #expect(TrustStore.location(["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/mentorkit/trusted-plugins.json")
        #expect(TrustStore.location([:]) == nil)
        #expect(throws: TrustError.noHome) { try TrustStore.load([:]) }
    }

    @Test("the store is written whole (mode 0600), read back, and entries are replaced and removed by path")
    func roundTrip() throws {
        let home = try scripts([:]).appending(path: "config")
        let environment = ["MENTORKIT_CONFIG_HOME": home.path]
        var store = try TrustStore.load(environment)
        #expect(store.entries.isEmpty, "a missing store is an empty one")
        #expect(!FileManager.default.fileExists(atPath: home.path), "reading never writes")
        let hash = String(repeating: "a", count: 64)
        let other = String(repeating: "b", count: 64)
        store.trust(.init(path: "/p/plugins/mentor-program-x", sha256: hash))
        store.trust(.init(path: "/p/plugins2/mentor-program-y", sha256: hash))
        #expect(store.trust(.init(path: "/p/plugins/mentor-program-x", sha256: other)) == hash)
        try store.save()
        let file = home.appending(path: "trusted-plugins.json").path
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["trusted-plugins.json"], "no temporary file left")
        var loaded = try TrustStore.load(environment)
        #expect(loaded == store)
        #expect(loaded.entry(for: "/p/plugins/mentor-program-x")?.sha256 == other)
        // A folder removes what is inside it, not a sibling whose name starts the same way.
        #expect(loaded.untrust("/p/plugins").map(\.path) == ["/p/plugins/mentor-program-x"])
        #expect(loaded.entries.map(\.path) == ["/p/plugins2/mentor-program-y"])
    }

    @Test("a damaged store is an error naming it, and is left as it is")
    func damaged() throws {
        let home = try scripts([:])
        let file = home.appending(path: "trusted-plugins.json")
        for text in ["{not json", #"{"version": 1, "plugins": [{"path": "relative", "sha256": "00"}]}"#, #"{"version": 9, "plugins": []}"#]
        {
            try text.write(to: file, atomically: true, encoding: .utf8)
            let error = #expect(throws: TrustError.self) { try TrustStore.load(["MENTORKIT_CONFIG_HOME": home.path]) }
            #expect(
                error?.description.hasPrefix("can't read the list of trusted plugins '\(file.path)': ") == true,
                "\(String(describing: error))")
            #expect(try String(contentsOf: file, encoding: .utf8) == text)
        }
    }

    @Test("a store that can't be written is an error, and the old one stays")
    func unwritable() throws {
        guard getuid() != 0 else { return } // root writes anywhere
        let home = try scripts([:])
        var store = try TrustStore.load(["MENTORKIT_CONFIG_HOME": home.path])
        store.trust(.init(path: "/a/mentor-program-a", sha256: String(repeating: "c", count: 64)))
        try store.save()
        let before = try Data(contentsOf: URL(fileURLWithPath: store.file))
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: home.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path) }
        store.trust(.init(path: "/b/mentor-program-b", sha256: String(repeating: "d", count: 64)))
        #expect(throws: TrustError.self) { try store.save() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.file)) == before)
    }

    @Test("verdicts: PATH runs; a project plugin runs only with the content it was trusted with")
    func verdicts() throws {
        let root = try scripts(["plugins/mentor-program-odd": "#!/bin/sh\necho one\n"])
        let home = root.appending(path: "config")
        let path = root.appending(path: "plugins/mentor-program-odd").path
        let project = PluginDiscovery.Candidate(id: "odd", path: path, place: "plugins folder")
        let onPath = PluginDiscovery.Candidate(id: "odd", path: path, place: "PATH")
        #expect(project.needsTrust && !onPath.needsTrust)
        var store = try TrustStore.load(["MENTORKIT_CONFIG_HOME": home.path])
        #expect(PluginTrust.verdict(for: onPath, store: .success(store)) == .trusted)
        #expect(PluginTrust.verdict(for: project, store: .success(store)) == .notTrusted)
        #expect(
            PluginTrust.refusal(project, .notTrusted) == "program type plugin 'odd' (\(path)) is not trusted, so it was not run: "
                + "it is in a project folder, not on your PATH; if you trust its code, run 'mentor plugin trust \(root.path)/plugins'")
        let entry = try PluginTrust.entry(forFileAt: path)
        store.trust(entry)
        #expect(PluginTrust.verdict(for: project, store: .success(store)) == .trusted)
        // Reached through a symbolic link, it is the same file.
        try FileManager.default.createSymbolicLink(
            atPath: root.appending(path: "link").path, withDestinationPath: root.appending(path: "plugins").path)
        let linked = PluginDiscovery.Candidate(
            id: "odd", path: root.appending(path: "link/mentor-program-odd").path, place: "plugins folder")
        #expect(PluginTrust.verdict(for: linked, store: .success(store)) == .trusted)
        try "#!/bin/sh\necho two\n".write(toFile: path, atomically: false, encoding: .utf8)
        let changed = PluginTrust.verdict(for: project, store: .success(store))
        #expect(changed == .changed(trusted: entry.sha256, now: SHA256.hex(Array("#!/bin/sh\necho two\n".utf8))))
        #expect(
            PluginTrust.refusal(project, changed)?.contains("has changed since it was trusted (SHA-256 \(entry.sha256.prefix(12))… then")
                == true)
        let broken = PluginTrust.verdict(for: project, store: .failure(.unreadable(file: "/c/t.json", reason: "bad")))
        #expect(broken == .unreadable(reason: TrustError.unreadable(file: "/c/t.json", reason: "bad").description))
        #expect(PluginTrust.shellQuoted("a b'c") == #"'a b'\''c'"#)
        #expect(PluginTrust.shellQuoted("plugins/x-1") == "plugins/x-1")
    }

    @Test("discovery runs nothing, ignores files named like built-in types, and treats relative PATH entries as project folders")
    func discovery() throws {
        let root = try scripts([
            "plugins/mentor-program-circle": "#!/bin/sh\ntouch \"$0.ran\"\n",
            "plugins/mentor-program-odd": "#!/bin/sh\ntouch \"$0.ran\"\n",
            "bin/mentor-program-even": "#!/bin/sh\ntouch \"$0.ran\"\n",
        ])
        let plugins = root.appending(path: "plugins").path
        // A relative PATH entry reaching root/bin from the current folder (which tests must not change).
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relativeBin = String(repeating: "../", count: depth) + root.appending(path: "bin").path.dropFirst()
        let result = PluginDiscovery.find(folders: [plugins], searchPath: relativeBin, reserved: ["circle", "peer"])
        #expect(
            result.candidates == [
                .init(id: "odd", path: plugins + "/mentor-program-odd", place: "plugins folder"),
                .init(id: "even", path: relativeBin + "/mentor-program-even", place: "PATH (relative entry)"),
            ])
        #expect(result.candidates.allSatisfy { $0.needsTrust })
        #expect(
            result.warnings == [
                "'\(plugins)/mentor-program-circle' is named like the built-in program type 'circle' and is "
                    + "ignored (never run): built-in types can't be replaced; give the plugin an id of its own, 'mentor-program-ID'"
            ])
        let ran = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".ran") }
        #expect(ran.isEmpty)
    }
}
