"""Build the plugin manager and gather what plugins register, per app."""
from __future__ import annotations

import importlib.util
import logging
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from . import hookspecs
from .types import TypeRegistry

ENTRY_POINT_GROUP = "evidence_archive"
log = logging.getLogger(__name__)


@dataclass
class PluginInfo:
    """What the archive knows about one loaded (or failed) plugin."""

    name: str
    version: str = ""
    source: str = ""  # "entry point <dist>" or the file it was loaded from
    hooks: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    error: str = ""
    disabled: bool = False


class Plugins:
    """One app's plugin manager, its plugins' descriptions and its evidence types."""

    def __init__(self, pm: pluggy.PluginManager, infos: dict[str, PluginInfo]):
        self.pm = pm
        self.infos = infos
        self.types = TypeRegistry()

    @property
    def problems(self) -> list[str]:
        return [f"{i.name}: {i.error}" for i in self.infos.values() if i.error] + self.types.problems

    def call_each(self, hook_name: str, **kwargs):
        """Call every implementation of a hook alone; yield (plugin name, result).

        A plugin that raises is reported and skipped, so one broken plugin
        never stops the others.
        """
        caller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():  # registration order
            name = self.pm.get_name(impl.plugin)
            args = {a: kwargs[a] for a in impl.argnames if a in kwargs}
            try:
                yield name, impl.function(**args)
            except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
                log.exception("plugin %s failed in %s", name, hook_name)
                info = self.infos.setdefault(name, PluginInfo(name))
                info.error = f"{hook_name}: {type(exc).__name__}: {exc}"

    def collect_types(self, app) -> None:
        """Ask every plugin for its evidence types and register them."""
        for name, returned in self.call_each("register_evidence_types", app=app):
            if returned is None:
                continue
            if not isinstance(returned, (list, tuple)):
                returned = [returned]
            for etype in returned:
                self.types.add(etype, name)
                if self.types.get(getattr(etype, "key", None)) is etype:
                    self.infos[name].types.append(etype.key)
        for problem in self.types.problems:
            log.error("plugin problem: %s", problem)


def _hooks_of(pm: pluggy.PluginManager, plugin) -> list[str]:
    return sorted(h.name for h in (pm.get_hookcallers(plugin) or []))


def _load_entry_points(pm, infos, disabled) -> None:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist else ""
        info = PluginInfo(ep.name, ep.dist.version if ep.dist else "", f"entry point ({dist})")
        infos[ep.name] = info
        if ep.name in disabled:
            info.disabled = True
            continue
        try:
            module = ep.load()
            pm.register(module, name=ep.name)
            info.version = str(getattr(module, "__version__", "") or info.version)
        except Exception as exc:  # noqa: BLE001 - report any import failure
            log.exception("could not load plugin %s", ep.name)
            info.error = f"{type(exc).__name__}: {exc}"


def _load_folder(pm, infos, folder: Path, disabled) -> None:
    """Register each .py file or package dropped into the instance plugins folder."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        target = path / "__init__.py" if path.is_dir() else path
        if path.is_file() and path.suffix != ".py" or not target.exists():
            continue
        name = path.stem
        info = infos.setdefault(name, PluginInfo(name, source=str(path)))
        if name in disabled:
            info.disabled = True
            continue
        try:
            module_name = f"evidence_archive_local_plugins.{name}"
            spec = importlib.util.spec_from_file_location(
                module_name, target, submodule_search_locations=[str(path)] if path.is_dir() else None)
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            pm.register(module, name=name)
            info.version = str(getattr(module, "__version__", ""))
        except Exception as exc:  # noqa: BLE001
            log.exception("could not load plugin file %s", path)
            info.error = f"{type(exc).__name__}: {exc}"


def get_plugins(app, extra: tuple = ()) -> Plugins:
    """Build the plugin manager for `app`: entry points, the plugins folder, then `extra`."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    disabled = set(app.config.get("DISABLED_PLUGINS") or ())
    if app.config.get("LOAD_ENTRY_POINT_PLUGINS", True):
        _load_entry_points(pm, infos, disabled)
    _load_folder(pm, infos, Path(app.config["PLUGINS_FOLDER"]), disabled)
    for module in extra:
        name = getattr(module, "__name__", repr(module))
        infos[name] = PluginInfo(name, source="registered by the app")
        pm.register(module, name=name)
    try:
        pm.check_pending()  # a misspelled hook name fails loudly
    except pluggy.PluginValidationError as exc:
        log.error("%s", exc)
        infos.setdefault(exc.plugin_name or "?", PluginInfo(str(exc.plugin_name))).error = str(exc)
        pm.unregister(name=exc.plugin_name)
    for name, plugin in pm.list_name_plugin():
        infos[name].hooks = _hooks_of(pm, plugin)
    plugins = Plugins(pm, infos)
    plugins.collect_types(app)
    return plugins
