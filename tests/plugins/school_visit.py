"""The plugin that owns the type key school_visit (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"

SCHOOL_VISIT = EvidenceType(
    key="school_visit", name="บันทึกการเยี่ยมโรงเรียน", name_en="School visit note",
    fields=(Field("school", "โรงเรียน", "School", required=True),
            Field("visited", "วันที่เยี่ยม", "Visited on", kind="date")),
    title_field="school", date_field="visited",
)


@hookimpl
def register_evidence_types():
    return [SCHOOL_VISIT]
