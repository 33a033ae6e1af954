"""A plugin written for a hook version this archive does not have yet (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "2.0.0"
evidence_archive_hook_version = 99

FUTURE = EvidenceType(key="future_report", name="รายงานจากอนาคต", name_en="Future report",
                      fields=(Field("x", "เอ็กซ์"),))


@hookimpl
def register_evidence_types():
    return [FUTURE]
