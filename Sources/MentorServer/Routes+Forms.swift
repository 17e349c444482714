import Hummingbird
import MentorCore
import MentorStore

/// The forms of the group page. Each checks its fields (required, lengths, real dates, ranges),
/// then records through ``ProgramJournal`` (the code the CLI's commands use), whose rules check
/// the rest. A problem brings the page back (422) with the values sent and the problem next to
/// its field; nothing is recorded. Success redirects to the group page (303).
extension Routes {
    func addForms(to group: RouterGroup<ServerContext>) {
        group.post("meetings") { _, context in try await form("log", context, record: logMeeting) }
        group.post("meetings/change") { _, context in try await form("move", context, record: changeMeeting) }
        group.post("goals") { _, context in try await form("goal", context, record: setGoal) }
        group.post("goals/:goal") { _, context in try await form("goal-change", context, record: changeGoal) }
        group.post("actions") { _, context in try await form("action", context, record: addAction) }
        group.post("actions/:action/done") { _, context in try await form("action-done", context, record: actionDone) }
        group.post("check-ins") { _, context in try await form("check-in", context, record: checkIn) }
        group.post("exit") { _, context in try await exit(context) }
    }

    /// What a form handler gets: the group, who sends it, and the checked fields.
    struct Submission {
        let served: ServedProgram
        let group: ProgramGroup
        let person: String
        let context: ServerContext
        var check: FormCheck
    }

    /// Runs one form: access, field checks, recording, and the answer.
    private func form(
        _ name: String, _ context: ServerContext,
        record: (inout Submission) async throws(RecordingError) -> Void
    ) async throws -> Response {
        guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
        guard let (served, group, role) = resolve(context) else { return notFound(context) }
        guard case .member(let person) = role else { return coordinatorsRecordNothing() }
        if let gone = try await state(of: group, in: served).departure(of: person) {
            return leaversRecordNothing(gone.date)
        }
        var submission = Submission(served: served, group: group, person: person, context: context, check: FormCheck(context.form))
        do {
            try await record(&submission)
        } catch .rejected(let problems) {
            for problem in problems { submission.check.add(Self.field(problem.field, form: name), problem.message) }
        } catch .store(let error) {
            throw HTTPError(.internalServerError, message: "the journal failed: \(error)")
        }
        guard submission.check.isValid else {
            return try await renderGroup(
                served, group, role, visitor: visitor,
                returned: (name, context.form, submission.check.problems))
        }
        return Pages.redirect("/programs/\(served.program.id)/groups/\(group.id)")
    }

    private func coordinatorsRecordNothing() -> Response {
        Pages.html(
            pages.page(
                "message", title: "Not allowed",
                [
                    "heading": "Only the group's members record its progress",
                    "text": "Coordinators see the group's page; its mentor and mentees fill in its forms.",
                    "link": "/", "linkText": "Back",
                ]), status: .forbidden)
    }

    private func leaversRecordNothing(_ date: CalendarDate) -> Response {
        Pages.html(
            pages.page(
                "message", title: "Not allowed",
                [
                    "heading": "You left this group",
                    "text":
                        "You left it on \(date), so its forms are for those still in it. Your coordinator can help you find a new match.",
                    "link": "/", "linkText": "Back",
                ]), status: .forbidden)
    }

    /// The form field a rule's problem belongs next to.
    static func field(_ field: ProgressProblem.Field, form: String) -> String {
        switch (field, form) {
        case (.number, _): return "meeting"
        case (.date, _): return "date"
        case (.attendees, _): return "attendees"
        case (.covered, _): return "covered"
        case (.text, "log"): return "training-need"
        case (.text, "check-in"): return "feedback"
        case (.text, _): return "text"
        case (.plan, _): return "plan"
        case (.target, _): return "target"
        case (.owner, _): return "owner"
        case (.due, _): return "due"
        case (.rating, _): return "rating"
        case (.reason, _): return "reason"
        case (.to, _): return "to"
        case (.time, _): return "time"
        case (.location, _): return "location"
        default: return "form"
        }
    }

    // MARK: - Handlers

    private func logMeeting(_ s: inout Submission) async throws(RecordingError) {
        let count = (try? await s.served.schedule(for: s.group).count) ?? 1
        let meeting = s.check.number("meeting", in: 1...max(count, 1), label: "Meeting")
        let date = s.check.date("date", label: "The date")
        let held = s.context.form["missed"] == nil
        let attendees = s.check.ticked("attendees", in: s.group.members, label: "group's members")
        let topics = s.served.plans.flatMap(\.topicKeys).map(\.description)
        let covered = s.check.ticked("covered", in: topics, label: "program's topics")
        let notes = s.check.text("notes", label: "Notes")
        let need = s.check.text("training-need", limit: FormCheck.maxLine, label: "A training need")
        if held, attendees.isEmpty, s.check.problems["attendees"] == nil {
            s.check.add("attendees", "tick who came, or tick 'missed' if the meeting did not take place")
        }
        guard s.check.isValid, let meeting else { return }
        _ = try await s.served.journal.logMeeting(
            group: s.group, meeting: meeting, held: held, date: date,
            attendees: held ? attendees : nil, covered: held ? covered : nil,
            notes: notes, trainingNeed: need)
    }

