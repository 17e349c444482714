#!/usr/bin/env python3
"""Load test of `mentor serve`: signed-in clients for a fixed time, 90% page views and 10% form
posts, against one server or several sharing a journal. Starts the servers on 127.0.0.1, runs,
stops them, and checks afterwards, with `mentor export`, that every accepted write is in the
journal exactly once. Bounded: it always stops after --seconds (plus sign-in and the checks).

    swift build -c release --product mentor && swift build -c release --product HelloServer
    python3 Tests/Benchmarks/ProgressJournal/make_journal.py /tmp/big        # 2,000 pairs, 1,000,000 events
    python3 Tests/LoadTest/load_test.py .build/release/mentor /tmp/big/big.yaml \\
        --hello .build/release/HelloServer [--store postgres://USER@HOST:PORT/DB] [--servers 2]

Clients: --clients (64) in all; one in eight is a coordinator who views the program's dashboard
(and now and then downloads report.csv); the others are mentors, each viewing their home page and
their group's page and, one request in ten, posting a form to their group: add an action, or log
a meeting (as a correction of meeting 12). With --servers N the clients sign in on one server
and then use the next one: a session started on one must be valid on the others.
With --hello, Hummingbird's plain "hello" route is loaded the same way first, as the ceiling.

Prints requests/s, p50/p99/max per route, errors, and each server's peak memory (VmHWM). Exit
status 1 on any 5xx, failed request, or a write lost or doubled.
"""
import argparse, asyncio, email, email.policy, glob, json, os, random, re, signal, subprocess, sys, tempfile, time, urllib.parse


