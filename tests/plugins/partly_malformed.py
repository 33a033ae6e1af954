"""A plugin that declares one sound type and one dict (test fixture): it registers neither."""
from evidence_archive import EvidenceType, Field, hookimpl

SCHOOL_REPORT = EvidenceType(key="school_report", name="รายงานของโรงเรียน",
                             name_en="School report", fields=(Field("school", "โรงเรียน"),))


@hookimpl
def register_evidence_types():
    return [SCHOOL_REPORT, {"key": "loose_report", "name": "รายงาน"}]
