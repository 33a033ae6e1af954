"""Another office's supervision report type under the same key, supervision_report (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

RIVAL = EvidenceType(
    key="supervision_report", name="รายงานการนิเทศ (ฉบับของอีกเขต)",
    name_en="Supervision report (another district's)",
    fields=(Field("school", "โรงเรียน", "School", required=True),
            Field("visit_date", "วันที่นิเทศ", "Visit date", kind="date"),
            Field("findings", "ผลการนิเทศ", "Findings", kind="longtext")),
    title_field="school",
)


@hookimpl
def register_evidence_types():
    return [RIVAL]
