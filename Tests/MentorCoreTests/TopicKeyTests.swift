import MentorCore
import Testing

struct TopicKeyTests {
    @Test("plan/topic is read and written in one place; text without both parts is not a key")
    func parsing() {
        #expect(TopicKey("career/direction") == TopicKey(plan: "career", topic: "direction"))
        #expect(TopicKey("career/direction")?.description == "career/direction")
        #expect(TopicKey("career/sub/topic")?.topic == "sub/topic", "only the first slash separates")
        for bad in ["career", "/direction", "career/", ""] { #expect(TopicKey(bad) == nil, "'\(bad)'") }
    }
}
