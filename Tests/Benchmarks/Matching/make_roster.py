#!/usr/bin/env python3
"""Writes a roster CSV of N employees for timing `mentor match` end to end:
    python3 Tests/Benchmarks/Matching/make_roster.py 50000 > /tmp/roster-50k.csv
Same shape as the Matching benchmark's roster: a management tree (each person reports to someone
earlier in the file), grades 5-16, 12 departments, 60 skill words; a quarter mentors (capacity
1-3), two fifths mentees, one in twenty both."""
import random
import sys

def main():
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(4)
    words = [f"skill {n}" for n in range(60)]
    out = ["id,name,grade,department,manager,role,capacity,skills,goals"]
    for i in range(people):
        manager = "" if i == 0 else f"e{rng.randrange(max(1, i // 8 + 1))}"
        kind = rng.randrange(20)
        role = "mentor" if kind < 5 else "mentee" if kind < 13 else "both" if kind == 13 else ""
        capacity = str(rng.randint(1, 3)) if role in ("mentor", "both") else ""
        skills = ";".join(rng.sample(words, rng.randint(2, 4)))
        goals = ";".join(rng.sample(words, rng.randint(2, 4)))
        out.append(f"e{i},Employee {i},{rng.randint(5, 16)},Dept {rng.randrange(12)},{manager},{role},{capacity},{skills},{goals}")
    sys.stdout.write("\n".join(out) + "\n")

if __name__ == "__main__":
    main()
