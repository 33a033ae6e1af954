"""A plugin that declares the built-in key meeting_minutes and a second key, school_visit (test fixture).

With a problem in its types it must register none of them, so that
school_visit goes to the plugin that really owns it, whatever the load order.
"""
from evidence_archive import EvidenceType, Field, hookimpl

MINUTES = EvidenceType(key="meeting_minutes", name="รายงานการประชุม (ของเขต)",
                       name_en="Minutes (district copy)", fields=(Field("x", "เอ็กซ์"),))
VISIT = EvidenceType(key="school_visit", name="บันทึกการเยี่ยมโรงเรียน (ของเขต)",
                     name_en="School visit (district copy)", fields=(Field("x", "เอ็กซ์"),))


@hookimpl
def register_evidence_types():
    return [MINUTES, VISIT]
