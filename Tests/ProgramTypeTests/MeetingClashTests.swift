import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import PeerProgram
import Testing

struct MeetingClashTests {
    static let people = """
          - { id: m1, name: Mia One, grade: 14 }
          - { id: m2, name: Max Two, grade: 14 }
          - { id: m3, name: Mo Three, grade: 14 }
          - { id: sam, name: Sam Lin, grade: 9 }
          - { id: ann, name: Ann Lee, grade: 9 }
        """

    func warnings(
        _ groups: String, type: any ProgramType.Type = OneToOneProgram.self, typeID: String = "one-to-one",
        people: String = people
    ) -> [String] {
        ProgramHarness(type: type, plans: shippedPlans)
            .load(programYAML(type: typeID, people: people, groups: groups)).diagnostics
            .filter { $0.severity == .warning }.map(\.description)
    }

    @Test("one mentee in two one-to-one groups meeting at the same hour gets a warning naming both groups")
    func menteeInTwoGroups() {
        let groups = "  - { id: a, mentor: m1, mentees: [sam] }\n  - { id: b, mentor: m2, mentees: [sam] }"
        #expect(
            warnings(groups) == [
                "program.yaml:13:5: warning: Sam Lin (sam) is in groups 'a' and 'b', which meet at the same date and time "
                    + "(2027-01-11 at 10:00 and 11 more); one person can't attend both, so move them to one group "
                    + "or agree another time with one of the groups"
            ])
    }

    @Test("a person in three clashing groups gets one warning naming them all")
    func threeGroups() {
        let groups = """
              - { id: a, mentor: m1, mentees: [sam] }
              - { id: b, mentor: m2, mentees: [sam] }
              - { id: c, mentor: m3, mentees: [sam] }
            """
        let found = warnings(groups)
        #expect(found.count == 1)
        #expect(found.first?.contains("is in groups 'a', 'b' and 'c', which meet") == true)
        #expect(found.first?.contains("can't attend all of them") == true)
    }

    @Test("a mentor with two mentees in separate pairs is warned too; people in one group each are not")
    func mentorTwice() {
        #expect(warnings("  - { id: a, mentor: m1, mentees: [sam] }\n  - { id: b, mentor: m2, mentees: [ann] }").isEmpty)
        let twice = warnings("  - { id: a, mentor: m1, mentees: [sam] }\n  - { id: b, mentor: m1, mentees: [ann] }")
        #expect(twice.count == 1)
        #expect(twice.first?.hasPrefix("program.yaml:13:5: warning: Mia One (m1) is in groups 'a' and 'b'") == true)
    }

    @Test("peer groups sharing a member are checked the same way")
    func peers() {
        let groups = "  - { id: p1, peers: [m1, m2, sam] }\n  - { id: p2, peers: [m3, ann, sam] }"
        let found = warnings(groups, type: PeerProgram.self, typeID: "peer")
        #expect(found.contains { $0.contains("Sam Lin (sam) is in groups 'p1' and 'p2'") })
    }
}
