"""A type declared as a district writes one at first: Thai names only (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"

BUDGET_NOTE = EvidenceType(
    key="budget_note", name="บันทึกข้อความขออนุมัติงบประมาณ",
    fields=(Field("subject", "เรื่อง", required=True),),
    title_field="subject",
)


@hookimpl
def register_evidence_types():
    return [BUDGET_NOTE]
