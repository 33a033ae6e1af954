"""Scaffold a new plugin package: ``evidence-archive plugins new NAME`` (สร้างปลั๊กอินใหม่).

The package holds the evidence type asked for (its key, its Thai and English
names) with the fields most Thai official documents state, to be made its
own — or, with ``--example``, docs/plugins.md's tutorial type (รายงานการนิเทศ
ติดตาม, a supervision visit report) — the entry point through which the
archive finds it, tests written with :mod:`evidence_archive.testing` and a
README.  It installs with ``pip install -e`` and passes its own tests as it
is.  The files are rendered from ``scaffold_template/*.tmpl`` with
:class:`string.Template`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from string import Template

import click

from . import hookspecs
from .plugins import ENTRY_POINT_GROUP
from .types import KEY_RE

#: Lower-case letters and digits, words joined by single ``_`` or ``-``.
NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")
NAME_MAX = 40

#: Template file → path in the new package (``{module}``, ``{plugin}`` filled in).
FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "gitignore.tmpl": ".gitignore",
    "module.py.tmpl": "{module}/__init__.py",
    "conftest.py.tmpl": "tests/conftest.py",
    "test_plugin.py.tmpl": "tests/test_{plugin}.py",
}
#: With ``--example``: the tutorial's type and its tests instead of the starter's.
EXAMPLE_FILES = {**FILES, "module.py.tmpl": None, "test_plugin.py.tmpl": None,
                 "example_module.py.tmpl": "{module}/__init__.py",
                 "example_test.py.tmpl": "tests/test_{plugin}.py"}
TYPE_NAME_MAX = 100
#: A type name goes into Python source and a README as it is: one line, no quote or backslash.
_NAME_REFUSED = re.compile(r'[\x00-\x1f\x7f"\\`]')


@dataclass(frozen=True)
class PluginNames:
    """The names one plugin goes by, all derived from the NAME typed."""

    plugin: str  # entry-point name: plugins list, DISABLED_PLUGINS (supervision_report)
    module: str  # Python package (evidence_archive_supervision_report)
    dist: str  # pip distribution and default folder (evidence-archive-supervision-report)
    type_key: str  # key of the evidence type (supervision_report)


@dataclass(frozen=True)
class TypeNames:
    """What the new evidence type is called: in Thai (users see it first) and in English."""

    name: str
    name_en: str
    named: bool = True  # False: the Thai name is a stand-in until the author gives one
    summary: str = ("a starting point: subject, document number, date and details; files: PDF, "
                    "Word or photo — make the fields your own")


EXAMPLE = TypeNames("รายงานการนิเทศ ติดตาม", "Supervision visit report",
                    summary="school, supervisor, visit date, findings; files: PDF, Word or photo")


def type_names(type_key: str, name: str | None = None, name_en: str | None = None) -> TypeNames:
    """Check the names given for the type, or make them from its key; raise ValueError."""
    for label, value in (("--name", name), ("--name-en", name_en)):
        if value is not None and not (0 < len(value.strip()) <= TYPE_NAME_MAX
                                      and not _NAME_REFUSED.search(value)):
            raise ValueError(f"{label} {value!r}: one line of 1-{TYPE_NAME_MAX} characters, "
                             "without quotes, backslashes or backticks")
    english = name_en.strip() if name_en else type_key.replace("_", " ").capitalize()
    if name:
        return TypeNames(name.strip(), english)
    return TypeNames(f"ประเภทหลักฐาน {type_key}", english, named=False)


def plugin_names(name: str, type_key: str | None = None) -> PluginNames:
    """Check NAME (and KEY) and derive the plugin's names; raise ValueError saying what is wrong."""
    if not (NAME_RE.fullmatch(name or "") and 2 <= len(name) <= NAME_MAX):
        raise ValueError(
            f"plugin name {name!r}: use {2}-{NAME_MAX} lower-case letters and digits, "
            "words joined by _ or - (e.g. supervision_report), starting with a letter")
    plugin = name.replace("-", "_")
    key = plugin if type_key is None else type_key
    if not KEY_RE.fullmatch(key):
        raise ValueError(f"type key {key!r}: use 2-64 lower-case letters, digits and _, "
                         "starting with a letter")
    return PluginNames(plugin=plugin, module=f"evidence_archive_{plugin}",
                       dist=f"evidence-archive-{plugin.replace('_', '-')}", type_key=key)


