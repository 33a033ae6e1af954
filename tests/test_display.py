"""display.py: an item's type and metadata shown the same everywhere, with or without its plugin."""
from __future__ import annotations

import pytest

from evidence_archive import display
from evidence_archive.api.serialize import item_json
from evidence_archive.display import fields_shown, type_name
from evidence_archive.textsearch.searching import display_meta

from .conftest import make_item, make_set

SIGNER = "นายสมชาย ใจดี (ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา)"


@pytest.fixture
def item(app):
    item = make_item(app, make_set())
    item.meta = {**item.meta, "budget_code": "2563-01"}  # a value no field declares (any more)
    return item


@pytest.mark.parametrize("installed", [True, False], ids=["plugin", "plugin gone"])
def test_the_page_the_api_and_snippets_show_the_same_fields(app, item, installed):
    if not installed:  # stored by a plugin since uninstalled: only the snapshot knows its fields
        item.type_key = "retired_invitation"
    etype = display.evidence_type(item)
    assert (etype is not None) is installed
    shown = fields_shown(item, etype)
    names = [name for name, _label, _text in shown]
    assert names[0] == "doc_number" and names[-1] == "budget_code"  # declared order, then the rest
    assert ("signer", "ผู้ลงนาม", SIGNER) in shown  # a person by its kind, with or without the plugin
    assert ("date", "ลงวันที่", "1 พฤษภาคม 2563") in shown  # a date by its kind, in พ.ศ.
    assert ("budget_code", "budget_code", "2563-01") in shown
    with app.test_request_context():
        api = item_json(item)
    assert [(d["name"], d["label"], d["text"]) for d in api["display"]] == shown
    assert api["type"]["name"] == type_name(item, etype) == "หนังสือเชิญประชุม"
    assert api["type"]["installed"] is installed
    assert f"ผู้ลงนาม: {SIGNER}" in display_meta(item, etype)
    assert "{'name'" not in display_meta(item, etype)  # never a Python dict in a snippet


def test_a_type_is_named_from_its_snapshot_when_its_plugin_is_gone(item):
    item.type_snapshot = {**item.type_snapshot, "name": "หนังสือเชิญ (รุ่นเก่า)", "name_en": "Old invitation"}
    assert type_name(item, None) == "หนังสือเชิญ (รุ่นเก่า)"
    assert type_name(item, None, "en") == "Old invitation"
    item.type_snapshot = {}
    assert type_name(item, None) == "meeting_invitation"  # the key, as the last resort