class Connection:
    """One keep-alive HTTP/1.1 connection (asyncio streams; no library, so the client stays cheap)."""

    def __init__(self, host, port):
        self.host, self.port, self.reader, self.writer = host, port, None, None

    async def request(self, method, path, body=None, cookies=""):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if cookies:
            head += f"Cookie: {cookies}\r\n"
        data = b""
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True).encode()
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(data)}\r\n"
        self.writer.write((head + "\r\n").encode() + data)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"][0]))
        elif headers.get("transfer-encoding", [""])[0].lower() == "chunked":
            payload = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                payload += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            payload = b""
        if headers.get("connection", [""])[0].lower() == "close":
            self.close()
        return status, headers, payload.decode("utf-8", "replace")

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def start(command, env=None):
    """Starts a server and returns (process, base URL) once it says where it listens."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = process.stdout.readline()
    match = re.match(r"listening on http://([\d.]+):(\d+)", line)
    if not match:
        process.kill()
        sys.exit(f"{command[0]} did not start: {line!r}")
    return process, (match.group(1), int(match.group(2)))


def peak_memory_mb(process):
    with open(f"/proc/{process.pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return "killed"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


class Stats:
    def __init__(self):
        self.earlier = 0  # dashboards that showed the last finished report while a newer one was being made
        self.times, self.statuses, self.failures = {}, {}, {}

    def add(self, route, seconds, status):
        self.times.setdefault(route, []).append(seconds)
        self.statuses.setdefault(route, {}).setdefault(status, 0)
        self.statuses[route][status] += 1

    def fail(self, route, error):
        self.failures.setdefault(route, []).append(error)

    def print(self, seconds, title):
        print(f"\n{title}")
        print(f"{'route':<34} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
        total = 0
        for route in sorted(self.times):
            times = self.times[route]
            total += len(times)
            statuses = " ".join(f"{code}:{count}" for code, count in sorted(self.statuses[route].items()))
            failed = len(self.failures.get(route, []))
            print(f"{route:<34} {len(times):>9} {len(times) / seconds:>8.1f} {percentile(times, .5) * 1000:>8.1f} "
                  f"{percentile(times, .99) * 1000:>8.1f} {max(times) * 1000:>8.1f}  {statuses}"
                  + (f" failed:{failed}" if failed else ""))
        print(f"{'all':<34} {total:>9} {total / seconds:>8.1f}")
        dashboards = len(self.times.get("GET /programs/P (dashboard)", []))
        if dashboards:
            print(f"dashboards that showed the last report while a newer one was being made: {self.earlier} of {dashboards}")
        return total


async def timed(stats, route, connection, method, path, body=None, cookies=""):
    began = time.perf_counter()
    try:
        status, headers, text = await connection.request(method, path, body, cookies)
    except Exception as error:  # a refused or dropped connection counts as a failure, not a crash of the test
        connection.close()
        stats.fail(route, repr(error))
        return None, None, None
    stats.add(route, time.perf_counter() - began, status)
    return status, headers, text


async def hello_load(address, clients, seconds):
    stats = Stats()
    deadline = time.monotonic() + seconds

    async def client():
        connection = Connection(*address)
        while time.monotonic() < deadline:
            await timed(stats, "GET / (hello)", connection, "GET", "/")
        connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return stats


async def sign_in(address, mail, outbox):
    """A session cookie and CSRF token for `mail`, through the sign-in page and the outbox link."""
    connection = Connection(*address)
    status, headers, page = await connection.request("GET", "/sign-in")
    cookie = next(c.split(";")[0] for c in headers.get("set-cookie", []) if c.startswith("mentor_csrf="))
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    before = set(glob.glob(os.path.join(outbox, "*.eml")))
    await connection.request("POST", "/sign-in", {"csrf": token, "email": mail}, cookie)
    link = None
    for _ in range(200):
        for path in set(glob.glob(os.path.join(outbox, "*.eml"))) - before:
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if message["To"] == mail:
                link = re.search(r"/sign-in/[A-Za-z0-9_-]+", message.get_content()).group(0)
        if link:
            break
        await asyncio.sleep(0.05)
    if not link:
        sys.exit(f"no sign-in mail for {mail}")
    status, headers, _ = await connection.request("GET", link)
    session = next(c.split(";")[0] for c in headers.get("set-cookie", []) if c.startswith("mentor_session="))
    status, _, home = await connection.request("GET", "/", cookies=session)
    csrf = re.search(r'name="csrf" value="([^"]+)"', home).group(1)
    connection.close()
    return session, csrf


async def mentor_load(addresses, program, clients, seconds, outbox, seed):
    stats, accepted = Stats(), []
    run = f"{int(time.time())}-{seed}"  # this run's markers differ from any earlier run's in the journal
    coordinators = max(1, clients // 8)
    people = [("coordinator", f"c{i + 1}@example.org", None) for i in range(coordinators)]
    people += [("mentor", f"m{i}@example.org", f"g{i}") for i in range(clients - coordinators)]
    sessions = []
    for index, (role, mail, group) in enumerate(people):  # sign in on one server, use the next
        sessions.append(await sign_in(addresses[index % len(addresses)], mail, outbox))
    print(f"{len(people)} clients signed in ({coordinators} coordinators)", flush=True)
    # The first dashboard view folds the whole journal; later ones reuse it (and refold only what
    # was written since). It is timed on its own, before the clock starts.
    for index, address in enumerate(addresses):
        began = time.perf_counter()
        warm = Connection(*address)
        status, _, _ = await warm.request("GET", f"/programs/{program}", cookies=sessions[0][0])
        warm.close()
        print(f"first dashboard view on server {index + 1}: {time.perf_counter() - began:.2f} s (status {status})", flush=True)
    deadline = time.monotonic() + seconds

    async def client(index, role, group, session):
        cookie, csrf = session
        rng = random.Random(seed + index)
        connection = Connection(*addresses[(index + 1) % len(addresses)])
        writes = 0
        while time.monotonic() < deadline:
            roll = rng.random()
            if role == "coordinator":
                if roll < 0.9:
                    _, _, page = await timed(stats, "GET /programs/P (dashboard)", connection, "GET", f"/programs/{program}",
                                             cookies=cookie)
                    if page and "These figures were made at" in page:
                        stats.earlier += 1  # the last finished report, while a newer one was being made
                else:
                    await timed(stats, "GET /programs/P/report.csv", connection, "GET", f"/programs/{program}/report.csv", cookies=cookie)
                continue
            base = f"/programs/{program}/groups/{group}"
            if roll < 0.45:
                await timed(stats, "GET / (home)", connection, "GET", "/", cookies=cookie)
            elif roll < 0.9:
                await timed(stats, "GET /programs/P/groups/G", connection, "GET", base, cookies=cookie)
            else:
                writes += 1
                marker = f"load-{run}-{index}-{writes}"
                if roll < 0.95:
                    status, _, _ = await timed(stats, "POST .../actions", connection, "POST", base + "/actions",
                                               {"csrf": csrf, "text": marker}, cookie)
                else:
                    status, _, _ = await timed(stats, "POST .../meetings", connection, "POST", base + "/meetings",
                                               {"csrf": csrf, "meeting": "12", "date": "2027-12-13", "notes": marker,
                                                "attendees": [f"m{group[1:]}", f"e{group[1:]}"]}, cookie)
                if status == 303:
                    accepted.append(marker)
        connection.close()

    await asyncio.gather(*(client(i, role, group, sessions[i]) for i, (role, _, group) in enumerate(people)))
    return stats, accepted


def export_markers(mentor, program, store):
    """How many events the journal holds, and how often each `load-` marker appears in them."""
    command = [mentor, "export", program, "--include-private"] + (["--store", store] if store else [])
    events = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    markers = {}
    for event in events:
        details = event.get("details", {})
        for text in (details.get("text"), details.get("notes")):
            if text and text.startswith("load-"):
                markers[text] = markers.get(text, 0) + 1
    return len(events), markers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mentor")
    parser.add_argument("program")
    parser.add_argument("--store", help="a postgres:// URL (default: the SQLite journal beside the program)")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hello", help="the HelloServer binary: load its route first, as the ceiling")
    parser.add_argument("--today", default="2027-09-01", help="the day the dashboard reports on")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    program_key = os.path.splitext(os.path.basename(arguments.program))[0]

    hello_rate = None
    if arguments.hello:
        process, address = start([arguments.hello])
        stats = asyncio.run(hello_load(address, arguments.clients, arguments.seconds))
        hello_rate = stats.print(arguments.seconds, f"Hummingbird's plain hello route: {arguments.clients} clients, "
                                                    f"{arguments.seconds:.0f} s") / arguments.seconds
        print(f"peak memory {peak_memory_mb(process):.0f} MB")
        stop(process)

    before, earlier = export_markers(arguments.mentor, arguments.program, arguments.store)
    outbox = tempfile.mkdtemp(prefix="mentor-load-outbox-")
    servers = []
    for _ in range(arguments.servers):
        command = [arguments.mentor, "serve", arguments.program, "--port", "0", "--outbox", outbox, "--today", arguments.today,
                   "--links-per-client", "100000", "--links-per-address", "100"]
        if arguments.store:
            command += ["--store", arguments.store]
        servers.append(start(command))
    try:
        stats, accepted = asyncio.run(mentor_load([address for _, address in servers], program_key, arguments.clients,
                                                  arguments.seconds, outbox, arguments.seed))
        total = stats.print(arguments.seconds, f"mentor serve ({arguments.servers} server{'s' if arguments.servers > 1 else ''}, "
                                               f"{'PostgreSQL' if arguments.store else 'SQLite'} journal of {before:,} events): "
                                               f"{arguments.clients} clients, {arguments.seconds:.0f} s")
        peaks = [peak_memory_mb(process) for process, _ in servers]
    finally:
        statuses = [stop(process) for process, _ in servers]
    print("server peak memory: " + ", ".join(f"{peak:.0f} MB" for peak in peaks) + "; exit statuses after SIGTERM: "
          + ", ".join(str(status) for status in statuses))
    if hello_rate:
        print(f"requests/s against the hello ceiling: {total / arguments.seconds:.0f} / {hello_rate:.0f} = "
              f"{total / arguments.seconds / hello_rate:.2f}")

    after, markers = export_markers(arguments.mentor, arguments.program, arguments.store)
    markers = {m: count for m, count in markers.items() if m not in earlier}  # this run's only
    lost = [m for m in accepted if markers.get(m, 0) == 0]
    doubled = [m for m, count in markers.items() if count > 1]
    unexpected = [m for m in markers if m not in set(accepted)]
    print(f"writes: {len(accepted)} accepted; journal {before:,} → {after:,} events (+{after - before}); "
          f"lost {len(lost)}, doubled {len(doubled)}, written but not acknowledged {len(unexpected)}")
    errors = sum(count for route in stats.statuses.values() for code, count in route.items() if code >= 500)
    failures = sum(len(f) for f in stats.failures.values())
    for route, problems in stats.failures.items():
        print(f"failed requests on {route}: {len(problems)}, e.g. {problems[0]}")
    ok = errors == 0 and failures == 0 and not lost and not doubled and not unexpected and after - before == len(accepted)
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
