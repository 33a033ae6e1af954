"""CPU per request kind on a served archive, and what writes cost searches.

Serves a fresh archive like ``load.py`` (``evidence-archive serve``: 4 web
processes × 8 threads and the background worker, SQLite unless
``--database-url``), uploads ``--seed`` items, then runs each workload for
``--seconds`` and prints the requests answered, the CPU the web processes and
the background worker used (from /proc, as % of one CPU), web CPU ms per
request where one kind ran alone, and search p50/p95 where clients searched:

* ``search``: two clients search (one signed in, one anonymous) — the baseline;
* ``upload x8`` / ``upload x1``: 8 clients, then 1, upload as fast as answered;
* ``upload x8 + search``: both at once — what uploads cost a search.

    python bench/request_cpu.py                               # as configured by default
    python bench/request_cpu.py --set WRITE_CONCURRENCY=0     # changes not taking turns

The clients are load.py's own (the same items, queries and checks).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import load  # noqa: E402
from evidence_archive.liveserver import ServedArchive  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def measure(run: load.Run, label: str, clients: list[tuple], seconds: float,
            searchers: load.Searchers | None = None) -> str:
    processes = run.archive.processes()
    web, background = processes["web"], processes["background"]
    run.stop = threading.Event()
    run.begin(label)
    first = len(run.requests)
    web0, background0, started = cpu_seconds(web), cpu_seconds(background), time.monotonic()
    threads = load.run_threads(clients)
    if searchers:
        searchers.go()
    time.sleep(seconds)
    run.stop.set()
    if searchers:
        searchers.pause(run)
    for thread in threads:
        thread.join(120)
    elapsed = time.monotonic() - started
    web_cpu, background_cpu = cpu_seconds(web) - web0, cpu_seconds(background) - background0
    kinds: dict[str, int] = {}
    for request in run.requests[first:]:
        kinds[request.kind] = kinds.get(request.kind, 0) + 1
    line = (f"{label:20} {elapsed:5.1f} s  " + ", ".join(f"{n} {k}s" for k, n in kinds.items())
            + f"  web {100 * web_cpu / elapsed:.0f} %  background {100 * background_cpu / elapsed:.0f} %")
    if len(kinds) == 1:
        (kind, n), = kinds.items()
        line += f"  web CPU per {kind} {1000 * web_cpu / n:.1f} ms"
    latencies = sorted(s for _t, s, phase, _parts in run.searches if phase == label)
    if latencies:
        line += (f"  search p50 {1000 * load.percentile(latencies, 50):.0f} ms"
                 f" p95 {1000 * load.percentile(latencies, 95):.0f} ms")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=300, help="items uploaded before measuring")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--database-url", help="PostgreSQL (a database of its own); SQLite when not given")
    parser.add_argument("--set", action="append", default=[], metavar="SETTING=VALUE")
    args = parser.parse_args()
    settings = {k: json.loads(v) for k, v in (pair.split("=", 1) for pair in args.set)}
    uploaders = lambda run, n: [(load.uploader, run, 10 ** 9) for _ in range(n)]  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="ea-cpu-") as tmp:
        archive = ServedArchive(Path(tmp) / "archive", workers=4, threads=8,
                                database_url=args.database_url,
                                settings={"EXTRACTION_POLL_INTERVAL": 0.5, **settings})
        archive.start()
        run = load.Run(archive)
        searchers = load.Searchers(archive)  # forked before the uploaders' threads start
        try:
            load.seed(run, args.seed)
            print(f"settings {settings or 'default'}, {args.seed} items, {os.cpu_count()} CPUs", flush=True)
            for label, clients, searching in (
                    ("search", [], True), ("upload x8", uploaders(run, 8), False),
                    ("upload x1", uploaders(run, 1), False),
                    ("upload x8 + search", uploaders(run, 8), True)):
                load.wait_for_quiet(archive)
                print(measure(run, label, clients, args.seconds, searchers if searching else None),
                      flush=True)
        finally:
            searchers.quit(run)
            archive.stop()


if __name__ == "__main__":
    main()
