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
        let kind = try container.decode(String.self, forKey: .kind)
        let body: Body
        switch kind {
        case "meeting-held", "meeting-missed": body = .meeting(try container.decode(MeetingRecord.self, forKey: .details))
        case _ where kind.hasPrefix("goal-"): body = .goal(try container.decode(GoalEvent.self, forKey: .details))
        case _ where kind.hasPrefix("action-"): body = .action(try container.decode(ActionEvent.self, forKey: .details))
        case "check-in": body = .checkIn(try container.decode(CheckInRecord.self, forKey: .details))
        case "feedback": body = .feedback(try container.decode(FeedbackRecord.self, forKey: .details))
        case "exit": body = .exit(try container.decode(ExitRecord.self, forKey: .details))
        case "training-need": body = .trainingNeed(try container.decode(TrainingNeedRecord.self, forKey: .details))
        case "void": body = .void(try container.decode(VoidRecord.self, forKey: .details))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown event kind '\(kind)'")
        }
        self.init(id: try container.decode(String.self, forKey: .id), program: try container.decode(String.self, forKey: .program),
                  group: try container.decode(String.self, forKey: .group),
                  date: try container.decode(CalendarDate.self, forKey: .date), body: body)
    }
}