def installed_owner(plugin: str) -> str | None:
    """Return the distribution that already installs a plugin of this name, or None."""
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == plugin:
            return ep.dist.name if ep.dist else "an installed package"
    return None


def _hook_version_line() -> str:
    """Declare the hook version this archive has, if it lets plugins declare one."""
    attribute = getattr(hookspecs, "HOOK_VERSION_ATTRIBUTE", None)
    if not attribute:
        return ""
    return (f"{attribute} = {hookspecs.HOOK_VERSION}  "
            "# the version of the archive's hooks this plugin was written for\n")


def render(template: str, names: PluginNames, folder: Path, kind: TypeNames = EXAMPLE) -> str:
    """Fill one template with the plugin's and its type's names."""
    text = (resources.files("evidence_archive") / "scaffold_template" / template).read_text("utf-8")
    return Template(text).substitute(
        plugin=names.plugin, module=names.module, dist=names.dist, type_key=names.type_key,
        folder=folder.name, hook_version_line=_hook_version_line(),
        type_name=kind.name, type_name_en=kind.name_en, type_summary=kind.summary,
        type_name_py=json.dumps(kind.name, ensure_ascii=False),
        type_name_en_py=json.dumps(kind.name_en, ensure_ascii=False),
        type_constant=names.type_key.upper())


def scaffold(names: PluginNames, folder: Path, kind: TypeNames | None = None) -> list[Path]:
    """Write the new package into `folder` (absent or empty); return the files written.

    `kind` names a starter type; None writes the tutorial's example type instead."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} already exists and is not empty; nothing was written")
    files = FILES if kind is not None else EXAMPLE_FILES
    contents = {folder / target.format(module=names.module, plugin=names.plugin):
                render(template, names, folder, kind or EXAMPLE)
                for template, target in files.items() if target}
    for path, text in contents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(contents)


@click.command("new")
@click.argument("name")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to create the package in (default: ./evidence-archive-NAME).")
@click.option("--type-key", default=None,
              help="Key of the evidence type (default: NAME with _ for -).")
@click.option("--name", "type_name", default=None,
              help='The type\'s Thai name, e.g. "บันทึกข้อความขออนุมัติ" (users see it).')
@click.option("--name-en", "type_name_en", default=None,
              help="The type's English name (default: from its key).")
@click.option("--example", is_flag=True,
              help="Write docs/plugins.md's tutorial type (the supervision report) instead.")
def new_plugin_command(name: str, folder: Path | None, type_key: str | None,
                       type_name: str | None, type_name_en: str | None, example: bool):
    """Create a plugin package with an evidence type, its tests and a README."""
    try:
        names = plugin_names(name, type_key)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME or --type-key") from None
    if example and (type_name or type_name_en):
        raise click.UsageError("--example writes the tutorial's type with its own names; "
                               "leave out --name and --name-en")
    try:
        kind = None if example else type_names(names.type_key, type_name, type_name_en)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--name or --name-en") from None
    owner = installed_owner(names.plugin)
    if owner is not None:
        raise click.ClickException(
            f"a plugin named {names.plugin!r} is already installed (from {owner}); "
            "choose another NAME")
    folder = folder or Path.cwd() / names.dist
    try:
        written = scaffold(names, folder, kind)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {names.dist} in {folder}:")
    for path in written:
        click.echo(f"  {path.relative_to(folder)}")
    described = EXAMPLE if kind is None else kind
    click.echo(f"Plugin {names.plugin!r}, module {names.module}, evidence type {names.type_key!r} "
               f"({described.name} · {described.name_en}).")
    if kind is not None and not kind.named:
        click.echo(f"Give the type its Thai name: name= in {folder / names.module / '__init__.py'} "
                   "(or run again with --name).")
    click.echo("Next (in the archive's virtual environment, see README.md):")
    click.echo(f"  cd {folder}")
    click.echo("  pip install -e .")
    click.echo("  pytest")
    click.echo("  evidence-archive plugins list")
