/// Events are stored and exported as flat JSON objects: the common fields, `kind`, and the
/// kind's `details`, e.g. `{"id": ..., "group": "ruiz-lin", "date": "2027-02-08",
/// "kind": "meeting-held", "details": {"number": 2, "held": true, ...}}`.
extension ProgressEvent: Codable {
    private enum CodingKeys: String, CodingKey { case id, program, group, date, kind, details }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(program, forKey: .program)
        try container.encode(group, forKey: .group)
        try container.encode(date, forKey: .date)
        try container.encode(kind, forKey: .kind)
        switch body {
        case .meeting(let details): try container.encode(details, forKey: .details)
        case .schedule(let details): try container.encode(details, forKey: .details)
        case .goal(let details): try container.encode(details, forKey: .details)
        case .action(let details): try container.encode(details, forKey: .details)
        case .checkIn(let details): try container.encode(details, forKey: .details)
        case .feedback(let details): try container.encode(details, forKey: .details)
        case .exit(let details): try container.encode(details, forKey: .details)
        case .trainingNeed(let details): try container.encode(details, forKey: .details)
        case .void(let details): try container.encode(details, forKey: .details)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .kind)
        guard let kind = EventKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown event kind '\(name)'")
        }
        let body: Body
        switch kind {
        case .meetingHeld, .meetingMissed: body = .meeting(try container.decode(MeetingRecord.self, forKey: .details))
        case .meetingRescheduled, .meetingCancelled: body = .schedule(try container.decode(ScheduleChangeRecord.self, forKey: .details))
        case .goalSet, .goalUpdated, .goalAchieved, .goalDropped: body = .goal(try container.decode(GoalEvent.self, forKey: .details))
        case .actionAdded, .actionDone: body = .action(try container.decode(ActionEvent.self, forKey: .details))
        case .checkIn: body = .checkIn(try container.decode(CheckInRecord.self, forKey: .details))
        case .feedback: body = .feedback(try container.decode(FeedbackRecord.self, forKey: .details))
        case .exit: body = .exit(try container.decode(ExitRecord.self, forKey: .details))
        case .trainingNeed: body = .trainingNeed(try container.decode(TrainingNeedRecord.self, forKey: .details))
        case .void: body = .void(try container.decode(VoidRecord.self, forKey: .details))
        }
        // The stored kind must agree with the details (a held meeting stored as "meeting-missed",
        // or "goal-set" with details saying "dropped", is a hand-edited row).
        let decoded = ProgressEvent(id: "", program: "", group: "", date: CalendarDate(daysSinceEpoch: 0), body: body).kind
        guard decoded == kind else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "its kind '\(name)' disagrees with its details ('\(decoded.rawValue)')")
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), program: try container.decode(String.self, forKey: .program),
            group: try container.decode(String.self, forKey: .group),
            date: try container.decode(CalendarDate.self, forKey: .date), body: body)
    }
}