    /// Moves a meeting (any of day, time, place) or, with `cancel`, calls it off: the same
    /// recording as `mentor reschedule` and `mentor cancel`.
    private func changeMeeting(_ s: inout Submission) async throws(RecordingError) {
        let count = (try? await s.served.schedule(for: s.group).count) ?? 1
        let meeting = s.check.number("meeting", in: 1...max(count, 1), label: "Meeting")
        let to = s.check.date("to", label: "The new date")
        let timeText = s.check.text("time", limit: 5, label: "The new time")
        let time = timeText.flatMap(ClockTime.init)
        if timeText != nil, time == nil, s.check.problems["time"] == nil { s.check.add("time", "write the time as HH:MM, such as 14:30") }
        let location = s.check.text("location", limit: ProgramFormat.locationLength, label: "The new place")
        let reason = s.check.text("reason", limit: FormCheck.maxLine, label: "The reason")
        let cancel = s.context.form["cancel"] != nil
        guard s.check.isValid, let meeting else { return }
        if cancel {
            try await s.served.journal.cancel(group: s.group, meeting: meeting, reason: reason)
        } else {
            try await s.served.journal.reschedule(group: s.group, meeting: meeting, to: to, time: time, location: location, reason: reason)
        }
    }

    private func setGoal(_ s: inout Submission) async throws(RecordingError) {
        let text = s.check.text("text", required: true, limit: FormCheck.maxLine, label: "The goal")
        let plan = s.check.choice("plan", in: s.served.plans.map(\.id), label: "Plan part")
        let term = s.check.choice("term", in: GoalTerm.allCases.map(\.rawValue), label: "Term").flatMap(GoalTerm.init)
        let target = s.check.date("target", label: "The target date")
        guard s.check.isValid, let text else { return }
        _ = try await s.served.journal.setGoal(group: s.group, text: text, plan: plan, term: term, target: target, date: nil)
    }

    private func changeGoal(_ s: inout Submission) async throws(RecordingError) {
        let goal = s.context.parameters.get("goal") ?? ""
        let change = s.check.choice("to", in: ["updated", "achieved", "dropped"], required: true, label: "The change")
            .flatMap(GoalChange.init)
        let text = s.check.text("text", limit: FormCheck.maxLine, label: "The new wording")
        if change == .updated, text == nil, s.check.problems["text"] == nil { s.check.add("text", "write the goal's new wording") }
        guard s.check.isValid, let change else { return }
        try await s.served.journal.changeGoal(group: s.group, goal: goal, to: change, text: text, date: nil)
    }

    private func addAction(_ s: inout Submission) async throws(RecordingError) {
        let text = s.check.text("text", required: true, limit: FormCheck.maxLine, label: "The action")
        let owner = s.check.choice("owner", in: s.group.members, label: "Owner")
        let due = s.check.date("due", label: "The due date")
        guard s.check.isValid, let text else { return }
        _ = try await s.served.journal.addAction(group: s.group, text: text, owner: owner, due: due, date: nil)
    }

    private func actionDone(_ s: inout Submission) async throws(RecordingError) {
        try await s.served.journal.actionDone(group: s.group, action: s.context.parameters.get("action") ?? "", date: nil)
    }

    private func checkIn(_ s: inout Submission) async throws(RecordingError) {
        let rating = s.check.number("rating", in: ProgressRules.ratings, label: "Rating")
        let answers = s.check.text("answers", label: "Answers")
        let feedback = s.check.text("feedback", label: "Feedback")
        guard s.check.isValid, let rating else { return }
        let lines =
            answers.map {
                $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            } ?? []
        try await s.served.journal.checkIn(group: s.group, by: s.person, rating: rating, answers: lines, feedback: feedback, date: nil)
    }

    // MARK: - Exit (with a confirmation step)

    private func exit(_ context: ServerContext) async throws -> Response {
        guard let visitor = context.identity else { return Pages.redirect("/sign-in") }
        guard let (served, group, role) = resolve(context) else { return notFound(context) }
        guard case .member(let person) = role else { return coordinatorsRecordNothing() }
        var check = FormCheck(context.form)
        let reason = check.text("reason", label: "The reason")
        guard check.isValid else {
            return try await renderGroup(served, group, role, visitor: visitor, returned: ("exit", context.form, check.problems))
        }
        let path = "/programs/\(served.program.id)/groups/\(group.id)"
        guard context.form["confirm"] == "yes" else {
            // In a circle or a peer group a member leaves alone, and the group goes on while its type's rule allows.
            let state = try await state(of: group, in: served)
            let left = Set(state.departures.map(\.person) + [person])
            let ends = served.builder.type.description.continuity.ends(group, without: left)
            return Pages.html(
                pages.page(
                    "exit-confirm", title: ends ? "End the partnership" : "Leave the group",
                    [
                        "csrf": visitor.csrf, "reason": reason ?? "", "path": path, "group": group.id, "endsGroup": ends,
                        "others": group.without(left).members.map(served.program.name(of:)).joined(separator: ", "),
                        "visitor": ["name": visitor.name(in: programs), "csrf": visitor.csrf],
                    ]))
        }
        do {
            try await served.journal.exit(group: group, by: person, reason: reason, date: nil)
        } catch .rejected(let problems) {
            return try await renderGroup(
                served, group, role, visitor: visitor,
                returned: (
                    "exit", context.form,
                    Dictionary(grouping: problems, by: { Self.field($0.field, form: "exit") }).mapValues { $0.map(\.message) }
                )
            )
        } catch .store(let error) {
            throw HTTPError(.internalServerError, message: "the journal failed: \(error)")
        }
        return Pages.redirect(path)
    }
}
