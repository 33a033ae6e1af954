"""docs/plugins.md: one section per hook under its exact signature, every field kind, code that compiles."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from evidence_archive import hookspecs
from evidence_archive.fields import KINDS

PLUGINS_MD = Path(__file__).parent.parent / "docs" / "plugins.md"
HEADING = re.compile(r"^#{2,4} (.+)$", re.MULTILINE)
CODE_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def hook_names() -> list[str]:
    return [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(fn, "evidence_archive_spec")]


def signature(name: str) -> str:
    """Return a hook's signature as written in a heading, e.g. `extract_text(path, media_type, kind, app)`."""
    return f"`{name}{inspect.signature(getattr(hookspecs, name))}`"


@pytest.fixture(scope="module")
def doc() -> str:
    return PLUGINS_MD.read_text("utf-8")


@pytest.fixture(scope="module")
def headings(doc) -> list[str]:
    return HEADING.findall(doc)


def test_there_are_hooks_to_document():
    assert {"register_evidence_types", "extract_text"} <= set(hook_names())


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_has_a_section_headed_by_its_signature(name, headings):
    assert [h for h in headings if signature(name) in h], (
        f"docs/plugins.md has no heading with {signature(name)}")


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_section_has_an_example(name, doc):
    start = doc.index(signature(name))
    following = HEADING.search(doc, doc.index("\n", start))
    section = doc[start:following.start() if following else len(doc)]
    assert "```python" in section and f"def {name}(" in section, name


def test_no_section_for_a_hook_that_does_not_exist(headings):
    documented = {m[1] for h in headings for m in re.finditer(r"`((\w+)\([^`]*\))`", h)}
    assert documented <= {signature(n)[1:-1] for n in hook_names()}, documented


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_kind_is_documented(kind, doc):
    assert re.search(rf"^\| `{kind}` \|", doc, re.MULTILINE), f"field kind {kind} is not in the table"


def test_python_code_blocks_compile(doc):
    blocks = [code for lang, code in CODE_BLOCK.findall(doc) if lang == "python"]
    assert len(blocks) >= 10
    for number, code in enumerate(blocks, 1):
        compile(code, f"docs/plugins.md python block {number}", "exec")


def test_the_doc_is_in_thai_and_english(doc, headings):
    for heading in headings:
        if heading.startswith("`"):
            continue  # a hook's signature
        assert re.search("[\u0e00-\u0e7f]", heading) and re.search("[A-Za-z]", heading), heading
