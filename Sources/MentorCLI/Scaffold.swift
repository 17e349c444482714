/// The files `mentor plugin new` writes: a program type that works as written (one mentor, one
/// mentee, a practice item in regular meetings), with a valid and an invalid example.
struct Scaffold {
    /// The type's id, e.g. `new-supervisor`.
    let id: String

    /// `NewSupervisor`.
    var name: String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `New supervisor`, for people.
    var title: String {
        let words = id.replacing("-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The Swift target and type name, `NewSupervisorProgram`.
    var target: String { name + "Program" }

    /// The example program file both variants describe; `mentees` lists the group's mentees.
    func example(mentees: String) -> String {
        """
        program: Example \(title) Program
        type: \(id)
        starts: 2027-01-11
        people:
          - { id: m1, name: Mira Stone, grade: 12 }
          - { id: e1, name: Eli Park, grade: 9 }
          - { id: e2, name: Ana Cruz, grade: 9 }
        groups:
          - { id: stone-park, mentor: m1, mentees: [\(mentees)] }
        """
    }

    /// The error the invalid example must produce (ProgramRules' wording, which the Python copies).
    var invalidError: String {
        "group 'stone-park' has 2 mentees; a \(id) group has exactly 1 (use type 'circle' for several mentees)"
    }

    // MARK: - Swift

    var swiftType: String {
        """
        import MentorCore

        /// \(title) mentoring: describe when to use it here.
        public enum \(target): ProgramType {
            public static let description = ProgramTypeDescription(
                id: "\(id)",
                name: "\(title) mentoring",
                summary: "One mentor and one mentee; each regular meeting opens with a practice item. Say here when to use it.",
                roles: ["mentor: exactly one", "mentees: exactly one"],
                examples: [
                    .valid("A pair", \"\"\"
        \(indented(example(mentees: "e1"), by: 16))
                        \"\"\"),
                    .invalid("Two mentees belong in a circle", \"\"\"
        \(indented(example(mentees: "e1, e2"), by: 16))
                        \"\"\", error: "\(invalidError)", line: 9, column: 5),
                ]
            )

            public static func validate(context: GroupContext) -> [ProgramIssue] {
                ProgramRules.mentorAndMentees(context.group, type: "\(id)", mentees: 1...1,
                                              alternative: "use type 'circle' for several mentees")
            }

            /// The standard meeting, plus a practice item the mentee leads in regular meetings.
            public static func shape(context: AgendaContext) -> AgendaShape {
                var shape = AgendaShape.standard(for: context)
                guard context.meeting.phase == .ongoing else { return shape }
                shape.opening.append(AgendaItem(
                    kind: .skill, title: "Practice", minutes: ProgramRules.featureMinutes(context.program),
                    lead: shape.leads[.mentee] ?? "Mentee", prompts: ["What did you try since we last met?"]))
                return shape
            }
        }

        """
    }

    /// What to add by hand so the type is compiled in and registered.
    func registrationSteps(folder: String) -> String {
        """
        Now register it:

        1. In Package.swift, under "// MARK: - Program types", add the target:
                .target(name: "\(target)", dependencies: ["MentorCore"], path: "\(folder)"),
           and add "\(target)" to the dependencies of the "BuiltInProgramTypes" target.

        2. In Plugins/ProgramTypes/BuiltIn/BuiltInProgramTypes.swift, add
                import \(target)
           and add \(target).self to the end of `all`.

        3. Run 'swift test --filter ExampleTests': its examples are its tests.
        """
    }

    private func indented(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    // MARK: - External (Python)

    var pythonPlugin: String {
        """
        #!/usr/bin/env python3
        \"\"\"\(title) mentoring: a MentorKit program type plugin (protocols 1 and 2).

        MentorKit starts it with MENTORKIT_PROTOCOL=2: it then stays alive for a whole command (or
        server), reading one JSON request a line on standard input and answering each with one JSON
        line on standard output until standard input closes. Without the variable (protocol 1) it
        answers the one request on standard input and exits. Print anything for people to standard
        error. The protocol's schemas are in MentorKit's Plugins/ExternalProtocol/.
        \"\"\"
        import json
        import os
        import sys

        PROTOCOL = 2 if os.environ.get("MENTORKIT_PROTOCOL") == "2" else 1

        EXAMPLE = \"\"\"\(example(mentees: "{mentees}").replacing("{ ", with: "{{ ").replacing(" }", with: " }}"))
        \"\"\"

        DESCRIPTION = {
            "id": "\(id)",
            "name": "\(title) mentoring",
            "summary": "One mentor and one mentee; each regular meeting opens with a practice item. "
                       "Say here when to use it.",
            "roles": ["mentor: exactly one", "mentees: exactly one"],
            # Optional: how 'mentor match' forms groups. Also "circles" (with "mentees": {"min", "max"}
            # and "default-capacity") and "peer-groups" ("grade-spread", "size", "target");
            # see matching in Plugins/ExternalProtocol/reply.schema.json. Remove it to opt out.
            "matching": {"grouping": "pairs", "grade-gap": {"min": 2}, "ideal-gap": 2},
            "examples": [
                {"title": "A pair", "yaml": EXAMPLE.format(mentees="e1")},
                {"title": "Two mentees belong in a circle", "yaml": EXAMPLE.format(mentees="e1, e2"),
                 "error": "\(invalidError)", "line": 9, "column": 5},
            ],
        }


        def validate(request):
            \"\"\"Issues for every group; 'group' (or 'person') places the issue in the program file.\"\"\"
            issues = []
            for group in request["program"]["groups"]:
                count = len(group["mentees"])
                if group.get("mentor") is None:
                    issues.append({"severity": "error", "group": group["id"],
                                   "message": "group '%s' has no 'mentor'; a \(id) group needs one" % group["id"]})
                if count != 1:
                    issues.append({"severity": "error", "group": group["id"],
                                   "message": "group '%s' has %d mentee%s; a \(id) group has exactly 1 "
                                              "(use type 'circle' for several mentees)"
                                              % (group["id"], count, "" if count == 1 else "s")})
            return {"issues": issues}


        def schedule(request):
            \"\"\"The standard schedule, unchanged; return your own list of meetings to change it.\"\"\"
            return {"meetings": request["standard"]}


        def agenda(request):
            \"\"\"One shape per meeting: the standard one plus a practice item in regular meetings.\"\"\"
            program = request["program"]
            phases = {m["number"]: m["phase"] for m in request["schedule"]}
            shapes = []
            for meeting in request["meetings"]:
                shape = meeting["standard"]
                if phases[meeting["meeting"]] == "ongoing":
                    shape["opening"].append({"kind": "skill", "title": "Practice",
                                             "minutes": max(10, program["meeting-minutes"] // 4 // 5 * 5),
                                             "lead": shape["leads"]["mentee"],
                                             "prompts": ["What did you try since we last met?"]})
                shapes.append(shape)
            return {"shapes": shapes}


        def measures(request):
            \"\"\"Measures for one group; 'state' is null for the plan, else what happened.\"\"\"
            return {"measures": [{"name": "Meetings planned", "value": str(len(request["agendas"]))}]}


        HOOKS = {"validate": validate, "schedule": schedule, "agenda": agenda, "measures": measures}


        def answer(request):
            \"\"\"The reply to one request. 'describe' always asks in protocol 1 and is answered in this
            run's protocol; the other requests are answered in the protocol they ask in.\"\"\"
            asked = request.get("protocol")
            if asked not in range(1, PROTOCOL + 1):
                reply, asked = {"error": "this plugin speaks protocol %d, not %r" % (PROTOCOL, asked)}, PROTOCOL
            elif request["request"] == "describe":
                reply, asked = {"type": DESCRIPTION, "hooks": sorted(HOOKS)}, PROTOCOL
            elif request["request"] in HOOKS:
                reply = HOOKS[request["request"]](request)
            else:
                reply = {"error": "unknown request %r" % request["request"]}
            reply["protocol"] = asked
            return reply


        def main():
            if PROTOCOL == 1:
                json.dump(answer(json.load(sys.stdin)), sys.stdout)
                return
            for line in sys.stdin:  # protocol 2: one request a line until standard input closes
                if line.strip():
                    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\\n")
                    sys.stdout.flush()


        if __name__ == "__main__":
            main()

        """
    }
}
