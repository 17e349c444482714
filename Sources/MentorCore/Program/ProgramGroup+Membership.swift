extension ProgramGroup {
    /// The group without the people in `left`: what remains once they have left it.
    public func without(_ left: Set<String>) -> ProgramGroup {
        guard !left.isEmpty else { return self }
        var group = self
        if let mentor, left.contains(mentor) { group.mentor = nil }
        group.mentees.removeAll(where: left.contains)
        group.peers.removeAll(where: left.contains)
        return group
    }

    /// The group at a meeting on `date`: without those who left on or before that day.
    public func members(on date: CalendarDate, departures: [String: CalendarDate]) -> ProgramGroup {
        without(Set(departures.filter { $0.value <= date }.keys))
    }
}
