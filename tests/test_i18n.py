"""Every interface string has English, and the language switch works."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence_archive.i18n import _table

PACKAGE = Path(__file__).parent.parent / "evidence_archive"
# _('...') / _("...") in templates and Python, including gettext aliases.
CALL = re.compile(r"""\b_\(\s*(?P<q>['"])(?P<text>(?:(?!(?P=q)).)+)(?P=q)""")
THAI = re.compile(r"[\u0e00-\u0e7f]")


def interface_strings() -> set[str]:
    found = set()
    for path in list(PACKAGE.rglob("*.html")) + list(PACKAGE.rglob("*.py")):
        for match in CALL.finditer(path.read_text("utf-8")):
            if THAI.search(match["text"]):
                found.add(match["text"])
    return found


def test_every_thai_interface_string_has_english():
    english = _table("en")
    missing = sorted(s for s in interface_strings() if s not in english)
    assert not missing, "add these to evidence_archive/translations/en/<area>.json:\n" + "\n".join(missing)


def test_english_table_has_no_thai_values():
    assert not [k for k, v in _table("en").items() if THAI.search(v)]


@pytest.mark.parametrize("lang,text", [("th", "เข้าสู่ระบบ"), ("en", "Sign in")])
def test_language_switch(client, lang, text):
    client.get(f"/lang/{lang}")
    assert text in client.get("/login").get_data(as_text=True)
