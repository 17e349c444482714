import Foundation
import Testing

@testable import ExternalProgramTypes

/// The replies a handle keeps: all of them for a command, the most recent for a server.
struct ReplyCacheTests {
    func output(_ text: String) -> PluginProcess.Output { PluginProcess.Output(stdout: Data(text.utf8), stderr: "") }

    @Test("with a limit, the oldest replies go first and the count never passes it")
    func bounded() {
        let cache = ReplyCache(limit: 3)
        for index in 0..<5000 {
            cache.store(output("reply \(index)"), for: Data("request \(index % 7 == 0 ? 0 : index)".utf8))
            #expect(cache.count <= 3)
        }
        #expect(cache.reply(to: Data("request 4999".utf8))?.stdout == Data("reply 4999".utf8))
        #expect(cache.reply(to: Data("request 4997".utf8)) != nil)
        #expect(cache.reply(to: Data("request 1".utf8)) == nil)
    }

    @Test("without a limit, every reply is kept")
    func unbounded() {
        let cache = ReplyCache()
        for index in 0..<100 { cache.store(output("\(index)"), for: Data("\(index)".utf8)) }
        #expect(cache.count == 100)
        #expect(cache.reply(to: Data("0".utf8))?.stdout == Data("0".utf8))
    }
}
