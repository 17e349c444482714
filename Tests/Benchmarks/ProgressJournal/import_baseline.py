#!/usr/bin/env python3
"""The Python baseline for `mentor import`: the same rows of an export, inserted into the same
schema with sqlite3's executemany (one transaction), in a new journal file.

    mentor export OUT_DIR/big.yaml --output /tmp/export.json        # from make_journal.py's journal
    python3 Tests/Benchmarks/ProgressJournal/import_baseline.py /tmp/export.json /tmp/py-import.sqlite

Each event becomes the row mentor stores: its columns (id, program, groupID, kind, date, meeting,
item) and its body, compact JSON with sorted keys. Prints the time of the executemany alone (the
figure issue 11 compares `mentor import` with), its CPU time, and the whole run's (reading the file included).
"""
import json, os, sqlite3, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_journal import SCHEMA, TRIGGERS  # noqa: E402  the journal's schema, as mentor makes it

MEETING = ("meeting-held", "meeting-missed")
ITEM = {"goal": "goal", "action": "action", "void": "event"}


def row(event):
    kind, details = event["kind"], event["details"]
    meeting = details.get("number") if kind in MEETING else None
    field = ITEM.get(kind.split("-")[0])
    item = details.get(field) if field else None
    body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (event["id"], event["program"], event["group"], kind, event["date"], body, meeting, item)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    export, path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    with open(export, encoding="utf-8") as f:
        rows = [row(event) for event in json.load(f)]
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(SCHEMA + TRIGGERS + "PRAGMA application_id = %d;" % 0x4D4B504A)
    db.commit()
    inserting, cpu = time.perf_counter(), time.process_time()
    with db:
        db.executemany("INSERT INTO event (id, program, groupID, kind, date, body, meeting, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    db.close()
    print(f"inserted {len(rows)} events: executemany {done - inserting:.1f} s ({cpu:.1f} s CPU); whole run {done - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
