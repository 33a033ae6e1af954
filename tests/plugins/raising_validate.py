"""A type whose own validate raises (test fixture): nothing of it may be stored unchecked."""
from evidence_archive import EvidenceType, Field, hookimpl


def validate(values):
    raise KeyError("budget_year")


CHECKED = EvidenceType(key="checked_note", name="บันทึกที่ตรวจข้ามช่อง",
                       fields=(Field("subject", "เรื่อง", required=True),),
                       title_field="subject", validate=validate)


@hookimpl
def register_evidence_types():
    return [CHECKED]
