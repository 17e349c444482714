import MentorCore
import Testing

@Suite("Cadence words")
struct CadenceTests {
    @Test(
        "the words a program file may use",
        arguments: [
            ("weekly", Cadence.weeks(1)), ("biweekly", .weeks(2)), ("Fortnightly", .weeks(2)), ("monthly", .months(1)),
            ("every 3 weeks", .weeks(3)), ("every 1 week", .weeks(1)), ("every 2 months", .months(2)), ("every 12 month", .months(12)),
        ])
    func accepted(_ text: String, _ cadence: Cadence) {
        #expect(Cadence(text) == cadence)
    }

    @Test(
        "anything else is refused, including more than 12 months in either spelling",
        arguments: ["every 13 months", "every 13 month", "every 53 weeks", "every 0 weeks", "daily", "every two weeks", ""])
    func refused(_ text: String) {
        #expect(Cadence(text) == nil)
    }
}
