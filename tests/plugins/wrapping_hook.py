"""A plugin that wraps a hook (test fixture): the archive calls each implementation alone,
so a wrapper would silently never run; the plugin is refused as a whole instead."""
from evidence_archive import EvidenceType, Field, hookimpl

WRAPPED = EvidenceType(key="wrapped_note", name="บันทึกที่ห่อฮุก", fields=(Field("x", "เอ็กซ์"),))


@hookimpl
def register_evidence_types():
    return [WRAPPED]


@hookimpl(wrapper=True)
def extra_search_fields(item, app):
    found = yield
    return found
