#!/usr/bin/env python3
"""Set up and start the ITA Evidence Archive on this machine, or run its tests.

    python3 quickstart.py                 # set up (first time) and serve on http://127.0.0.1:5000
    python3 quickstart.py serve --port 8080
    python3 quickstart.py test [pytest arguments]   # on SQLite, then on PostgreSQL if reachable

Needs only Python 3.11+ with pip and venv.  Everything goes into `.venv/` and
`instance/` beside this file; running it again keeps all data and skips pip
when nothing it installs from has changed.  Only the standard library is used.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CLI = BIN / ("evidence-archive.exe" if os.name == "nt" else "evidence-archive")
STAMP = VENV / ".quickstart-install.json"
# Files whose change means the install is out of date (dependencies, entry points).
INSTALL_INPUTS = ("pyproject.toml",)
USAGE = __doc__.split("\n\n")[1]


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"quickstart: error: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def run(args: list, **kwargs) -> None:
    """Run a command from the project folder; stop with its code if it fails."""
    code = subprocess.call([str(a) for a in args], cwd=ROOT, stdin=subprocess.DEVNULL, **kwargs)
    if code != 0:
        fail(f"command failed with exit code {code}: {' '.join(str(a) for a in args)}", code)


def venv_works() -> bool:
    if not PYTHON.exists():
        return False
    return subprocess.call([str(PYTHON), "-c", "import pip"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0


def ensure_venv() -> None:
    """Create .venv with the standard library's venv unless a working one is there."""
    if venv_works():
        say(f"using virtual environment {VENV}")
        return
    say(f"creating virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    except (OSError, subprocess.CalledProcessError) as exc:
        fail(f"could not create the virtual environment ({exc}). On Debian or Ubuntu, "
             "install the venv module first: apt-get install python3-venv")


def install_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        path = ROOT / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()


def read_stamp() -> dict:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_installed(extras: tuple[str, ...] = ()) -> None:
    """pip install -e . (with extras) unless the stamp says this exact install is done."""
    fingerprint = install_fingerprint()
    stamp = read_stamp()
    done_extras = set(stamp.get("extras", ())) if stamp.get("fingerprint") == fingerprint else None
    if done_extras is not None and set(extras) <= done_extras and CLI.exists():
        say("evidence-archive is installed and up to date (skipping pip)")
        return
    target = "." + (f"[{','.join(extras)}]" if extras else "")
    say(f"installing evidence-archive{' with ' + ', '.join(extras) if extras else ''} "
        f"(pip install -e '{target}')")
    run([PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-e", target])
    # Keep extras installed earlier with the same pyproject: pip does not remove them.
    kept = (done_extras or set()) | set(extras)
    STAMP.write_text(json.dumps({"fingerprint": fingerprint, "extras": sorted(kept)}) + "\n",
                     encoding="utf-8")


def serve(args: list[str]) -> None:
    """Set up the instance (idempotent), then replace this process with the server."""
    ensure_venv()
    ensure_installed()
    say("setting up the archive instance (evidence-archive init; existing data is kept)")
    run([CLI, "init"])
    say("starting the server (evidence-archive serve); press Ctrl+C to stop")
    sys.stdout.flush()
    os.chdir(ROOT)
    os.execv(str(CLI), [str(CLI), "serve", *args])


POSTGRES_URL = "EVIDENCE_ARCHIVE_TEST_POSTGRES_URL"
TEST_DATABASE = "EVIDENCE_ARCHIVE_TEST_DATABASE"
NO_TESTS = 5  # pytest's exit code when no test was selected
ENABLE_POSTGRES = (
    f"to run it, start PostgreSQL (apt-get install postgresql) and set {POSTGRES_URL}="
    "postgresql://USER:PASSWORD@127.0.0.1:5432/DB for a role that may create databases "
    "(.ci/run shows the commands)")


def halves(args: list[str]) -> list[str]:
    """Return the databases to run the suite on: both, unless --db or the environment names one."""
    for n, arg in enumerate(args):
        if arg.startswith("--db="):
            return [arg.split("=", 1)[1]]
        if arg == "--db" and n + 1 < len(args):
            return [args[n + 1]]
    named = os.environ.get(TEST_DATABASE)
    return [named] if named else ["sqlite", "postgres"]


def postgres_problem() -> str | None:
    """Say why the PostgreSQL server of the tests cannot be used, or None when it can."""
    url = os.environ.get(POSTGRES_URL)
    if not url:
        return f"{POSTGRES_URL} is not set"
    probe = ("import sys, psycopg\n"
             "url = sys.argv[1].replace('postgresql+psycopg://', 'postgresql://', 1)\n"
             "psycopg.connect(url, connect_timeout=5).close()")
    done = subprocess.run([str(PYTHON), "-c", probe, url], cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    if done.returncode == 0:
        return None
    lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
    return f"cannot connect: {lines[-1] if lines else 'exit code ' + str(done.returncode)}"


def parallel(args: list[str]) -> list[str]:
    """Run on every CPU (pytest-xdist) unless the arguments choose otherwise."""
    own = ("-n", "--numprocesses", "--dist", "--pdb", "--trace")
    chosen = any(a.startswith(own) for a in args) or "no:xdist" in args
    return [] if chosen else ["-n", "auto"]


def test(args: list[str]) -> None:
    """Install with the test extras, run pytest on SQLite then on PostgreSQL; exit non-zero if either fails."""
    ensure_venv()
    ensure_installed(("test",))
    in_ci = bool(os.environ.get("CI"))
    results = {}
    for database in halves(args):
        if database == "postgres" and (problem := postgres_problem()):
            if in_ci:  # in CI a missing server must fail, never pass silently
                say(f"PostgreSQL half: FAILED before it started: {problem}")
                results[database] = 1
            else:
                say(f"PostgreSQL half: skipped, {problem}; {ENABLE_POSTGRES}")
            continue
        extra = [] if any(a == "--db" or a.startswith("--db=") for a in args) else [f"--db={database}"]
        command = ["-m", "pytest", *extra, *parallel(args), *args]
        say(f"running the tests on {database} (python {' '.join(command)})")
        results[database] = subprocess.call([str(PYTHON), *command], cwd=ROOT,
                                            stdin=subprocess.DEVNULL)
        if results[database] not in (0, NO_TESTS) and ("-x" in args or "--exitfirst" in args):
            break
    sys.exit(report(results))


def report(results: dict[str, int]) -> int:
    """Print each half's outcome; return the exit code of the whole run."""
    for database, code in results.items():
        word = {0: "passed", NO_TESTS: "no test selected"}.get(code, "FAILED")
        say(f"{database} half: {word} (exit code {code})")
    codes = list(results.values())
    if codes and all(code == NO_TESTS for code in codes):
        return NO_TESTS
    # A half with nothing to run (tests that open no archive, on PostgreSQL) is no failure.
    return next((code for code in codes if code not in (0, NO_TESTS)), 0)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):
        fail(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    command, rest = (argv[0], argv[1:]) if argv else ("serve", [])
    if command in ("-h", "--help", "help"):
        print(USAGE)
        return
    if command == "test":
        test(rest)
    elif command == "serve":
        serve(rest)
    else:
        fail(f"unknown command {command!r}\n{USAGE}", 2)


if __name__ == "__main__":
    main(sys.argv[1:])
