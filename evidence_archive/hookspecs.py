"""Hook specifications: the whole contract between the archive and its plugins.

Every evidence type, the five built-in ones included, reaches the archive only
through these hooks.  Implement them with ``@evidence_archive.hookimpl``; an
implementation may accept fewer arguments than the spec lists.
"""
from __future__ import annotations

import pluggy

PROJECT = "evidence_archive"
#: Version of this hook contract.  A change that would break an existing plugin
#: adds a new hook instead of changing one; this number counts such additions.
HOOK_VERSION = 2  # 2: extract_text

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------
# Evidence types
# ---------------------------------------------------------------------------

@hookspec
def register_evidence_types(app):
    """Return the evidence types this plugin adds.

    Called once while the app is created, after every plugin is loaded.

    :param app: the Flask application being created (read ``app.config``; do
        not keep request-time state on it).
    :return: a list of :class:`evidence_archive.types.EvidenceType`, or None.
        A type key already taken by another plugin is reported and skipped.
    """


# ---------------------------------------------------------------------------
# Text inside files
# ---------------------------------------------------------------------------

@hookspec(firstresult=True)
def extract_text(path, media_type, kind, app):
    """Return the text inside one stored file, for search.

    Called by the background extraction worker (never while a request is
    being answered), once per stored file content, in pluggy's order:
    ``tryfirst`` implementations, then the others newest-registered first,
    then ``trylast`` ones (slow fallbacks such as OCR).  An implementation
    that raises is reported on the file and the next one is asked.

    :param path: a :class:`pathlib.Path` to the file in the blob store; read it,
        never change, move or delete it.
    :param media_type: the media type detected from the content at upload,
        e.g. ``application/pdf``.
    :param kind: the file kind from :mod:`evidence_archive.sniff`: ``pdf``,
        ``image``, ``word``, ``spreadsheet``, ``presentation``, ``text``, ...
    :param app: the Flask application (read ``app.config``; an app context is active).
    :return: the text as the file shows it (a str, ``""`` when the file holds
        no text), or None when this plugin cannot read this file, so that the
        next plugin is asked.  Stops at first non-None result.
    """
