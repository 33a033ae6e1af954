"""A plugin that declares its type as a dict, not an EvidenceType (test fixture)."""
from evidence_archive import hookimpl


@hookimpl
def register_evidence_types():
    return [{"key": "loose_report", "name": "รายงาน"}, "school_report"]
