import ExternalProgramTypes
import Foundation
import MentorCore
import Testing

/// A plugin's `describe` reply may say how `mentor match` forms its groups; the engine reads it
/// into the same `MatchingPolicy` the built-in types declare, and rejects one it can't use.
struct MatchingPolicyWireTests {
    /// What `describe` gives for a plugin whose `type.matching` is `matching` (JSON text).
    func described(_ matching: String) throws -> Result<MatchingPolicy?, ProgramTypeError> {
        let reply =
            #"{"protocol":1,"type":{"id":"fake","name":"Fake","summary":"A test type.","roles":["mentor: one"],"examples":[],"matching":\#(matching)}}"#
        let folder = try scripts(["mentor-program-fake": "#!/bin/sh\ncat > /dev/null\nprintf '%s' '\(reply)'\n"])
        let path = folder.appending(path: "mentor-program-fake").path
        return Result { () throws(ProgramTypeError) in
            try ExternalProgramType.describe(path: path, fileID: "fake", limits: PluginLimits(timeout: 5)).description.matching
        }
    }

    @Test(
        "pairs, reverse pairs, circles and peer groups map onto MatchingPolicy",
        arguments: [
            (#"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2}"#, MatchingPolicy.seniorMentor),
            (#"{"grouping":"pairs","grade-gap":{"max":-2},"ideal-gap":-2}"#, MatchingPolicy.juniorMentor),
            (
                #"{"grouping":"pairs","grade-gap":{"min":1,"max":4},"ideal-gap":3}"#,
                MatchingPolicy(grouping: .pairs, gradeGap: 1...4, idealGap: 3)
            ),
            (
                #"{"grouping":"circles","grade-gap":{"min":2},"ideal-gap":3,"mentees":{"min":2,"max":6},"default-capacity":4}"#,
                MatchingPolicy(grouping: .circles(mentees: 2...6, defaultCapacity: 4), gradeGap: 2...Int.max, idealGap: 3)
            ),
            (
                #"{"grouping":"peer-groups","grade-spread":2,"size":{"min":3,"max":6},"target":4}"#,
                MatchingPolicy(grouping: .peerGroups(size: 3...6, target: 4), gradeGap: 0...2, idealGap: 0)
            ),
        ])
    func layouts(_ json: String, _ policy: MatchingPolicy) throws {
        #expect(try described(json).get() == policy)
    }

    @Test(
        "a matching policy the matcher can't use names its JSON path",
        arguments: [
            (
                #"{"grouping":"trios","grade-gap":{"min":2},"ideal-gap":2}"#,
                #"at $.type.matching.grouping expected one of "pairs", "circles", "peer-groups", found "trios""#
            ),
            (
                #"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":2,"mentees":{"min":2,"max":4}}"#,
                "at $.type.matching unexpected key 'mentees' (allowed: grouping, grade-gap, ideal-gap)"
            ),
            (
                #"{"grouping":"pairs","grade-gap":{"min":2}}"#,
                "at $.type.matching.ideal-gap expected a value (the key is required), found nothing"
            ),
            (
                #"{"grouping":"pairs","grade-gap":{},"ideal-gap":2}"#,
                "at $.type.matching.grade-gap expected an object with 'min', 'max' or both, found an object"
            ),
            (
                #"{"grouping":"pairs","grade-gap":{"min":3,"max":1},"ideal-gap":2}"#,
                "at $.type.matching.grade-gap.max expected a number not below 'min' (3), found 1"
            ),
            (
                #"{"grouping":"pairs","grade-gap":{"min":2},"ideal-gap":1}"#,
                "at $.type.matching.ideal-gap expected a gap inside 'grade-gap' (2 or more), found 1"
            ),
            (
                #"{"grouping":"circles","grade-gap":{"min":2},"ideal-gap":2,"mentees":{"min":2,"max":6},"default-capacity":9}"#,
                "at $.type.matching.default-capacity expected a circle size from 2 to 6 (see 'mentees'), found 9"
            ),
            (
                #"{"grouping":"peer-groups","grade-spread":2,"size":{"min":1,"max":6},"target":4}"#,
                "at $.type.matching.size.min expected a whole number from 2 to 1000, found 1"
            ),
            (
                #"{"grouping":"peer-groups","grade-spread":2,"size":{"min":3,"max":6},"target":8}"#,
                "at $.type.matching.target expected a size from 3 to 6 (see 'size'), found 8"
            ),
            (
                #"{"grouping":"peer-groups","grade-gap":{"max":2},"size":{"min":3,"max":6},"target":4}"#,
                "at $.type.matching unexpected key 'grade-gap' (allowed: grouping, grade-spread, size, target)"
            ),
        ])
    func rejected(_ json: String, _ message: String) throws {
        let result = try described(json)
        guard case .failure(let error) = result else {
            Issue.record("accepted \(json)")
            return
        }
        #expect(error.description.contains("answered badly: " + message + " during 'describe'"), "\(error)")
    }

    @Test("without 'matching' a plugin's type doesn't match")
    func absent() throws {
        let reply = #"{"protocol":1,"type":{"id":"fake","name":"Fake","summary":"A test type.","roles":["mentor: one"],"examples":[]}}"#
        let folder = try scripts(["mentor-program-fake": "#!/bin/sh\ncat > /dev/null\nprintf '%s' '\(reply)'\n"])
        let described = try ExternalProgramType.describe(
            path: folder.appending(path: "mentor-program-fake").path, fileID: "fake",
            limits: PluginLimits(timeout: 5))
        #expect(described.description.matching == nil)
    }
}
