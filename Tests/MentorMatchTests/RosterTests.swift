import MentorMatch
import TestSupport
import Testing

/// The diagnostics of reading `csv`, as `line:column: message`.
func rosterProblems(_ csv: String) -> [String] {
    RosterReader.read(csv, file: "roster.csv").diagnostics.map { "\($0.mark.line):\($0.mark.column): \($0.message)" }
}

let header = "id,name,grade,department,manager,role,capacity,skills,goals"

@Suite("Reading a roster")
struct RosterTests {
    @Test("a good roster reads, with lists, quotes, CRLF and a byte-order mark")
    func reads() throws {
        let csv =
            "\u{FEFF}" + header + "\r\n"
            + "b1,\"Okafor, Helen\",17,Water,,,,,\r\n"
            + "m1,Marcus Bell,15,Treatment,b1,mentor,2,Budgeting; leading  a team,\r\n"
            + "\r\n"
            + "e1,\"Priya \"\"PJ\"\" N\",12,Treatment,m1,Mentee,,,budgeting;public speaking\r\n"
        let result = RosterReader.read(csv, file: "roster.csv")
        #expect(result.diagnostics.isEmpty)
        let roster = try #require(result.roster)
        #expect(roster.people.map(\.id) == ["b1", "m1", "e1"])
        #expect(roster.people[0].name == "Okafor, Helen")
        #expect(roster.people[0].role == nil)
        #expect(roster.people[2].name == "Priya \"PJ\" N")
        #expect(roster.people[2].role == .mentee)
        #expect(roster.people[2].line == 5)
        #expect(roster.people[1].skills.map { roster.terms[Int($0)] }.sorted() == ["budgeting", "leading a team"])
        #expect(roster.people[2].goals.map { roster.terms[Int($0)] }.sorted() == ["budgeting", "public speaking"])
        #expect(roster.org.isAncestor(0, of: 2) && roster.org.isAncestor(1, of: 2) && !roster.org.isAncestor(2, of: 0))
    }

    @Test("every bad cell is reported with its line and column, and what to do")
    func cellErrors() {
        let csv =
            header + "\n"
            + "a,Ann,twelve,X,,mentr,,,\n"
            + "b,Bo,10,X,zz,mentee,-1,,\n"
            + "a,Al,10,X,,mentee,,,\n"
            + "c,Cy,10,X\n"
        #expect(
            rosterProblems(csv) == [
                "2:7: grade 'twelve' is not a whole number; write the grade as a number such as 12",
                "2:17: role 'mentr' is not one of mentor, mentee, both, peer (leave it empty for someone who doesn't take part); did you mean 'mentor'?",
                "3:21: capacity '-1' is not a whole number of 0 or more; it is how many mentees this mentor takes",
                "4:1: id 'a' is already used on line 2; ids must be unique",
                "5:1: this row has 4 fields but the header has 9; put a field that contains a comma in double quotes",
                "3:11: manager 'zz' is not in the roster; add a row for them (leave 'role' empty if they don't take part)",
            ])
    }

    @Test("header problems: unknown and missing columns")
    func headerErrors() {
        #expect(rosterProblems("id,name,grde,role\n") == ["1:9: unknown column 'grde'; did you mean 'grade'?"])
        #expect(rosterProblems("id,grade\n") == ["1:1: the header has no 'name' or 'role' column; every roster needs id, name and role"])
        #expect(
            rosterProblems("") == [
                "1:1: the roster is empty; the first line names the columns: id,name,grade,department,manager,role,capacity,skills,goals,prefers,pin,retires,key-position,successor-for"
            ])
    }

    @Test("broken quoting points at the field")
    func quoting() {
        #expect(rosterProblems("id,name,role\na,\"Ann,mentor\n") == ["2:3: this quoted field is never closed; add the closing '\"'"])
        #expect(
            rosterProblems("id,name,role\na,\"Ann\"x,mentor\n")
                == ["2:8: text follows a closing quote; put the whole field in quotes and write a quote inside as '\"\"'"])
    }

    @Test("a manager cycle is an error that names it")
    func cycle() {
        let csv = header + "\n" + "a,A,10,X,c,,,,\n" + "b,B,10,X,a,,,,\n" + "c,C,10,X,b,,,,\n" + "d,D,10,X,c,mentee,,,\n"
        #expect(
            rosterProblems(csv) == [
                "2:10: managers form a cycle: 'a' reports to 'c' reports to 'b' reports to 'a'; fix one of these 'manager' cells"
            ])
        #expect(rosterProblems(header + "\na,A,10,X,a,,,,\n") == ["2:10: 'a' is their own manager; clear the cell or name their manager"])
    }
}

@Suite("The org tree")
struct OrgTreeTests {
    @Test("the O(1) ancestor test agrees with walking up the managers", arguments: [1, 2, 3])
    func ancestors(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        let count = 300
        // Each person's manager comes earlier in the file, or is nobody; shuffle the file order.
        var managers = (0..<count).map { $0 == 0 || random.int(0...9) == 0 ? -1 : random.int(0...($0 - 1)) }
        let order = (0..<count).shuffled(using: &random)
        var position = [Int](repeating: 0, count: count)
        for (index, person) in order.enumerated() { position[person] = index }
        managers = order.map { managers[$0] < 0 ? -1 : position[managers[$0]] }
        var csv = "id,name,manager,role\n"
        for index in 0..<count { csv += "p\(index),P\(index),\(managers[index] < 0 ? "" : "p\(managers[index])"),\n" }
        let roster = try #require(RosterReader.read(csv, file: "r.csv").roster)
        for a in 0..<count {
            var above: Set<Int> = []
            var current = managers[a]
            while current >= 0 {
                above.insert(current)
                current = managers[current]
            }
            for b in 0..<count {
                #expect(roster.org.isAncestor(b, of: a) == above.contains(b))
            }
        }
    }
}

/// The seeded generator random roster tests use (shared from TestSupport).
typealias SplitMix = SplitMix64
