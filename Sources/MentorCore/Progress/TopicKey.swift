/// One topic of one plan, written `plan/topic` wherever a topic is named outside its plan: in a
/// meeting's covered topics in the journal and exports, in `--covered`, in confidential-topic
/// lists. The one place that spelling is made and read.
public struct TopicKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The plan's id.
    public var plan: String
    /// The topic's id within the plan.
    public var topic: String

    /// The key of `topic` in `plan`.
    public init(plan: String, topic: String) {
        self.plan = plan
        self.topic = topic
    }

    /// Reads `plan/topic`; nil without a `/` or with an empty part.
    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let (plan, topic) = (String(text[..<slash]), String(text[text.index(after: slash)...]))
        guard !plan.isEmpty, !topic.isEmpty else { return nil }
        self.init(plan: plan, topic: topic)
    }

    /// `plan/topic`.
    public var description: String { plan + "/" + topic }

    public static func < (lhs: TopicKey, rhs: TopicKey) -> Bool { (lhs.plan, lhs.topic) < (rhs.plan, rhs.topic) }
}

extension PlanTemplate {
    /// The keys of the plan's topics, in order.
    public var topicKeys: [TopicKey] { topics.map { TopicKey(plan: id, topic: $0.id) } }

    /// The keys of the plan's confidential topics (their notes stay with the pair).
    public var confidentialTopicKeys: [TopicKey] { topics.filter(\.confidential).map { TopicKey(plan: id, topic: $0.id) } }
}

extension AgendaItem {
    /// The key of the plan topic this item is, if it is one.
    public var topicKey: TopicKey? {
        guard let plan, let topic else { return nil }
        return TopicKey(plan: plan, topic: topic)
    }
}
