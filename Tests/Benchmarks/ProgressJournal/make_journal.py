#!/usr/bin/env python3
"""Writes a generated one-to-one program of PAIRS pairs and a progress journal of EVENTS events
for it (the journal's v2 format, as mentor writes it), for timing mentor's commands at scale.

    python3 Tests/Benchmarks/ProgressJournal/make_journal.py OUT_DIR [--pairs 2000] [--events 1000000]

OUT_DIR gets big.yaml, and .mentor/progress.sqlite beside it (replaced when there). Each group
gets 12 meetings (held), then actions added and done in turn, dated through the program's year;
every event keeps the program's rules. The insert itself (one executemany, one transaction) is
timed and printed: it is the Python baseline for `mentor import` of the same rows.
"""
import argparse, datetime, json, os, sqlite3, sys, time, uuid

SCHEMA = """
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
CREATE TABLE event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, program TEXT NOT NULL,
    groupID TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, body TEXT NOT NULL,
    meeting INTEGER, item TEXT);
CREATE INDEX event_by_group ON event(program, groupID, seq);
CREATE INDEX event_by_item ON event(program, groupID, kind, item);
CREATE TABLE record (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, program TEXT, kind TEXT NOT NULL,
    key TEXT NOT NULL, person TEXT, at REAL NOT NULL, expires REAL, body TEXT NOT NULL, uniqueKey TEXT UNIQUE);
CREATE INDEX record_by_key ON record(kind, key, at);
"""
TRIGGERS = "".join(f"""
CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
""" for t in ("event", "record"))
START = datetime.date(2027, 1, 11)
PROGRAM = "big"  # the key: the file name without its extension


def program_text(pairs):
    lines = ["program: Citywide Mentoring", "type: one-to-one", "starts: 2027-01-11", "months: 12", "cadence: monthly",
             "meeting-minutes: 60", "check-in-months: [6]", "plans: [career, development-needs, current-workplace]", "people:"]
    for i in range(pairs):
        lines.append(f"  - {{ id: m{i}, name: Mentor {i}, grade: 13, email: m{i}@example.org }}")
        lines.append(f"  - {{ id: e{i}, name: Mentee {i}, grade: 9, email: e{i}@example.org }}")
    # Coordinators (and everyone's email) let the load test sign people in to `mentor serve`.
    lines.append("coordinators:")
    lines += [f"  - {{ id: c{i}, name: Coordinator {i}, email: c{i}@example.org }}" for i in range(1, 9)]
    lines.append("groups:")
    lines += [f"  - {{ id: g{i}, mentor: m{i}, mentees: [e{i}] }}" for i in range(pairs)]
    return "\n".join(lines) + "\n"


def rows(pairs, per_group):
    """Rows (id, program, groupID, kind, date, body, meeting, item), group by group."""
    for g in range(pairs):
        group, mentor, mentee = f"g{g}", f"m{g}", f"e{g}"
        made = 0
        for number in range(1, 13):
            if made == per_group:
                break
            date = (START + datetime.timedelta(days=30 * (number - 1))).isoformat()
            details = {"attendees": [mentor, mentee], "covered": [], "held": True, "number": number}
            yield event(group, "meeting-held", date, details, number, None)
            made += 1
        action = 0
        while made < per_group:
            action += 1
            date = (START + datetime.timedelta(days=(action * 7) % 360)).isoformat()
            if made % 2 == 0 or made + 1 == per_group:
                yield event(group, "action-added", date, {"action": f"a{action}", "change": "added", "text": f"Action {action}", "owner": mentee}, None, f"a{action}")
                made += 1
                if made < per_group:
                    yield event(group, "action-done", date, {"action": f"a{action}", "change": "done"}, None, f"a{action}")
                    made += 1
            else:
                made += 1  # not reached: added and done go in pairs


def event(group, kind, date, details, meeting, item):
    identifier = str(uuid.uuid4())
    body = json.dumps({"date": date, "details": details, "group": group, "id": identifier, "kind": kind, "program": PROGRAM},
                      sort_keys=True, separators=(",", ":"))
    return (identifier, PROGRAM, group, kind, date, body, meeting, item)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, ".mentor"), exist_ok=True)
    with open(os.path.join(args.out, "big.yaml"), "w") as f:
        f.write(program_text(args.pairs))
    path = os.path.join(args.out, ".mentor", "progress.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    data = list(rows(args.pairs, args.events // args.pairs))
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(SCHEMA + TRIGGERS + "PRAGMA application_id = %d;" % 0x4D4B504A)
    db.executemany("INSERT INTO grdb_migrations VALUES (?)", [("v1: events",), ("v2: columns and records",)])
    db.commit()
    started = time.perf_counter()
    with db:
        db.executemany("INSERT INTO event (id, program, groupID, kind, date, body, meeting, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", data)
    elapsed = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"wrote {len(data)} events for {args.pairs} groups to {path}; executemany took {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
