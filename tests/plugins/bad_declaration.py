"""A plugin whose type declaration is wrong: its date field is text (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

VISIT = EvidenceType(
    key="visit_note", name="บันทึกการเยี่ยมโรงเรียน", name_en="Visit note",
    fields=(Field("school", "โรงเรียน"), Field("visited", "วันที่เยี่ยม")),
    date_field="visited",
)


@hookimpl
def register_evidence_types():
    return [VISIT]
