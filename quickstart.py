#!/usr/bin/env python3
"""Set up and start the ITA Evidence Archive on this machine, or run its tests.

    python3 quickstart.py                 # set up (first time) and serve on http://127.0.0.1:5000
    python3 quickstart.py serve --port 8080
    python3 quickstart.py test [pytest arguments]

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


def test(args: list[str]) -> None:
    """Install with the test extras and run pytest; exit with pytest's code."""
    ensure_venv()
    ensure_installed(("test",))
    say(f"running the tests (python -m pytest {' '.join(args)})".rstrip())
    code = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT,
                           stdin=subprocess.DEVNULL)
    say(f"pytest finished with exit code {code}")
    sys.exit(code)


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
