#!/usr/bin/env python3
"""What a group page costs when the program's type is a plugin, against the same program with a
built-in type, served by one `mentor serve` (issue 16, item 4).

    swift build -c release --product mentor
    python3 Tests/LoadTest/plugin_pages.py .build/release/mentor [--requests 400] [--clients 1]

The flash example (Plugins/Examples/flash) is served twice: as it is (type `flash`, the Python
plugin, put on a PATH entry of its own so that no trust step is needed) and with `type:
one-to-one` (the same people, plans and meeting length; the built-in type lays out 5 meetings
where flash lays out 3). The mentee of both pairs signs in once; each client requests the two
group pages in turn (A B A B ...), so both see the same machine. Prints p50/p90/p99 per page and
their ratio, the plugin processes the server keeps, and fails (exit 1) on any error. Bounded:
--requests per page and client, then the server is stopped.
"""
import argparse, asyncio, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load_test import Connection, percentile, sign_in, start, stop  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def plugin_processes(server_pid):
    """Process ids of the server's children whose command line names the flash plugin."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as command:
                line = command.read()
        except OSError:
            continue
        if parent == server_pid and b"mentor-program-flash" in line:
            found.append(int(entry))
    return found


async def run(mentor, requests, clients):
    work = tempfile.mkdtemp(prefix="mentor-plugin-pages-")
    try:
        plugins = os.path.join(work, "bin")
        os.makedirs(plugins)
        shutil.copy(os.path.join(ROOT, "Plugins/Examples/flash/plugins/mentor-program-flash"), plugins)
        with open(os.path.join(ROOT, "Plugins/Examples/flash/flash.yaml")) as source:
            text = source.read()
        text = text.replace("name: Noor Aziz,", "name: Noor Aziz, email: noor@example.org,")
        text = text.replace("name: Leo Brandt,", "name: Leo Brandt, email: leo@example.org,")
        with open(os.path.join(work, "flash.yaml"), "w") as out:
            out.write(text)
        builtin = re.sub(r", skills: \[[^]]*\]", "", text.replace("type: flash", "type: one-to-one"))
        with open(os.path.join(work, "builtin.yaml"), "w") as out:
            out.write(builtin)
        environment = dict(os.environ, PATH=plugins + ":" + os.environ.get("PATH", ""))
        command = [mentor, "serve", os.path.join(work, "flash.yaml"), os.path.join(work, "builtin.yaml"), "--port", "0"]
        process, address = start(command, env=environment)
        try:
            outbox = os.path.join(work, ".mentor", "outbox")
            pages = {"flash (plugin)": "/programs/flash/groups/aziz-brandt",
                     "one-to-one (built in)": "/programs/builtin/groups/aziz-brandt"}
            times = {name: [] for name in pages}
            errors = []

            cookie, _ = await sign_in(address, "leo@example.org", outbox)

            async def client():
                connection = Connection(*address)
                for _ in range(2):  # warm-up
                    for path in pages.values():
                        await connection.request("GET", path, cookies=cookie)
                for _ in range(requests):
                    for name, path in pages.items():
                        began = time.perf_counter()
                        status, _, body = await connection.request("GET", path, cookies=cookie)
                        times[name].append((time.perf_counter() - began) * 1000)
                        if status != 200 or "Leo Brandt" not in body:
                            errors.append(f"{path}: {status}")
                connection.close()

            await asyncio.gather(*(client() for _ in range(clients)))
            kept = plugin_processes(process.pid)
        finally:
            stop(process)
        print(f"{requests} requests per page and client, {clients} client(s) at once; milliseconds")
        print(f"{'page':<24} {'p50':>7} {'p90':>7} {'p99':>7}")
        for name, values in times.items():
            print(f"{name:<24} {percentile(values, 0.5):7.2f} {percentile(values, 0.9):7.2f} {percentile(values, 0.99):7.2f}")
        plugin, built = times["flash (plugin)"], times["one-to-one (built in)"]
        print(f"ratio plugin / built in: p50 {percentile(plugin, 0.5) / percentile(built, 0.5):.2f}, "
              f"p99 {percentile(plugin, 0.99) / percentile(built, 0.99):.2f}")
        print(f"plugin processes kept by the server: {len(kept)}")
        if errors:
            print(f"{len(errors)} errors, e.g. {errors[:3]}")
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mentor")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=1)
    arguments = parser.parse_args()
    sys.exit(asyncio.run(run(arguments.mentor, arguments.requests, arguments.clients)))


if __name__ == "__main__":
    main()
