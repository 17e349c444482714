import Foundation
import Hummingbird

/// Hummingbird's plain "hello" route, alone: the ceiling `Tests/LoadTest/load_test.py` measures
/// `mentor serve` against, on the same machine in the same run. Prints `listening on URL` as
/// `mentor serve` does. usage: HelloServer [PORT] (0, the default, picks a free one).
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 0
let router = Router()
router.get("/") { _, _ in "hello" }
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        // One write, unbuffered: the load test reads this line from a pipe.
        FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)\n".utf8))
    })
try await app.runService()
