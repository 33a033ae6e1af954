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
HOOK_VERSION = 1

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
