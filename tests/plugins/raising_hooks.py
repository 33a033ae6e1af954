"""A plugin whose every hook raises (test fixture): each is reported and skipped."""
from evidence_archive import hookimpl


@hookimpl
def register_evidence_types():
    raise RuntimeError("types went wrong")


@hookimpl
def extra_validation():
    raise RuntimeError("validation went wrong")


@hookimpl
def make_preview():
    raise RuntimeError("preview went wrong")


@hookimpl
def extract_text():
    raise RuntimeError("reading went wrong")


@hookimpl
def extra_search_fields():
    raise RuntimeError("search went wrong")


@hookimpl
def extra_manifest_columns():
    raise RuntimeError("columns went wrong")


@hookimpl
def register_commands():
    raise RuntimeError("commands went wrong")


@hookimpl
def register_blueprints():
    raise RuntimeError("pages went wrong")
