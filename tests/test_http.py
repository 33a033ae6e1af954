"""Download headers keep Thai names and give old clients a readable ASCII name."""
from urllib.parse import unquote

import pytest

from evidence_archive.http import ascii_fallback, content_disposition


@pytest.mark.parametrize("name,fallback", [
    ("หนังสือเชิญประชุม ครั้งที่ 1.pdf", "1.pdf"),
    ("คำสั่ง.pdf", "evidence.pdf"),
    ("report 2563.docx", "report 2563.docx"),
    ('a"b.txt', "ab.txt"),
    ("ภาพ", "evidence"),
])
def test_ascii_fallback(name, fallback):
    assert ascii_fallback(name) == fallback


def test_content_disposition_keeps_the_thai_name():
    header = content_disposition("รายงานการประชุม ครั้งที่ 2/2563.pdf")
    assert header.startswith('attachment; filename="2_2563.pdf"')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "รายงานการประชุม ครั้งที่ 2/2563.pdf"
    assert content_disposition("ภาพ.jpg", inline=True).startswith("inline;")
