"""A district's own evidence type, dropped into the plugins folder (test fixture)."""
from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "0.3.0"

SUPERVISION = EvidenceType(
    key="supervision_report",
    name="รายงานการนิเทศ ติดตาม",
    name_en="Supervision visit report",
    fields=(
        Field("school", "โรงเรียน", "School", required=True),
        Field("visit_date", "วันที่นิเทศ", "Visit date", kind="date", required=True),
        Field("findings", "ผลการนิเทศ", "Findings", kind="longtext"),
    ),
    accepts=("pdf", "word"),
    title_field="school",
    date_field="visit_date",
)


@hookimpl
def register_evidence_types():
    return [SUPERVISION]
