"""Write a benchmark's result as ``bench/results/<name>-<date>.json``, with the run's circumstances."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def save(name: str, args, started: float, result: dict, write: bool = True) -> dict:
    """Return the record (date, duration, arguments, machine, result); write it unless told not to."""
    record = {"date": dt.date.today().isoformat(), "seconds": round(time.time() - started, 1),
              "args": vars(args), "machine": {"cpus": os.cpu_count(),
                                              "python": platform.python_version(),
                                              "load_at_end": os.getloadavg()}, **result}
    if write:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{name}-{record['date']}.json"
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return record
