import ExternalProgramTypes
import Foundation
import MentorCore
import ShippedPlans
import TestSupport
import Testing

/// The package root, for the example plugin and the schemas.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The example flash plugin, as shipped.
let flashPlugin = packageRoot.appending(path: "Plugins/Examples/flash/plugins/mentor-program-flash").path

let shippedPlans = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }

/// False (after recording an issue when python is required) when python3 is missing.
func havePython(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    Required.havePython(sourceLocation: sourceLocation)
}

/// A fresh folder holding executable scripts (name → text).
func scripts(_ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-plugins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files {
        let url = folder.appending(path: name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
    return folder
}

/// What `describe` gives for a plugin whose reply's `type` holds `fields` after its id, name,
/// summary and roles (JSON text, e.g. `"examples":[]`): how the wire tests read one field of it.
func describedType(_ fields: String) throws -> Result<PluginProtocol.Described, ProgramTypeError> {
    let reply = #"{"protocol":1,"type":{"id":"fake","name":"Fake","summary":"A test type.","roles":["mentor: one"],\#(fields)}}"#
    let folder = try scripts(["mentor-program-fake": "#!/bin/sh\ncat > /dev/null\nprintf '%s' '\(reply)'\n"])
    let path = folder.appending(path: "mentor-program-fake").path
    return Result { () throws(ProgramTypeError) in
        try ExternalProgramType.describe(path: path, fileID: "fake", limits: PluginLimits(timeout: 5))
    }
}

/// A fake plugin: a shell script that answers `describe` like a real one and runs `body` for
/// every other request (the request is in the file `$REQ`).
func fakePlugin(id: String = "fake", hooks: [String] = ["validate", "schedule", "agenda", "measures"], body: String) throws -> String {
    let hookList = hooks.map { "\"\($0)\"" }.joined(separator: ",")
    let describe =
        #"{"protocol":1,"hooks":[\#(hookList)],"type":{"id":"\#(id)","name":"Fake","summary":"A test type.","roles":["mentor: one","mentees: one"],"examples":[]}}"#
    let script = """
        #!/bin/sh
        REQ=$(mktemp); cat > "$REQ"
        if grep -q '"request":"describe"' "$REQ"; then printf '%s' '\(describe)'; rm -f "$REQ"; exit 0; fi
        \(body)
        """
    return try scripts(["mentor-program-\(id)": script]).appending(path: "mentor-program-\(id)").path
}

/// A one-to-one style program file for a type `type`.
func pairProgram(type: String, minutes: Int = 60, extra: String = "") -> String {
    """
    program: Test Program
    type: \(type)
    starts: 2027-01-11
    meeting-minutes: \(minutes)
    \(extra)
    people:
      - { id: a, name: Ann, grade: 12 }
      - { id: b, name: Bo, grade: 9 }
    groups:
      - { id: g, mentor: a, mentees: [b], skills: [listening] }
    """
}
