"""Thai full-text search: analysis, text extraction, the Whoosh index and queries."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

#: PyThaiNLP's data folder inside the instance (``init`` makes it).
PYTHAINLP_FOLDER = "pythainlp-data"


def _pythainlp_data() -> str:
    """Where PyThaiNLP may keep data: it makes the folder as soon as it is imported, which
    was ``~/pythainlp-data`` in the home of whoever ran any command.  The archive downloads
    nothing (the dictionaries it uses ship inside PyThaiNLP), so: the instance's folder when
    ``init`` has made it, else PyThaiNLP's own package folder, which exists — a command run
    where no archive is set up (``--help``, ``plugins new``) then makes no folder at all."""
    from flask import Flask

    instance = os.environ.get("EVIDENCE_ARCHIVE_INSTANCE") or Flask("evidence_archive").instance_path
    ours = Path(instance) / PYTHAINLP_FOLDER
    if ours.is_dir():
        return str(ours)
    return importlib.util.find_spec("pythainlp").submodule_search_locations[0]


if not (os.environ.get("PYTHAINLP_DATA") or os.environ.get("PYTHAINLP_DATA_DIR")):
    os.environ["PYTHAINLP_DATA"] = _pythainlp_data()  # before any module here imports PyThaiNLP
