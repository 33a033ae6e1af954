"""A plugin that misspells a hook name (test fixture): pluggy's check_pending catches it."""
from evidence_archive import hookimpl


@hookimpl
def register_evidence_type():  # the hook is register_evidence_types
    return []
