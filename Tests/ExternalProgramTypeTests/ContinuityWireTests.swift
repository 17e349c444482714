import ExternalProgramTypes
import Foundation
import MentorCore
import Testing

/// A plugin's `describe` reply may say when a group ends as people leave it; without it, any
/// exit ends the group, as before exits named who left.
struct ContinuityWireTests {
    /// What `describe` gives for a plugin whose `type` ends with `extra` (JSON text, e.g. `,"continuity":{...}`).
    func described(_ extra: String) throws -> Result<GroupContinuity, ProgramTypeError> {
        try describedType(#""examples":[]\#(extra)"#).map(\.description.continuity)
    }

    @Test(
        "a plugin states its rule, or keeps 'any exit ends the group'",
        arguments: [
            ("", GroupContinuity.anyExit),
            (#","continuity":{"mentors":1,"mentees":2}"#, GroupContinuity.below(mentors: 1, mentees: 2)),
            (#","continuity":{"peers":3}"#, GroupContinuity.below(peers: 3)),
        ])
    func rules(_ extra: String, _ expected: GroupContinuity) throws {
        #expect(try described(extra).get() == expected)
    }

    @Test(
        "a rule it can't use names its JSON path",
        arguments: [
            (#","continuity":{"mentors":2}"#, "$.type.continuity.mentors"),
            (#","continuity":{"mentee":1}"#, "$.type.continuity unexpected key 'mentee'"),
            (#","continuity":"pairs""#, "$.type.continuity"),
        ])
    func bad(_ extra: String, _ path: String) throws {
        guard case .failure(let error) = try described(extra) else {
            Issue.record("\(extra) was accepted")
            return
        }
        #expect(error.description.contains(path), "\(error)")
    }
}
