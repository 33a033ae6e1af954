"""A plugin that tries to take a key the built-in minutes type owns (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl


@hookimpl
def register_evidence_types():
    return [EvidenceType(key="meeting_minutes", name="ซ้ำ", name_en="Clash",
                         fields=(Field("x", "เอ็กซ์"),))]
